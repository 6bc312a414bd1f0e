"""Choosing the face that serves each role: a user's file, then the system's, then the bundled one.

The order and the reasons are in docs/fonts.md ("Choosing a face"). A FontResolver holds one
set of inputs (the environment and explicit overrides) and everything it found for them, so
one build looks at the machine once and two resolvers never share state. The module-level
functions ask the resolver of the current environment, kept per environment: changing a
CONVERTER_FONT_* variable gives another resolver, so there is nothing to reset. A font
installed while the process runs is seen by a new ``FontResolver()``.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from pathlib import Path

from converter.coded import Coded
from converter.fonts.bundled import bundled_face, fallback_faces
from converter.fonts.files import face_for_file
from converter.fonts.roles import FontError, FontFace, role_data
from converter.fonts.system import SystemFonts
from converter.i18n import _
from converter.styles import ROLES

# What resolution reads from the environment: the font variables, and what the font folders depend on.
ENVIRONMENT = (
    "CONVERTER_NO_SYSTEM_FONTS",
    "CONVERTER_FONT_DIRS",
    *(f"CONVERTER_FONT_{role.upper()}" for role in ROLES),
    *("HOME", "USERPROFILE", "XDG_DATA_HOME", "WINDIR", "SYSTEMROOT", "LOCALAPPDATA", "PATH"),
)


class FontResolver:
    """The faces for one environment and set of overrides, each role resolved once, with its notices."""

    def __init__(
        self,
        environ: Mapping[str, str] | None = None,
        overrides: Mapping[str, tuple[Path | str, int | None]] | None = None,
    ) -> None:
        """``environ`` defaults to os.environ (copied); ``overrides`` maps a role to (file, face index or None)
        and wins over CONVERTER_FONT_<ROLE>."""
        self.environ = dict(os.environ if environ is None else environ)
        self.overrides = {role: (Path(path), index) for role, (path, index) in (overrides or {}).items()}
        for role in self.overrides:
            role_data(role)  # an unknown role is a FontError now, not at first use
        self.system = SystemFonts(self.environ)
        self._faces: dict[str, FontFace] = {}
        self._notices: dict[str, list[str]] = {}

    def _user_choice(self, role: str) -> tuple[Path, int | None] | None:
        if role in self.overrides:
            return self.overrides[role]
        value = self.environ.get(f"CONVERTER_FONT_{role.upper()}", "").strip()
        if not value:
            return None
        path, sep, index = value.rpartition("#")
        if sep and index.isdigit():
            return Path(path), int(index)
        return Path(value), None

    def resolve(self, role: str) -> FontFace:
        """The face that serves ``role``: user file, then system fonts, then bundled, then the substitute role."""
        if role not in self._faces:
            self._faces[role] = self._resolve(role)
        return self._faces[role]

    def _resolve(self, role: str) -> FontFace:
        data = role_data(role)
        notes = self._notices.setdefault(role, [])
        notes.clear()
        choice = self._user_choice(role)
        if choice is not None:
            try:
                return face_for_file(choice[0], role, choice[1], source="user")
            except FontError as exc:
                where = f"the override for {role}" if role in self.overrides else f"CONVERTER_FONT_{role.upper()}"
                raise FontError(f"{where}: {exc}; set it to a .ttf/.ttc file or unset it") from None
        problems: list[str] = []
        if self.system.enabled:
            face = self.system.face(role, problems)
            if face is not None:
                return face
        found = bundled_face(role)
        if found is not None:
            notes.extend(f"{role}: {p}; using {found.family} (bundled)" for p in problems[:1])
            return found
        substitute = data.get("substitute")
        if substitute is None:
            raise FontError(f"{role}: no font found and none bundled")
        stand_in = self.resolve(substitute)
        notes.extend(f"{role}: {p}" for p in problems[:1])
        notes.append(substitution_note(role, stand_in.family, substitute))
        return FontFace(stand_in.role, stand_in.path, stand_in.index, stand_in.family, stand_in.source, role)

    def resolve_all(self) -> dict[str, FontFace]:
        """Every role in converter.styles.ROLES."""
        return {role: self.resolve(role) for role in ROLES}

    def fallback_chain(self, role: str) -> list[FontFace]:
        """The role's face, the song face, the bundled GBK song, then the fallbacks: tried in order per character."""
        chain = [self.resolve(role)]
        extra = [self.resolve("song"), bundled_face("song"), *fallback_faces()]
        for face in extra:
            if face is not None and all((face.path, face.index) != (f.path, f.index) for f in chain):
                chain.append(face)
        return chain

    def notices(self) -> list[str]:
        """Human notes about substitutions and skipped fonts, for every role."""
        self.resolve_all()
        return [note for role in ROLES for note in self._notices.get(role, [])]

    def substitutions(self) -> list[str]:
        """What a build should tell the user: roles printed in another role's face (仿宋 as 宋体).

        Fonts skipped on the way (a system face with CFF outlines) are for `converter fonts`,
        not for every build's warnings.
        """
        return [
            substitution_note(role, face.family, face.role)
            for role, face in self.resolve_all().items()
            if face.substitute_for
        ]

    def describe(self) -> list[tuple[str, str, str, str]]:
        """(role, face name, path, source or notice) rows for `converter fonts`."""
        rows = []
        for role, face in self.resolve_all().items():
            where = face.source if face.index == 0 else f"{face.source}, face #{face.index}"
            if face.substitute_for:
                where += f"; stands in for {face.substitute_for} ({role_data(role)['label']})"
            rows.append((role, face.family, str(face.path), where))
        return rows


def substitution_note(role: str, family: str, substitute: str) -> Coded:
    """The warning for a role printed in another role's face, in the interface language, coded
    ``font-substitution`` (the build prints it once for all files, with the fix)."""
    message = _("{role}: no {label} font found; using {family} ({substitute}) instead")
    text = message.format(role=role, label=role_data(role)["label"], family=family, substitute=substitute)
    return Coded(text, "font-substitution")


def current() -> FontResolver:
    """The resolver for the environment as it is now (one per distinct environment, kept)."""
    return _for_environment(tuple(os.environ.get(name) for name in ENVIRONMENT))


@functools.lru_cache(maxsize=8)
def _for_environment(values: tuple[str | None, ...]) -> FontResolver:
    return FontResolver({name: value for name, value in zip(ENVIRONMENT, values, strict=True) if value is not None})


def resolve(role: str) -> FontFace:
    """The face that serves ``role`` in the current environment (FontResolver.resolve)."""
    return current().resolve(role)


def resolve_all() -> dict[str, FontFace]:
    """Every role's face in the current environment."""
    return current().resolve_all()


def fallback_chain(role: str) -> list[FontFace]:
    """The faces tried in order per character for ``role`` (FontResolver.fallback_chain)."""
    return current().fallback_chain(role)


def notices() -> list[str]:
    """Substitutions and skipped fonts for every role, in the current environment."""
    return current().notices()


def substitutions() -> list[str]:
    """Roles printed in another role's face, in the current environment (FontResolver.substitutions)."""
    return current().substitutions()


def describe() -> list[tuple[str, str, str, str]]:
    """(role, face name, path, source or notice) rows for `converter fonts`."""
    return current().describe()
