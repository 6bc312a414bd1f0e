"""Build the bundled fonts in fonts/ from Debian font packages.

Why: reportlab embeds only TrueType outlines, and the free CJK faces Debian ships are either
CFF (Noto CJK) or very large. For each role in fonts/roles.toml [bundled.*] this script
  1. takes the source face (from a .ttc by PostScript name),
  2. keeps only GB 2312 or GBK plus punctuation/Latin (fontTools.subset), dropping OpenType
     layout and vertical tables,
  3. converts CFF cubic outlines to TrueType quadratic ones (cu2qu, max error 1 font unit),
  4. renames the family (OFL: a modified font must not use the original's name; the GPL
     Fandol face keeps its name and says in its version string that it was changed),
and writes fonts/<file>.ttf, the licence texts and fonts/README.md. Output is reproducible:
the same sources give byte-identical files.

Usage: python fonts/build_fonts.py [ROLE ...]     (default: every bundled role)
Needs: apt-get install fonts-noto-cjk fonts-lxgw-wenkai texlive-lang-chinese fonts-hanazono fonts-noto-core
"""

from __future__ import annotations

import functools
import io
import lzma
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.transformPen import TransformPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable
from fontTools.ttLib.tables._g_l_y_f import GlyphCoordinates

from converter.fonts.roles import bundled_data, roles_toml

HERE = Path(__file__).resolve().parent
VENDOR = "converter project"
# Name IDs rewritten for the new family; every other record (copyright, licence, designer, URLs)
# is kept, except localised/typographic names that would still carry the original family.
_RENAMED_IDS = {1, 2, 3, 4, 6, 16, 17, 18, 20, 21, 22, 25}


def _die(message: str) -> None:
    print(f"build_fonts: {message}", file=sys.stderr)
    sys.exit(1)


# ---------------------------------------------------------------- which code points each face keeps
# Only this script needs these tables (decoding every two-byte code takes a second), so they live
# here and not in converter/fonts/, which runs in every build.


def _parse_ranges(items: list[str]) -> set[int]:
    out: set[int] = set()
    for item in items:
        first, _, last = item.partition("-")
        out.update(range(int(first, 16), int(last or first, 16) + 1))
    return out


@functools.cache
def charset(name: str, extra: bool = True) -> frozenset[int]:
    """Code points of a national character set ("gb2312" or "gbk"), plus the extra ranges in roles.toml.

    Found by decoding every two-byte code, so it follows Python's codecs exactly. "gbk" includes
    "gb2312": the two codecs map a few codes differently (A1A4 is ・ in one, · in the other).
    Private-use code points are left out: no font we ship or find has glyphs there.
    ``extra=False`` gives the national set alone.
    """
    encodings = {"gb2312": ("gb2312",), "gbk": ("gb2312", "gbk")}
    if name not in encodings:
        raise ValueError(f"unknown charset {name!r}")
    out = _parse_ranges(roles_toml()["charsets"]["extra"]) if extra else set()
    for encoding in encodings[name]:
        for lead in range(0x81, 0xFF):
            for trail in range(0x40, 0xFF):
                try:
                    text = bytes((lead, trail)).decode(encoding)
                except UnicodeDecodeError:
                    continue
                if len(text) == 1 and not 0xE000 <= ord(text) <= 0xF8FF:
                    out.add(ord(text))
    return frozenset(out)


def recipe_code_points(recipe: dict[str, Any]) -> frozenset[int]:
    """What a bundled face keeps: its national ``charset`` (with the extras), or its own ``ranges``."""
    if "ranges" in recipe:
        return frozenset(_parse_ranges(recipe["ranges"]))
    if recipe["charset"] == "hangul":
        return hangul_ks_x_1001()
    return charset(recipe["charset"])


def hangul_ks_x_1001() -> frozenset[int]:
    """The Hangul syllables and compatibility jamo of KS X 1001 (what EUC-KR text can hold)."""
    out = set()
    for lead in range(0xA1, 0xFF):
        for trail in range(0xA1, 0xFF):
            try:
                text = bytes((lead, trail)).decode("euc_kr")
            except UnicodeDecodeError:
                continue
            if len(text) == 1 and (0xAC00 <= ord(text) <= 0xD7A3 or 0x3131 <= ord(text) <= 0x318E):
                out.add(ord(text))
    return frozenset(out)


def fullwidth_code_points() -> set[int]:
    """Code points the bundled faces map to full-width glyphs (roles.toml [charsets].fullwidth)."""
    return _parse_ranges(roles_toml()["charsets"].get("fullwidth", []))


