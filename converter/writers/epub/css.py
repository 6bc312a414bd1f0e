"""The e-book stylesheet, generated from the style sheet data.

Fonts come from the role stacks (``style.roles[role].css``), sizes are relative to the
body (so the reader's size setting still works), indents are in body characters, and
the few numbers only an e-book needs come from the ``[epub]`` table.
"""

from __future__ import annotations

from converter.styles import Element, Style
from converter.writers.epub.settings import EpubSettings
from converter.writers.epub.table import table_css

GENERIC = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "ui-serif", "ui-sans-serif"}


def _num(value: float) -> str:
    """A CSS number: at most 3 decimals, no trailing zeros, never exponent notation."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _em(value: float) -> str:
    number = _num(value)
    return number if number == "0" else number + "em"


def font_stack(style: Style, role: str, embedded: dict[str, list[str]]) -> str:
    """The role's CSS stack with a generic fallback; an embedded face goes just before the generic.

    Readers that have the named Chinese fonts keep them; the embedded subset serves readers that do not.
    """
    names = list(style.roles[role].css)
    generic = names.pop() if names and names[-1] in GENERIC else ("sans-serif" if role == "hei" else "serif")
    names += embedded.get(role, [])
    quoted = ['"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"' for name in names]
    return ", ".join([*quoted, generic])


class _Sheet:
    def __init__(self, style: Style, settings: EpubSettings, embedded: dict[str, list[str]]) -> None:
        self.style, self.settings, self.embedded = style, settings, embedded
        self.body = style.element("body")

    def ratio(self, element: Element) -> float:
        return element.size_pt / self.body.size_pt

    def lines_em(self, lines: float, element: Element) -> str:
        """``lines`` body lines, in the element's own em."""
        return _em(lines * self.settings.line_height / self.ratio(element))

    def face(self, element: Element) -> list[str]:
        return [
            f"font-family: {font_stack(self.style, element.role, self.embedded)};",
            f"font-weight: {'bold' if element.bold else 'normal'};",
        ]

    def block(self, element: Element, extra_before_lines: float = 0.0) -> list[str]:
        """A block element: face, size, alignment, first-line indent in body characters, spacing."""
        decl = [*self.face(element), f"font-size: {_num(self.ratio(element))}em;"]
        if element.line_height_pt:
            decl.append(f"line-height: {_num(element.line_height_pt / element.size_pt)};")
        decl += [
            f"text-align: {element.align};",
            f"text-indent: {_em(element.indent_chars / self.ratio(element))};",
            f"margin: {self.lines_em(element.space_before_lines + extra_before_lines, element)} 0 "
            f"{self.lines_em(element.space_after_lines, element)} 0;",
        ]
        return decl


def _rule(selector: str, decl: list[str]) -> str:
    return selector + " {\n" + "".join(f"  {d}\n" for d in decl) + "}\n"


def stylesheet(
    style: Style, settings: EpubSettings, embedded: dict[str, list[str]], faces: list[tuple[str, str]]
) -> str:
    """CSS text; ``embedded`` maps role -> embedded families, ``faces`` lists (family, url) for @font-face."""
    sheet = _Sheet(style, settings, embedded)
    out = ['@charset "utf-8";\n', '@namespace epub "http://www.idpf.org/2007/ops";\n']
    for family, url in faces:
        out.append(_rule("@font-face", [f'font-family: "{family}";', f'src: url("{url}");']))
    out += _body_rules(sheet)
    out += _heading_rules(sheet)
    out += _titlepage_rules(sheet)
    out += _nav_rules(sheet)
    out.append(_rule("div.cover", ["margin: 0;", "padding: 0;", "text-align: center;", "text-indent: 0;"]))
    out.append(_rule("div.cover img", ["max-width: 100%;", "max-height: 100%;", "max-height: 100vh;"]))
    out.append(table_css(style, _rule, sheet.face))
    return "".join(out)


def _body_rules(sheet: _Sheet) -> list[str]:
    """The page itself (strict Chinese line breaking, no hanging punctuation) and its paragraphs."""
    style, settings, body = sheet.style, sheet.settings, sheet.body
    page = [
        *sheet.face(body),
        f"font-size: {_num(settings.font_scale)}em;",
        f"line-height: {_num(settings.line_height)};",
        f"margin: 0 {_em(settings.margin_em)};",
        "padding: 0;",
        f"text-align: {body.align};",
        "line-break: strict;",
        "-epub-line-break: strict;",
        "-webkit-line-break: strict;",
        "hanging-punctuation: none;",
        "overflow-wrap: break-word;",
    ]
    return [
        _rule("body", page),
        _rule("p", sheet.block(body)),
        _rule("p.salutation", sheet.block(style.element("salutation"))),
        _rule("strong.point", sheet.face(style.element("point"))),
    ]


def _heading_rules(sheet: _Sheet) -> list[str]:
    """Headings of levels 1-4 as blocks, and as run-in spans."""
    out = []
    for level in range(1, 5):
        element = sheet.style.heading(level)
        # a heading never ends a page (calibre and Apple Books honour break-after; older readers
        # the page-break-after alias), nor is it split over two
        keep = ["break-after: avoid;", "page-break-after: avoid;", "break-inside: avoid;", "page-break-inside: avoid;"]
        out.append(
            _rule(
                f"h2.l{level}, h3.l{level}, h4.l{level}, h5.l{level}, h6.l{level}",
                [*sheet.block(element, sheet.settings.heading_space_lines), *keep],
            )
        )
        out.append(_rule(f"span.l{level}", [*sheet.face(element), f"font-size: {_num(sheet.ratio(element))}em;"]))
    return out


def _titlepage_rules(sheet: _Sheet) -> list[str]:
    style, settings = sheet.style, sheet.settings
    out = [
        _rule("div.titlepage", [f"margin: {_em(settings.titlepage_top_lines * settings.line_height)} 0 0 0;"]),
        _rule("h1.title", [*sheet.block(style.element("title")), "break-after: avoid;", "page-break-after: avoid;"]),
    ]
    for name in ("subtitle", "date", "author"):
        out.append(_rule(f"p.{name}", sheet.block(style.element(name))))
    return out


def _nav_rules(sheet: _Sheet) -> list[str]:
    """The navigation document doubles as a 目录 page; its landmarks list is for the reading system only."""
    indent = _em(sheet.body.indent_chars)
    heading = [
        *sheet.face(sheet.style.heading(1)),
        "font-size: 1em;",
        "text-align: center;",
        f"margin: 0 0 {_em(sheet.settings.line_height)} 0;",
    ]
    return [
        _rule("nav ol", ["list-style-type: none;", "margin: 0;", f"padding: 0 0 0 {indent};"]),
        _rule("nav > ol", ["padding: 0;"]),
        _rule("nav li", ["text-indent: 0;", "text-align: left;"]),
        _rule("nav a", ["color: inherit;", "text-decoration: none;"]),
        _rule("nav h2", heading),
        _rule('nav[epub|type~="landmarks"]', ["display: none;"]),
    ]
