"""Corrections on the outline tree (converter/web/edit.py): kind and level changes by node path.

Each edit is checked on the tree a writer would get, and as a property over random trees and
random runs of edits: no text is ever lost or reordered, every tree stays a valid outline,
and a section's level stays its depth.
"""

from __future__ import annotations

import pytest
from conftest import SAMPLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from converter.model import Document, Paragraph, Section, Table
from converter.outline_json import document_from_dict
from converter.reading import Report, parse_bytes
from converter.web.edit import ACTIONS, EditError, edit, edit_json, node_paths

P = Paragraph


def _doc() -> Document:
    return Document(
        title="标题",
        children=(
            P("开头。"),
            Section(1, "一、", "总体要求", children=(P("甲。"), Section(2, "（一）", "小节", children=(P("乙。"),)))),
            Section(1, "二、", "工作安排", children=(P("丙。"), Section(2, "（一）", "重点", children=(P("丁。"),)))),
            Section(1, "（二）", "读错的一级", children=(P("戊。"),)),
        ),
    )


def _text(doc: Document) -> str:
    return "".join(doc.text_pieces())


def _levels_are_depths(doc: Document) -> bool:
    body = all(node.level == depth for node, depth in doc.walk() if isinstance(node, Section))
    return body and all(
        node.level == depth
        for attachment in doc.attachments
        for node, depth in Document(children=attachment.children).walk()
        if isinstance(node, Section)
    )


def test_a_heading_read_in_error_becomes_a_paragraph_and_its_content_moves_up() -> None:
    doc = edit(_doc(), "children[1].children[1]", "paragraph")
    first = doc.children[1]
    assert [type(n).__name__ for n in first.children] == ["Paragraph", "Paragraph", "Paragraph"]
    assert first.children[1] == P("小节", marker="（一）") and first.children[2] == P("乙。")
    assert _text(doc) == _text(_doc())


def test_a_level_two_heading_goes_up_to_level_one_with_what_follows_it() -> None:
    doc = edit(_doc(), "children[2].children[1]", "promote")
    assert [(s.level, s.heading) for s in doc.sections()] == [
        (1, "总体要求"),
        (2, "小节"),
        (1, "工作安排"),
        (1, "重点"),
        (1, "读错的一级"),  # a top-level node after the promoted one stays where it was
    ]
    assert _text(doc) == _text(_doc()) and _levels_are_depths(doc)


def test_a_top_level_heading_after_another_goes_down_under_it_with_its_subtree() -> None:
    doc = edit(_doc(), "children[3]", "demote")
    second = doc.children[2]
    assert second.children[-1].heading == "读错的一级" and second.children[-1].level == 2
    assert len(doc.children) == 3 and _levels_are_depths(doc)
    again = edit(doc, "children[2]", "demote")  # 二、 with its subtree under 一、
    assert [(s.level, s.heading) for s in again.sections()][2:] == [(2, "工作安排"), (3, "重点"), (3, "读错的一级")]
    assert _text(again) == _text(_doc()) and _levels_are_depths(again)


def test_a_paragraph_becomes_a_heading_over_the_paragraphs_after_it() -> None:
    doc = Document(
        title="标题", children=(P("甲。"), P("一、总体要求", marker=""), P("乙。"), P("丙。"), Section(1, "二、", "x"))
    )
    edited = edit(doc, "children[1]", "heading")
    assert edited.children[1] == Section(1, "", "一、总体要求", children=(P("乙。"), P("丙。")))
    assert edited.children[2] == Section(1, "二、", "x")


def test_a_run_in_heading_turned_back_into_a_paragraph_is_one_paragraph_again() -> None:
    runin = Section(1, "一是", "加强领导。", runin=True, children=(P("各单位要落实责任。", points=((0, 3),)),))
    doc = edit(Document(title="t", children=(runin,)), "children[0]", "paragraph")
    assert doc.children == (P("加强领导。各单位要落实责任。", points=((5, 8),), marker="一是"),)


