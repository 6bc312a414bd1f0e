"""The one walk (converter.tree.visit): unknown nodes refused by every writer, one numbering, one part order."""

from __future__ import annotations

import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest

from converter import styles
from converter.prepare import prepare
from converter.tree import PARTS, At, Document, Paragraph, Section, UnknownNode, Visitor
from converter.tree.nodes import Attachment, Closing, Header, Imprint
from converter.writers.base import WriteOptions, load_writer

sys.path.insert(0, str(Path(__file__).resolve().parent / "example_plugin"))
from converter_markdown_example import MarkdownWriter

STYLE = styles.load("gongwen")
WRITERS = ("docx", "pdf", "epub", "json", "md")


@dataclass(frozen=True)
class Footnote:
    """A node type the outline tree does not have (as a future version might add)."""

    text: str

    def to_dict(self) -> dict[str, str]:
        return {"type": "footnote", "text": self.text}


def writer(name: str):
    return MarkdownWriter() if name == "md" else load_writer(name)


def write(name: str, doc: Document, path: Path) -> list[str]:
    return writer(name).write(doc, STYLE, path, WriteOptions(epoch=1700000000)).warnings


@pytest.mark.parametrize("name", WRITERS)
@pytest.mark.parametrize(
    ("doc", "path"),
    [
        (
            Document(
                title="标题",
                children=(Paragraph("甲。"), Section(1, "一、", "乙", children=(Paragraph("丙。"), Footnote("注")))),  # type: ignore[arg-type]
            ),
            "children[1].children[1]",
        ),
        (
            Document(title="标题", attachments=(Attachment("附件1", "附表", (Paragraph("丁。"), Footnote("注"))),)),  # type: ignore[arg-type]
            "attachments[0].children[1]",
        ),
    ],
    ids=["body", "attachment"],
)
def test_an_unknown_node_type_is_refused_by_every_writer(name: str, doc: Document, path: str, tmp_path: Path) -> None:
    target = tmp_path / f"out.{name}"
    with pytest.raises(UnknownNode) as caught:
        write(name, doc, target)
    message = str(caught.value)
    assert "Footnote" in message and path in message and "未知的节点类型" in message
    assert isinstance(caught.value, TypeError)
    assert not target.exists()  # refused before anything was written


def numbered(doc: Document) -> list[tuple[str, str]]:
    """(where, text) of every paragraph and section as the walk numbers them."""
    seen: list[tuple[str, str]] = []

    class Record(Visitor):
        def visit_paragraph(self, node: Paragraph, at: At) -> None:
            seen.append((at.where, node.text))

        def visit_section(self, node: Section, at: At) -> None:
            seen.append((at.where, node.heading))
            super().visit_section(node, at)

    Record().document(doc)
    return seen


BAD = "坏\x01字。"
NUMBERED = Document(
    title="标题",
    subtitle="副标题",
    salutation="各单位：",
    children=(
        Paragraph("第一段。"),
        Section(1, "一、", "总体要求", children=(Paragraph("第二段。"),)),
        Section(1, "二、", "分项", children=(Section(2, "（一）", "甲项。", runin=True, children=(Paragraph(BAD),)),)),
    ),
    attachments=(Attachment("附件1", "附表", (Paragraph("附件段。"), Paragraph("附件\x02段。"))),),
)


def test_paragraphs_and_sections_are_numbered_in_document_order_once() -> None:
    assert numbered(NUMBERED) == [
        ("paragraph 1", "第一段。"),
        ("section 1", "总体要求"),
        ("paragraph 2", "第二段。"),
        ("section 2", "分项"),
        ("section 3", "甲项。"),
        ("paragraph 3", BAD),
        ("paragraph 4", "附件段。"),
        ("paragraph 5", "附件\x02段。"),
    ]


