"""Bundled fonts and font resolution: the files load in reportlab, carry their new names, cover
the character sets they promise, and resolution prefers user, then system, then bundled faces."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from fontTools.ttLib import TTCollection, TTFont

from converter import fonts
from converter.fonts import bundled, files, system
from converter.fonts.roles import roles_toml
from converter.styles import ROLES

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "speech-theory-study-2025.txt"
BUNDLED = {role: recipe for role, recipe in fonts.bundled_data().items() if role in ROLES}  # the role faces
KAI = fonts.FONTS_DIR / BUNDLED["kai"]["file"]
HEI = fonts.FONTS_DIR / BUNDLED["hei"]["file"]
SONG = fonts.FONTS_DIR / BUNDLED["song"]["file"]
FANG = fonts.FONTS_DIR / BUNDLED["fangsong"]["file"]
NOTO_TTC = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")


def _decode_all(encoding: str) -> set[str]:
    """Every character a two-byte code of ``encoding`` decodes to (an oracle independent of fonts.charset)."""
    out = set()
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                out.add(bytes((lead, trail)).decode(encoding))
    return {c for c in out if len(c) == 1 and not 0xE000 <= ord(c) <= 0xF8FF}


GB2312 = _decode_all("gb2312")
GBK = _decode_all("gbk")
PUNCTUATION = "·—–…‘’“”‰※〇№、。，；：？！（）《》【】「」〔〕①②⑳⑴⒇⒈Ⅻ℃０９ＡＺ　"


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only user + bundled fonts unless a test says otherwise. Nothing to reset: resolution is
    kept per environment, so a test that changes a variable gets a resolver of its own."""
    monkeypatch.setenv("CONVERTER_NO_SYSTEM_FONTS", "1")
    monkeypatch.delenv("CONVERTER_FONT_DIRS", raising=False)
    for role in ROLES:
        monkeypatch.delenv(f"CONVERTER_FONT_{role.upper()}", raising=False)


# ---------------------------------------------------------------- the bundled files


@pytest.mark.parametrize("role", sorted(BUNDLED))
def test_bundled_font_loads_in_reportlab_with_new_name(role: str) -> None:
    from reportlab.pdfbase.ttfonts import TTFont as RLFont

    recipe = BUNDLED[role]
    path = fonts.FONTS_DIR / recipe["file"]
    face = RLFont(f"test-{role}", str(path), subfontIndex=0).face
    assert face.familyName.decode() == recipe["family"]
    renamed = f"{recipe['family'].replace(' ', '')}-{recipe['style']}"
    assert face.name.decode() == (renamed if recipe.get("rename", True) else recipe["source_face"])
    font = TTFont(str(path), lazy=True)
    assert "glyf" in font and "CFF " not in font
    assert not {"GSUB", "GPOS", "vmtx"} & set(font.keys())
    names = {r.toUnicode() for r in font["name"].names if r.nameID in (1, 3, 4, 6, 16)}
    assert not any("Noto" in n or "LXGW" in n or "霞鹜" in n for n in names), names


@pytest.mark.parametrize("role", sorted(BUNDLED))
def test_bundled_font_renders_extractable_text(role: str) -> None:
    """A PDF drawn with the face gives its text back: outlines, cmap and widths survived conversion."""
    from pypdf import PdfReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont as RLFont
    from reportlab.pdfgen.canvas import Canvas

    name = f"render-{role}"
    pdfmetrics.registerFont(RLFont(name, str(fonts.FONTS_DIR / BUNDLED[role]["file"])))
    text = "全面贯彻落实“二十届三中全会”精神——2025年①"
    buffer = BytesIO()
    canvas = Canvas(buffer)
    canvas.setFont(name, 16)
    canvas.drawString(72, 700, text)
    assert canvas.stringWidth(text, name, 16) > 16 * 20  # CJK glyphs are about one em wide
    canvas.save()
    page = PdfReader(BytesIO(buffer.getvalue())).pages[0]
    assert page.extract_text().replace(" ", "").strip() == text


