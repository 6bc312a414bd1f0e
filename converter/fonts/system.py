"""The user's own fonts: the Windows, macOS and Linux font folders, fontconfig, and the overriding variables.

Office staff have 仿宋_GB2312, SimHei, KaiTi or 方正小标宋 installed, and a document set in them
is what they expect; so these are looked for before the bundled faces (docs/fonts.md, "Where
fonts are found"). A SystemFonts object looks at the machine at most once: one walk of the
folders, one ``fc-list`` call. A new object looks again, so nothing here needs resetting.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from converter.fonts.files import REGULAR_STYLES, pick_face
from converter.fonts.roles import FontFace, role_data

FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")


def system_font_dirs(environ: Mapping[str, str] | None = None) -> list[Path]:
    """Folders searched for fonts by file name; CONVERTER_FONT_DIRS replaces the platform's list."""
    env = os.environ if environ is None else environ
    injected = env.get("CONVERTER_FONT_DIRS")
    if injected is not None:
        return [Path(p).expanduser() for p in injected.split(os.pathsep) if p.strip()]
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(env.get("WINDIR") or env.get("SYSTEMROOT") or r"C:\Windows")
        dirs = [windir / "Fonts"]
        local = env.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        return dirs
    if sys.platform == "darwin":
        return [
            Path("/System/Library/Fonts"),
            Path("/System/Library/Fonts/Supplemental"),
            Path("/Library/Fonts"),
            home / "Library" / "Fonts",
        ]
    data_home = Path(env.get("XDG_DATA_HOME") or home / ".local" / "share")
    return [home / ".fonts", data_home / "fonts", Path("/usr/local/share/fonts"), Path("/usr/share/fonts")]


def system_enabled(environ: Mapping[str, str]) -> bool:
    """False under CONVERTER_NO_SYSTEM_FONTS=1: user and bundled fonts only (reproducible builds and tests)."""
    return environ.get("CONVERTER_NO_SYSTEM_FONTS", "").strip().lower() not in ("1", "true", "yes", "on")


def file_index(dirs: list[Path]) -> dict[str, Path]:
    """Lower-cased file name -> first path with that name, over all folders (recursively)."""
    index: dict[str, Path] = {}
    for folder in dirs:
        if not folder.is_dir():
            continue
        for root, _subdirs, files in os.walk(folder):
            for name in sorted(files):
                if name.lower().endswith(FONT_SUFFIXES):
                    index.setdefault(name.lower(), Path(root) / name)
    return index


@dataclass(frozen=True)
class FcEntry:
    """One face fontconfig lists, with the names pick_face would match."""

    path: Path
    index: int
    format: str  # "TrueType", "CFF", …
    label: str  # fontconfig's full name, for messages
    exact: frozenset[str]  # full and PostScript names, lower-cased
    family: frozenset[str]  # family names if the face is a regular one, lower-cased

    def matches(self, name: str) -> bool:
        """Same rule as the name-table check, so fontconfig only pre-selects what pick_face will accept."""
        return name.lower() in self.exact or name.lower() in self.family


def _split(field: str) -> set[str]:
    return {part.strip().lower() for part in field.split(",") if part.strip()}


def fontconfig_faces() -> tuple[FcEntry, ...]:
    """Chinese faces fontconfig knows (one fc-list call); empty without fontconfig."""
    import shutil
    import subprocess

    exe = shutil.which("fc-list")
    if exe is None:
        return ()
    fmt = "%{file}\t%{index}\t%{fontformat}\t%{family}\t%{style}\t%{fullname}\t%{postscriptname}\n"
    try:
        out = subprocess.run(
            [exe, "--format", fmt, ":lang=zh-cn"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    entries = []
    for line in sorted(out.splitlines()):
        parts = line.split("\t")
        if len(parts) != 7 or not parts[1].isdigit():
            continue
        file, index, fmt_name, family, style, full, postscript = parts
        regular = bool(_split(style) & REGULAR_STYLES)
        entries.append(
            FcEntry(
                Path(file),
                int(index),
                fmt_name.strip(),
                full.split(",")[0].strip() or family,
                frozenset(_split(full) | _split(postscript)),
                frozenset(_split(family) if regular else ()),
            )
        )
    return tuple(entries)


class SystemFonts:
    """The fonts installed on one machine as one environment sees them, each source read on first need."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        self.environ = environ
        self._by_file: dict[str, Path] | None = None
        self._fontconfig: tuple[FcEntry, ...] | None = None

    @property
    def enabled(self) -> bool:
        return system_enabled(self.environ)

    def by_file(self) -> dict[str, Path]:
        if self._by_file is None:
            self._by_file = file_index(system_font_dirs(self.environ))
        return self._by_file

    def fontconfig(self) -> tuple[FcEntry, ...]:
        if "CONVERTER_FONT_DIRS" in self.environ:
            return ()  # injected folders replace the whole system search, fontconfig included
        if self._fontconfig is None:
            self._fontconfig = fontconfig_faces()
        return self._fontconfig

    def face(self, role: str, problems: list[str]) -> FontFace | None:
        """First system face for ``role``: listed file names in the font folders, then fontconfig by name.

        Faces passed over (CFF outlines, no embedding allowed) are added to ``problems``.
        """
        data = role_data(role)
        names: list[str] = data["names"]
        by_file = self.by_file()
        for file_name in data["files"]:
            path = by_file.get(file_name.lower())
            if path is None:
                continue
            pick = pick_face(path, names, role, "system", trust_single=True)
            if pick.face:
                return pick.face
            if pick.problem:
                problems.append(pick.problem)
        entries = self.fontconfig()
        for name in names:
            for entry in entries:
                if not entry.matches(name):
                    continue
                if entry.format not in ("TrueType", ""):
                    why = f"has {entry.format} outlines, which reportlab cannot embed"
                    problems.append(f"{entry.label} ({entry.path}) {why}")
                    continue
                pick = pick_face(entry.path, [name], role, "system", trust_single=False)
                if pick.face:
                    return pick.face
                if pick.problem:
                    problems.append(pick.problem)
        return None