@pytest.mark.parametrize("name", ["docx", "epub"])
def test_every_writer_names_the_same_paragraph(name: str, tmp_path: Path) -> None:
    """Before the walk DOCX counted its own paragraphs (title included) and EPUB restarted in attachments."""
    warnings = write(name, NUMBERED, tmp_path / f"numbered.{name}")
    dropped = [w for w in warnings if "XML cannot hold" in w]
    assert len(dropped) == 2
    assert dropped[0].startswith("paragraph 3: ") and "U+0001" in dropped[0]
    assert dropped[1].startswith("paragraph 5: ") and "U+0002" in dropped[1]


def test_the_run_in_lead_keeps_its_bold_point_after_a_dropped_character(tmp_path: Path) -> None:
    """The XML-safe tree shifts point offsets: DOCX used to drop the bold of such a paragraph."""
    doc = Document(title="标题", children=(Paragraph("一是\x01要点。其余。", points=((0, 6),)),))
    path = tmp_path / "bold.docx"
    write("docx", doc, path)
    runs = docx.Document(str(path)).paragraphs[-1].runs
    assert [r.text for r in runs if r.style.name != "Default Paragraph Font"] == ["一是要点。"]


def test_the_parts_are_visited_in_the_one_order() -> None:
    calls: list[str] = []

    class Record(Visitor):
        pass

    for part in PARTS:
        setattr(Record, f"part_{part}", lambda self, doc, part=part: calls.append(part))
    Record().document(Document())
    assert calls == list(PARTS)
    assert PARTS == ("header", "title", "notes", "salutation", "body", "closing", "attachments", "imprint")


def test_no_writer_orders_the_parts_itself() -> None:
    """Each writer's walk inherits ``document`` (the one order); none re-defines it."""
    from converter_markdown_example import MarkdownBlocks

    from converter.writers.docx.parts import DocumentBuilder
    from converter.writers.epub.parts import BookWalk
    from converter.writers.pdf.parts import PartsComposer

    for walk in (DocumentBuilder, PartsComposer, BookWalk, MarkdownBlocks):
        assert walk.document is Visitor.document, walk.__name__


ALL_PARTS = Document(
    header=Header(copy_number="000123", issuer="江州市人民政府文件", doc_number="江府发〔2025〕12号"),
    title="关于甲的通知",
    notes=("（题注）",),
    salutation="各区人民政府：",
    children=(Paragraph("正文段落。"),),
    closing=Closing(attachment_notes=("附表名",), signature=("江州市财政局",), sign_date="2025年1月2日"),
    attachments=(Attachment("附件", "附表标题", (Paragraph("附件正文。"),)),),
    imprint=Imprint(cc="市委各部门。", issued_by="江州市人民政府办公室", issued_date="2025年1月3日印发"),
)
IN_ORDER = [
    "000123",
    "关于甲的通知",
    "（题注）",
    "各区人民政府：",
    "正文段落。",
    "江州市财政局",
    "附表标题",
    "市委各部门。",
]


def _positions(text: str) -> list[int]:
    return [text.index(piece) for piece in IN_ORDER]


def test_docx_and_epub_print_the_parts_in_the_one_order(tmp_path: Path) -> None:
    path = tmp_path / "parts.docx"
    write("docx", ALL_PARTS, path)
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert _positions(text) == sorted(_positions(text))
    path = tmp_path / "parts.epub"
    write("epub", ALL_PARTS, path)
    with zipfile.ZipFile(path) as book:
        spine = [n for n in sorted(book.namelist()) if n.endswith(".xhtml") and "nav" not in n and "cover" not in n]
        order = ["titlepage", "opening", "part", "closing", "attachment"]
        spine.sort(key=lambda n: next(i for i, k in enumerate(order) if k in n.rsplit("/", 1)[-1]))
        markup = "\n".join(book.read(n).decode("utf-8").split("<body", 1)[1] for n in spine)
    assert _positions(markup) == sorted(_positions(markup))


def test_prepare_runs_once_per_build() -> None:
    """The writers of one build share the preparation: the same object for the same tree and style."""
    first = prepare(ALL_PARTS, STYLE)
    assert prepare(ALL_PARTS, STYLE) is first
    assert first.xml is first.xml and first.header is first.header