def joined_code_points() -> set[int]:
    """Dash code points the bundled faces stretch to their full advance (roles.toml [charsets].joined)."""
    return _parse_ranges(roles_toml()["charsets"].get("joined", []))


def _load_source(recipe: dict[str, Any]) -> TTFont:
    path = Path(recipe["source"])
    if not path.is_file():
        _die(f"source font {path} is missing; install the Debian package: apt-get install {recipe['package']}")
    with path.open("rb") as fh:
        is_collection = fh.read(4) == b"ttcf"
    if not is_collection:
        return TTFont(str(path), recalcTimestamp=False)
    collection = TTCollection(str(path), lazy=True)
    for number, face in enumerate(collection.fonts):
        if face["name"].getDebugName(6) == recipe["source_face"]:
            return TTFont(str(path), fontNumber=number, recalcTimestamp=False)
    _die(f"{path} has no face named {recipe['source_face']}")
    raise AssertionError  # unreachable


def _use_fullwidth(font: TTFont, code_points: set[int]) -> list[int]:
    """Point the cmap of ``code_points`` at their 'fwid' alternates (kept after GSUB is dropped)."""
    if "GSUB" not in font:
        return []
    table = font["GSUB"].table
    lookups = {i for r in table.FeatureList.FeatureRecord if r.FeatureTag == "fwid" for i in r.Feature.LookupListIndex}
    alternates: dict[str, str] = {}
    for index in sorted(lookups):
        lookup = table.LookupList.Lookup[index]
        for sub in lookup.SubTable:
            sub = sub.ExtSubTable if lookup.LookupType == 7 else sub
            for source, target in (getattr(sub, "mapping", None) or {}).items():
                alternates.setdefault(source, target)
    changed = []
    for cmap in font["cmap"].tables:
        if not cmap.isUnicode():
            continue
        for cp in sorted(code_points):
            if cmap.cmap.get(cp) in alternates:
                cmap.cmap[cp] = alternates[cmap.cmap[cp]]
                changed.append(cp)
    return sorted(set(changed))


def _subset(font: TTFont, unicodes: set[int]) -> None:
    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "vhea", "vmtx", "VORG", "DSIG"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = False
    options.desubroutinize = True
    options.recalc_timestamp = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes & set(font.getBestCmap()))
    subsetter.subset(font)