def test_edits_in_attachments_and_by_json() -> None:
    from converter.model import Attachment

    doc = Document(
        title="t", children=(P("正文。"),), attachments=(Attachment("附件1", "名单", (P("一、甲"), P("乙。"))),)
    )
    edited = edit(doc, "attachments[0].children[0]", "heading")
    assert edited.attachments[0].children == (Section(1, "", "一、甲", children=(P("乙。"),)),)
    assert '"heading": "一、甲"' in edit_json(doc.to_json(), "attachments[0].children[0]", "heading")


@pytest.mark.parametrize(
    ("path", "action", "key"),
    [
        ("children[1]", "promote", "edit_top"),
        ("children[1]", "demote", "edit_no_previous"),
        ("children[0]", "promote", "edit_not_heading"),
        ("children[1]", "heading", "edit_not_paragraph"),
        ("children[9]", "heading", "edit_path"),
        ("children[0].children[0]", "heading", "edit_path"),
        ("../../etc", "heading", "edit_path"),
        ("children[0]", "delete", "edit_action"),
    ],
)
def test_edits_the_tree_cannot_take_are_refused_with_a_named_reason(path: str, action: str, key: str) -> None:
    with pytest.raises(EditError) as refused:
        edit(_doc(), path, action)
    assert refused.value.key == key


# Random outlines: sections nest with level = depth; paragraphs carry markers and points; a table now and then.
_words = st.text(alphabet="甲乙丙丁一二三（）、。，", min_size=1, max_size=6)


def _paragraph() -> st.SearchStrategy[Paragraph]:
    return st.builds(lambda text, marker: P(text, marker=marker), _words, st.sampled_from(["", "①", "（一）"]))


def _nodes(depth: int) -> st.SearchStrategy[tuple]:
    table = st.builds(lambda text: Table((((P(text),),),)), _words)
    leaf = st.one_of(_paragraph(), table)
    if depth >= 4:
        return st.lists(leaf, max_size=3).map(tuple)
    section = st.builds(
        lambda marker, heading, runin, children: Section(depth, marker, heading, runin, children),
        st.sampled_from(["一、", "（一）", "第一条", ""]),
        st.one_of(_words, st.just("")),  # an article (第一条) is a run-in heading with no words of its own
        st.booleans(),
        st.deferred(lambda: _nodes(depth + 1)),
    ).filter(lambda s: (s.marker + s.heading).strip() or s.children)
    return st.lists(st.one_of(leaf, leaf, section), max_size=4).map(tuple)


_documents = st.builds(lambda title, children: Document(title=title, children=children), _words, _nodes(1))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=_documents, data=st.data())
def test_no_edit_ever_loses_or_reorders_text(doc: Document, data: st.DataObject) -> None:
    """Property: any run of edits keeps every character in reading order and a valid tree with levels = depths."""
    text = _text(doc)
    for _ in range(data.draw(st.integers(1, 6))):
        paths = node_paths(doc)
        if not paths:
            break
        path, action = data.draw(st.sampled_from(paths)), data.draw(st.sampled_from(ACTIONS))
        try:
            doc = edit(doc, path, action)
        except EditError:
            continue
        assert _text(doc) == text, (path, action)
        assert document_from_dict(doc.to_dict()) == doc
        assert _levels_are_depths(doc), (path, action)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_random_edits_on_the_sample_keep_its_text(data: st.DataObject) -> None:
    doc = _SAMPLE_DOC
    for _ in range(data.draw(st.integers(1, 8))):
        path, action = data.draw(st.sampled_from(node_paths(doc))), data.draw(st.sampled_from(ACTIONS))
        try:
            doc = edit(doc, path, action)
        except EditError:
            continue
        assert _text(doc) == _SAMPLE_TEXT


_SAMPLE_DOC = parse_bytes(SAMPLE.read_bytes(), Report(), name=SAMPLE.name).document
_SAMPLE_TEXT = _text(_SAMPLE_DOC)