@pytest.mark.parametrize("role", sorted(BUNDLED))
def test_dashes_and_cjk_punctuation_are_one_em_wide(role: str) -> None:
    """Chinese text sets —— over two full cells and ，。“” in one each, so the 28-character grid holds."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont as RLFont

    name = f"width-{role}"
    pdfmetrics.registerFont(RLFont(name, str(fonts.FONTS_DIR / BUNDLED[role]["file"])))
    for text in ("——", "，。、；：", "国家"):
        assert pdfmetrics.stringWidth(text, name, 10) == pytest.approx(10 * len(text)), text
    font = TTFont(str(fonts.FONTS_DIR / BUNDLED[role]["file"]))
    for cp in (0x2014, 0x2015):  # the ink spans the advance, so —— is one unbroken line
        if cp not in font.getBestCmap():  # FandolFang has no ―: the song face draws it
            continue
        glyph_name = font.getBestCmap()[cp]
        glyph = font["glyf"][glyph_name]
        assert glyph.xMin <= 0 and glyph.xMax >= font["hmtx"][glyph_name][0], hex(cp)


def test_song_covers_all_of_gbk_and_the_sample() -> None:
    covered = fonts.coverage(fonts.bundled_face("song"))
    missing = sorted(c for c in GBK | GB2312 if ord(c) not in covered)
    assert missing == [], f"{len(missing)} GBK characters missing, e.g. {missing[:10]}"
    sample = SAMPLE.read_text(encoding="utf-8")
    assert fonts.uncovered(sample, [fonts.bundled_face("song")]) == []


@pytest.mark.parametrize("role", ["hei", "kai", "xiaobiaosong"])
def test_other_faces_cover_gb2312_and_punctuation(role: str) -> None:
    covered = fonts.coverage(fonts.bundled_face(role))
    missing = sorted(c for c in GB2312 | set(PUNCTUATION) if ord(c) not in covered)
    assert missing == [], f"{role}: {len(missing)} missing, e.g. {missing[:10]}"


def test_fangsong_is_fandol_and_covers_every_gb2312_hanzi() -> None:
    """Issue 12.3: a real 仿宋 (FandolFang), all 6,763 GB 2312 hanzi; the rest falls back to song."""
    face = fonts.bundled_face("fangsong")
    assert face.family == "FandolFang R"
    covered = fonts.coverage(face)
    hanzi = {c for c in GB2312 if "\u4e00" <= c <= "\u9fff"}
    assert len(hanzi) == 6763
    assert sorted(c for c in hanzi if ord(c) not in covered) == []
    assert fonts.uncovered(PUNCTUATION, fonts.fallback_chain("fangsong")) == []


def test_song_covers_listed_punctuation() -> None:
    assert fonts.uncovered(PUNCTUATION, [fonts.bundled_face("song")]) == []


def test_licences_and_readme_ship_beside_the_fonts() -> None:
    readme = (fonts.FONTS_DIR / "README.md").read_text(encoding="utf-8")
    for recipe in BUNDLED.values():
        for name in recipe["licence"]:
            licence = (fonts.FONTS_DIR / name).read_text(encoding="utf-8")
            if recipe.get("licence_kind") == "gpl-font-exception":
                assert "GNU GENERAL PUBLIC LICENSE" in licence and "Version 3" in licence
                assert "As a special exception, if you create a document which uses this font" in licence
            else:
                assert "SIL OPEN FONT LICENSE Version 1.1" in licence
            assert "Copyright" in licence or "©" in licence
            assert recipe["file"] in licence
        assert recipe["file"] in readme and recipe["package"] in readme


# ---------------------------------------------------------------- resolution


def test_without_system_fonts_every_role_is_bundled_and_nothing_is_substituted() -> None:
    faces = fonts.resolve_all()
    assert set(faces) == set(ROLES)
    assert {f.source for f in faces.values()} == {"bundled"}
    assert faces["hei"].family == "Converter Sans SC"
    assert faces["xiaobiaosong"].family == "Converter Serif SC Bold"
    assert (faces["fangsong"].path, faces["fangsong"].substitute_for) == (FANG, None)
    assert faces["song"].substitute_for is None
    assert fonts.notices() == []
    assert fonts.substitutions() == []
    rows = {row[0]: row for row in fonts.describe()}
    assert list(rows) == list(ROLES)
    assert rows["fangsong"][1:] == ("FandolFang R", str(FANG), "bundled")
    assert rows["kai"][2] == str(KAI)


def test_user_file_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONVERTER_FONT_HEI", str(KAI))
    face = fonts.resolve("hei")
    assert (face.source, face.path, face.family) == ("user", KAI, "Converter Kai")
    chosen = fonts.FontResolver(overrides={"hei": (HEI, None)})  # an API choice beats the environment
    assert chosen.resolve("hei").path == HEI
    assert fonts.resolve("hei").path == KAI  # and stays with its resolver


def test_changing_a_variable_needs_no_reset(monkeypatch: pytest.MonkeyPatch) -> None:
    """Resolution is kept per environment, not in module state a caller must clear (issue 13)."""
    assert fonts.resolve("hei").path == HEI
    monkeypatch.setenv("CONVERTER_FONT_HEI", str(KAI))
    assert fonts.resolve("hei").path == KAI
    monkeypatch.delenv("CONVERTER_FONT_HEI")
    assert fonts.resolve("hei").path == HEI


def test_resolvers_share_no_answers() -> None:
    kai_for_hei = fonts.FontResolver(overrides={"hei": (KAI, None)})
    plain = fonts.FontResolver()
    assert (kai_for_hei.resolve("hei").path, plain.resolve("hei").path) == (KAI, HEI)
    assert [f.path for f in kai_for_hei.fallback_chain("hei")][:2] == [KAI, SONG]
    with pytest.raises(fonts.FontError, match="unknown font role"):
        fonts.FontResolver(overrides={"heiti": (KAI, None)})
    given = fonts.FontResolver({"CONVERTER_NO_SYSTEM_FONTS": "1", "CONVERTER_FONT_KAI": f"{HEI}#0"})
    assert (given.resolve("kai").path, fonts.resolve("kai").path) == (HEI, KAI)  # its inputs, not os.environ


def test_user_file_for_fangsong_removes_the_substitution(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONVERTER_FONT_FANGSONG", str(KAI))
    assert fonts.resolve("fangsong").substitute_for is None
    assert not any(n.startswith("fangsong:") for n in fonts.notices())


def test_user_file_that_reportlab_cannot_embed_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CONVERTER_FONT_SONG", str(tmp_path / "nothing.ttf"))
    with pytest.raises(fonts.FontError, match="not found"):
        fonts.resolve("song")
    if NOTO_TTC.is_file():
        monkeypatch.setenv("CONVERTER_FONT_SONG", f"{NOTO_TTC}#2")
        with pytest.raises(fonts.FontError, match="CFF"):
            fonts.resolve("song")


def test_system_folder_found_by_file_name_beats_bundled(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A single-face file with a well-known name (simhei.ttf) is trusted for its role, whatever it
    calls itself: here a copy of the bundled kai face, so the reported family proves which file won."""
    system = tmp_path / "Fonts"
    system.mkdir()
    shutil.copyfile(KAI, system / "SIMHEI.TTF")  # Windows folders use any case
    monkeypatch.delenv("CONVERTER_NO_SYSTEM_FONTS")
    monkeypatch.setenv("CONVERTER_FONT_DIRS", str(system))
    face = fonts.resolve("hei")
    assert (face.source, face.path, face.family) == ("system", system / "SIMHEI.TTF", "Converter Kai")
    assert fonts.resolve("song").source == "bundled"  # no simsun in the fake folder
    monkeypatch.setenv("CONVERTER_NO_SYSTEM_FONTS", "1")  # the switch wins over injected folders
    assert fonts.resolve("hei").source == "bundled"