def _cff_to_truetype(font: TTFont) -> None:
    """Replace CFF outlines by quadratic TrueType ones (the fontTools otf2ttf recipe)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():  # left side bearing = xMin in TrueType
        hmtx[name] = (hmtx[name][0], getattr(glyph, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for attr in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 3.0  # no glyph names: smaller, and CID names mean nothing anyway
    font.sfntVersion = "\x00\x01\x00\x00"


def _fill(font: TTFont, recipe: dict[str, Any], wanted: set[int]) -> list[int]:
    """Copy glyphs for characters of the national set the source lacks from the ``fill_from`` role's font.

    Only the national set (GBK), not the extras: a few foreign-style glyphs beat tofu for a rare
    GBK symbol, but need not be added for optional extras.
    """
    wanted = wanted & charset(recipe["charset"], extra=False)
    donor = _load_source(bundled_data()[recipe["fill_from"]])
    donor_cmap = donor.getBestCmap()
    missing = sorted(cp for cp in wanted - set(font.getBestCmap()) if cp in donor_cmap)
    scale = font["head"].unitsPerEm / donor["head"].unitsPerEm
    donor_glyphs = donor.getGlyphSet()
    glyf, hmtx = font["glyf"], font["hmtx"]
    order = [*font.getGlyphOrder(), *(f"uni{cp:04X}.fill" for cp in missing)]
    font.setGlyphOrder(order)
    glyf.glyphOrder = order
    for cp in missing:
        source_name, name = donor_cmap[cp], f"uni{cp:04X}.fill"
        recording = DecomposingRecordingPen(donor_glyphs)
        donor_glyphs[source_name].draw(recording)
        pen = TTGlyphPen(None)
        recording.replay(TransformPen(pen, (scale, 0, 0, scale, 0, 0)))
        glyph = pen.glyph()
        glyph.recalcBounds(glyf)
        glyf[name] = glyph
        hmtx[name] = (round(donor["hmtx"][source_name][0] * scale), getattr(glyph, "xMin", 0))
        for table in font["cmap"].tables:
            if table.isUnicode() and (cp <= 0xFFFF or table.format in (12, 13)):
                table.cmap[cp] = name
    return missing


def _join_dashes(font: TTFont, code_points: set[int]) -> list[int]:
    """Stretch dash glyphs horizontally to their full advance so two in a row touch."""
    cmap, glyf, hmtx = font.getBestCmap(), font["glyf"], font["hmtx"]
    changed = []
    for name in sorted({cmap[cp] for cp in code_points if cp in cmap}):
        glyph, advance = glyf[name], hmtx[name][0]
        if glyph.numberOfContours <= 0 or (glyph.xMin <= 0 and glyph.xMax >= advance):
            continue
        left, width = glyph.xMin, glyph.xMax - glyph.xMin
        glyph.coordinates = GlyphCoordinates([(round((x - left) * advance / width), y) for x, y in glyph.coordinates])
        glyph.recalcBounds(glyf)
        hmtx[name] = (advance, glyph.xMin)
        changed.append(name)
    return [cp for cp in sorted(code_points) if cmap.get(cp) in changed]


def _note_change(font: TTFont, recipe: dict[str, Any]) -> None:
    """The version string says the file was changed, and from what (GPL §5a, OFL §4 in spirit)."""
    table = font["name"]
    version = table.getDebugName(5) or ""
    note = f"; subset and converted by {VENDOR} from {recipe['source_face']}"
    for record in table.names:
        if record.nameID == 5:
            record.string = version + note


def _rename(font: TTFont, recipe: dict[str, Any], source_version: str) -> None:
    table = font["name"]
    table.names = [r for r in table.names if r.nameID not in _RENAMED_IDS]
    family, style = recipe["family"], recipe["style"]
    full = family if style == "Regular" else f"{family} {style}"
    postscript = f"{family.replace(' ', '')}-{style}"
    # Legacy RIBBI naming: Bold keeps the family name, so Regular and Bold pair up as one family.
    records = {
        1: family,
        2: style,
        3: f"{postscript};{VENDOR};{source_version}",
        4: full,
        6: postscript,
    }
    for name_id, text in records.items():
        table.setName(text, name_id, 3, 1, 0x409)
        table.setName(text, name_id, 1, 0, 0)
    version = table.getDebugName(5) or ""
    note = f"; subset and renamed by {VENDOR} from {recipe['source_face']}"
    for record in table.names:
        if record.nameID == 5:
            record.string = version + note
    os2 = font["OS/2"]
    os2.usWeightClass = 700 if style == "Bold" else 400
    os2.fsSelection = (os2.fsSelection & ~0b1100001) | (0b100000 if style == "Bold" else 0b1000000)
    font["head"].macStyle = 1 if style == "Bold" else 0


def build_one(role: str) -> tuple[str, float, int, int]:
    """Build one bundled face; returns (file name, seconds, bytes, code points)."""
    start = time.perf_counter()
    recipe = bundled_data()[role]
    font = _load_source(recipe)
    source_version = font["name"].getDebugName(5) or "?"
    wanted = set(recipe_code_points(recipe))
    _use_fullwidth(font, fullwidth_code_points())
    _subset(font, wanted)
    if "CFF " in font:
        _cff_to_truetype(font)
    if "fill_from" in recipe:
        filled = _fill(font, recipe, wanted)
        print(
            f"{role}: filled {' '.join(f'U+{cp:04X} {chr(cp)}' for cp in filled) or 'nothing'} "
            f"from {bundled_data()[recipe['fill_from']]['source_face']}"
        )
    _join_dashes(font, joined_code_points())
    if recipe.get("rename", True):
        _rename(font, recipe, source_version)
    else:
        _note_change(font, recipe)
    out = HERE / recipe["file"]
    tmp = out.with_suffix(".tmp")
    if out.suffix == ".xz":  # a large fallback: xz is deterministic and about a third of the size
        buffer = io.BytesIO()
        font.save(buffer)
        tmp.write_bytes(lzma.compress(buffer.getvalue(), preset=9 | lzma.PRESET_EXTREME))
    else:
        font.save(str(tmp))
    tmp.replace(out)
    return recipe["file"], time.perf_counter() - start, out.stat().st_size, len(font.getBestCmap())


# ---------------------------------------------------------------- licences and README


def _package_version(package: str) -> str:
    exe = shutil.which("dpkg-query")
    if exe is None:
        return "unknown (no dpkg-query)"
    result = subprocess.run([exe, "-W", "-f=${Version}", package], capture_output=True, text=True, check=False)
    return result.stdout.strip() or "not installed"


def _ofl_text(package: str) -> str:
    """The OFL text as Debian ships it in the package's copyright file (un-indented)."""
    copyright_file = Path("/usr/share/doc") / package / "copyright"
    if not copyright_file.is_file():
        _die(f"{copyright_file} is missing; install the Debian package: apt-get install {package}")
    lines = copyright_file.read_text(encoding="utf-8").splitlines()
    start = next(
        i
        for i, line in enumerate(lines)
        if line.startswith("License: ")
        and ("1.1" in line or "Open-Font-License" in line)
        and i + 1 < len(lines)
        and lines[i + 1].startswith(" ")
    )
    body = []
    for line in lines[start + 1 :]:
        if not line.startswith(" "):
            break
        body.append("" if line.strip() == "." else line[1:])
    return "\n".join(body).strip() + "\n"


# The font exception the Fandol README names ("GPL + GPL font exception"), in the FSF's wording.
FONT_EXCEPTION = """As a special exception, if you create a document which uses this font, and embed this font or
unaltered portions of this font into the document, this font does not by itself cause the resulting
document to be covered by the GNU General Public License. This exception does not however invalidate
any other reasons why the document might be covered by the GNU General Public License. If you modify
this font, you may extend this exception to your version of the font, but you are not obligated to do
so. If you do not wish to do so, delete this exception statement from your version.
"""


def _gpl_text(recipe: dict[str, Any]) -> str:
    """The GPL text the source package ships beside the font (gzip-compressed in Debian)."""
    import gzip

    path = Path(recipe["licence_source"])
    if not path.is_file():
        _die(f"{path} is missing; install the Debian package: apt-get install {recipe['package']}")
    data = path.read_bytes()
    return (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8")


def _licence_body(recipe: dict[str, Any], users: list[str]) -> str:
    kind = recipe.get("licence_kind", "ofl")
    if kind == "gpl-font-exception":
        return (
            f"\n\nThe bundled file(s) {', '.join(users)} are modified versions of this font (subset, outlines "
            "converted to TrueType, OpenType layout tables dropped; the version string records the change). "
            "They remain under the GNU General Public License version 3 with the font exception below, which "
            'the Fandol team grants (their README: "These fonts\'s licensing is GPL + GPL font exception"). '
            f"The unmodified source is {recipe['source']} in the Debian package {recipe['package']}.\n\n"
            + FONT_EXCEPTION
            + "\n"
            + _gpl_text(recipe)
        )
    return (
        f"\n\nThe bundled files {', '.join(users)} are, wholly or in part (glyphs filled in), Modified Versions "
        "of these fonts (subset, outlines converted, renamed) and remain under the SIL Open Font License 1.1:\n\n"
        + _ofl_text(recipe["package"])
    )


def write_licences() -> None:
    """One licence file per source font: its copyright notice, the files derived from it, the licence text."""
    recipes = bundled_data().values()
    for name in sorted({lic for r in recipes for lic in r["licence"]}):
        owners = [r for r in recipes if r["licence"][0] == name]
        users = sorted({r["file"] for r in recipes if name in r["licence"]})
        notices: list[str] = []
        for recipe in owners:
            notice = _load_source(recipe)["name"].getDebugName(0) or ""
            if notice not in notices:
                notices.append(notice)
        text = "\n".join(notices) + _licence_body(owners[0], users)
        (HERE / name).write_text(text, encoding="utf-8")


def write_readme() -> None:
    rows = []
    for role, recipe in bundled_data().items():
        font = _load_source(recipe)
        version = font["name"].getDebugName(5)
        path = HERE / recipe["file"]
        size = path.stat().st_size
        data = lzma.decompress(path.read_bytes()) if path.suffix == ".xz" else path.read_bytes()
        count = len(TTFont(io.BytesIO(data), lazy=True).getBestCmap())
        full = recipe["family"] if recipe["style"] == "Regular" else f"{recipe['family']} {recipe['style']}"
        kept = f"{recipe['charset'].upper()} + extras" if "ranges" not in recipe else " ".join(recipe["ranges"])
        rows.append(
            f"| `{recipe['file']}` | {role} | {full} | {recipe['source_face']} ({version}) from "
            f"`{recipe['source']}`, Debian package `{recipe['package']}` {_package_version(recipe['package'])} | "
            f"{kept}, {count:,} code points | {size / 1e6:.1f} MB | "
            f"{', '.join(f'`{lic}`' for lic in recipe['licence'])} |"
        )
    text = f"""# Bundled fonts

Free faces so PDF and EPUB output works on a machine without Chinese fonts. `converter/fonts/`
prefers a user's file and fonts already on the system (SimSun, FangSong, SimHei, KaiTi, 方正小标宋,
macOS Songti/Kaiti/STFangsong, fontconfig) and falls back to these. Which names and files count
for each role is data: `roles.toml`.

| file | role | family | built from | characters | size | licence |
|---|---|---|---|---|---|---|
{chr(10).join(rows)}

The 仿宋 face is FandolFang (Fandol team), the one freely licensed simplified 仿宋 with all 6,763
GB 2312 hanzi. It is under the GPL version 3 with the font exception, so embedding it in a PDF, DOCX
or EPUB does not put the document under the GPL; every other face is under the SIL OFL 1.1.

Fallback faces (`[fallbacks]` in `roles.toml`) draw what the role faces lack: CJK Extension B
(from HanaMinB, renamed as its Reserved Font Names require; stored xz-compressed and unpacked into
the cache folder when a document first needs it), KS X 1001 Hangul, symbols and dingbats, and
Latin/Greek/Cyrillic with combining marks. A PDF embeds only the glyphs a document uses; what no
face has is drawn as □ with the character kept for copy and search, and reported.

## What was changed (Noto and LXGW: Modified Versions under the OFL 1.1; FandolFang: GPL + font exception)

- Subset with fontTools to GB 2312 (or, for the song face, all of GBK, so rare names print) plus
  ASCII, Latin-1, general punctuation (— – … ‘ ’ “ ” ‰ ※), ℃ №, Roman numerals, enclosed numbers
  (①–⑳ ⑴–⒇ ⒈–⒛), CJK symbols and punctuation (incl. 〇) and full-width forms (`roles.toml` [charsets]).
- OpenType layout and vertical-metrics tables (GSUB, GPOS, GDEF, BASE, vhea, vmtx, VORG) and hinting dropped.
- Noto CJK's CFF outlines converted to TrueType quadratic outlines (fontTools cu2qu, max error 1 unit),
  because reportlab embeds TrueType outlines only.
- The song face also carries the few GBK characters Noto CJK lacks (≒ U+2252), copied from
  LXGW WenKai (same 1000-unit em), so it covers every GBK character; hence both licences apply to it.
- U+2014 — and U+00B7 · point at the font's own full-width ('fwid') glyphs, so "——" fills two
  character cells as Chinese text expects (Noto's default em dash is 0.89 em wide).
- Dashes (U+2014, U+2015) stretched to their full advance so "——" is one unbroken line, as
  GB/T 15834 asks of the 破折号 (Noto's dash stops 0.07 em short of each edge).
- FandolFang's CFF outlines converted the same way; it keeps its name (the GPL allows that) and its
  version string records the change.
- Renamed (family, full, PostScript and unique names) to "Converter …", because the OFL forbids a
  Modified Version to use the original's primary name. Copyright, licence, designer and vendor
  records are kept unchanged; the version string notes the change.

## Rebuild

    apt-get install fonts-noto-cjk fonts-lxgw-wenkai texlive-lang-chinese fonts-hanazono fonts-noto-core
    python fonts/build_fonts.py            # all roles; or name roles: python fonts/build_fonts.py song

The build is reproducible: the same source packages give byte-identical files.
"""
    (HERE / "README.md").write_text(text, encoding="utf-8")


def main(argv: list[str]) -> None:
    roles = argv or list(bundled_data())
    unknown = [r for r in roles if r not in bundled_data()]
    if unknown:
        _die(f"unknown bundled role(s) {', '.join(unknown)}; known: {', '.join(bundled_data())}")
    for role in roles:  # fail fast, before any work, when a package is missing
        recipe = bundled_data()[role]
        if not Path(recipe["source"]).is_file():
            _die(
                f"source font {recipe['source']} is missing; install the Debian package: "
                f"apt-get install {recipe['package']}"
            )
    start = time.perf_counter()
    # Longest job (the GBK song face) first, so two workers finish together.
    roles.sort(key=lambda r: (bundled_data()[r].get("charset") != "gbk", r != "extb"))
    with ProcessPoolExecutor() as pool:
        results = dict(zip(roles, pool.map(build_one, roles), strict=True))
    for role, (name, seconds, size, count) in results.items():
        print(f"{role:13} {name:32} {size / 1e6:6.2f} MB  {count:6,} code points  {seconds:6.1f} s")
    write_licences()
    write_readme()
    total = sum(p.stat().st_size for p in HERE.iterdir() if p.is_file())
    print(f"total fonts/ {total / 1e6:.2f} MB; wall time {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