def test_system_fangsong_ends_the_substitution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    shutil.copyfile(KAI, tmp_path / "simfang.ttf")
    monkeypatch.delenv("CONVERTER_NO_SYSTEM_FONTS")
    monkeypatch.setenv("CONVERTER_FONT_DIRS", str(tmp_path))
    face = fonts.resolve("fangsong")
    assert (face.role, face.source, face.substitute_for) == ("fangsong", "system", None)
    assert fonts.notices() == []


def _small_collection(path: Path, second_name: str) -> None:
    """A two-face .ttc (ASCII subsets of kai and hei); the second face renamed ``second_name``."""
    from fontTools import subset

    faces = []
    for source in (KAI, HEI):
        font = TTFont(str(source))
        options = subset.Options()
        options.name_IDs = ["*"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(text="ABC")
        subsetter.subset(font)
        faces.append(font)
    faces[1]["name"].setName(second_name, 4, 3, 1, 0x409)
    collection = TTCollection()
    collection.fonts = faces
    collection.save(str(path))


def test_collection_face_is_chosen_by_name_table(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _small_collection(tmp_path / "Songti.ttc", "Songti SC Regular")
    monkeypatch.delenv("CONVERTER_NO_SYSTEM_FONTS")
    monkeypatch.setenv("CONVERTER_FONT_DIRS", str(tmp_path))
    face = fonts.resolve("song")
    assert (face.source, face.index, face.family) == ("system", 1, "Songti SC Regular")


def test_collection_without_a_matching_face_is_not_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _small_collection(tmp_path / "Songti.ttc", "Something Else")
    monkeypatch.delenv("CONVERTER_NO_SYSTEM_FONTS")
    monkeypatch.setenv("CONVERTER_FONT_DIRS", str(tmp_path))
    assert fonts.resolve("song").source == "bundled"
    monkeypatch.setenv("CONVERTER_FONT_SONG", f"{tmp_path / 'Songti.ttc'}#1")  # a user may name the face
    assert fonts.resolve("song").index == 1


def test_fontconfig_faces_are_matched_by_name_and_cff_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    """On Linux with fontconfig: LXGW WenKai (TrueType) serves kai; Noto Serif CJK SC (CFF) is skipped."""
    entries = system.fontconfig_faces()
    if not any(e.matches("LXGW WenKai") and e.format == "TrueType" for e in entries):
        pytest.skip("fontconfig does not list LXGW WenKai here (apt-get install fonts-lxgw-wenkai fontconfig)")
    monkeypatch.delenv("CONVERTER_NO_SYSTEM_FONTS")
    monkeypatch.setattr(system, "system_font_dirs", lambda environ: [])  # no file-name hits: fontconfig only
    resolver = fonts.FontResolver()  # its own look at the machine, under the patched folder list
    kai = resolver.resolve("kai")
    assert kai.source == "system"
    assert TTFont(str(kai.path), lazy=True)["name"].getDebugName(1) == "LXGW WenKai"
    if any(e.matches("Noto Serif CJK SC") and e.format == "CFF" for e in entries):
        assert resolver.resolve("song").source == "bundled"
        assert any(n.startswith("song: Noto Serif CJK SC (") and "CFF" in n for n in resolver.notices())


# ---------------------------------------------------------------- coverage and fallback


def test_fallback_chain_ends_with_the_gbk_song_and_covers_rare_characters() -> None:
    rare = sorted(GBK - GB2312 - {" "})[5000]  # a hanzi outside GB 2312 (e.g. a rare name)
    chain = fonts.fallback_chain("hei")
    assert [f.family for f in chain][:2] == ["Converter Sans SC", "Converter Serif SC"]
    assert fonts.uncovered(rare, chain[:1]) == [rare]
    assert fonts.uncovered(rare, chain) == []
    assert [f.path for f in fonts.fallback_chain("fangsong")][:2] == [FANG, SONG]


def test_uncovered_names_private_use_characters_and_ignores_whitespace() -> None:
    chain = fonts.fallback_chain("song")
    assert fonts.uncovered("中文 \t\n\u3000\u200bA\ue000中\ue000\U000f0001", chain) == ["\ue000", "\U000f0001"]


def test_importing_converter_fonts_does_not_import_fonttools() -> None:
    code = "import sys, converter.fonts; print('fontTools' in sys.modules, 'reportlab' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_bundled_for_follows_the_substitute_role(monkeypatch: pytest.MonkeyPatch) -> None:
    assert fonts.bundled_for("fangsong") == fonts.bundled_face("fangsong")
    data = {**fonts.role_data("fangsong")}
    del data["bundled"]  # a role with no bundled face of its own
    monkeypatch.setattr(bundled, "role_data", lambda role: data if role == "fangsong" else roles_toml()["roles"][role])
    face = fonts.bundled_for("fangsong")
    assert (face.role, face.source, face.substitute_for) == ("song", "bundled", "fangsong")
    assert face.path == SONG
    assert fonts.bundled_for("kai") == fonts.bundled_face("kai")


def test_font_facts_come_from_the_cache_once_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A font file's names are read with fontTools once; later runs take them from converter.cache,
    until the file changes."""
    path = tmp_path / "Songti.ttc"
    _small_collection(path, "Songti SC Regular")
    monkeypatch.delenv("CONVERTER_NO_SYSTEM_FONTS")
    monkeypatch.setenv("CONVERTER_FONT_DIRS", str(tmp_path))
    first = fonts.FontResolver().resolve("song")

    def no_reading(path: Path) -> list[object]:
        raise AssertionError(f"{path} was opened again")

    monkeypatch.setattr(files, "open_faces", no_reading)
    assert fonts.FontResolver().resolve("song") == first  # a new resolver looks again: names from the cache
    _small_collection(path, "Something Else")  # a changed file is read again
    again = fonts.FontResolver()
    assert again.resolve("song").source == "bundled"
    assert "was opened again" in " ".join(again.notices())


@pytest.mark.parametrize("kind", ["missing", "not a font", "folder"])
def test_a_bad_font_variable_is_a_clear_font_error(kind: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Issue 11: `converter fonts` with CONVERTER_FONT_KAI pointing at a bad file raised a bare
    FontError from deep inside fontTools; now the message names the variable, the file and the fix."""
    target = {"missing": tmp_path / "none.ttf", "not a font": tmp_path / "text.ttf", "folder": tmp_path}[kind]
    if kind == "not a font":
        target.write_text("not a font", encoding="utf-8")
    monkeypatch.setenv("CONVERTER_FONT_KAI", str(target))
    with pytest.raises(fonts.FontError) as caught:
        fonts.describe()
    message = str(caught.value)
    assert message.startswith("CONVERTER_FONT_KAI: kai: ") and str(target) in message
    assert "unset it" in message and any("\u4e00" <= ch <= "\u9fff" for ch in message)
    assert caught.value.__suppress_context__  # no chained fontTools traceback under the message


def test_extension_b_is_unpacked_only_when_a_character_needs_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Unpacking the Extension B face took half of a first build's font time, for documents that never use it."""
    monkeypatch.setenv("CONVERTER_CACHE_DIR", str(tmp_path))
    chain = fonts.fallback_chain("song")
    extb = next(face for face in chain if face.role == "extb")
    assert fonts.uncovered(SAMPLE.read_text(encoding="utf-8"), chain) == []
    assert extb.path.suffix == ".xz" and not (tmp_path / "fonts").exists()
    assert fonts.uncovered("𠀀", chain) == []  # U+20000: only HanaMinB has it
    opened = fonts.unpacked(extb.path)
    assert opened.parent == tmp_path / "fonts" and opened.read_bytes()[:4] == b"\x00\x01\x00\x00"


def test_fallback_faces_follow_the_role_faces_with_their_licences() -> None:
    """Issue 19.3: Extension B, Hangul, symbols and Latin marks have bundled fallbacks, OFL-licensed."""
    chain = fonts.fallback_chain("fangsong")
    families = [f.family for f in chain]
    assert families[:2] == ["FandolFang R", "Converter Serif SC"]
    assert families[2:] == [
        "Converter Serif SC Ext",
        "Converter Ext B",
        "Converter Hangul",
        "Converter Symbols",
        "Converter Symbols2",
        "Converter Latin",
    ]
    for ch in "䶮㛃𫟅𬌗𠀀𪚥한국어☯♞\u0303":  # Extension A and the hanzi of names past B, too
        assert fonts.uncovered(ch, chain) == [], ch
    assert fonts.uncovered("😀", chain) == ["😀"]
    recipes = fonts.bundled_data()
    for key in ("ext", "extb", "hangul", "symbols", "symbols2", "latin"):
        licence = (fonts.FONTS_DIR / recipes[key]["licence"][0]).read_text(encoding="utf-8")
        assert "PERMISSION & CONDITIONS" in licence and recipes[key]["file"] in licence  # the whole OFL text
    names = {
        r.toUnicode()
        for r in TTFont(str(fonts.unpacked(chain[3].path)), lazy=True)["name"].names
        if r.nameID in (1, 4, 6)
    }
    assert not any("Hana" in n or "花園" in n for n in names), names  # Reserved Font Names renamed
