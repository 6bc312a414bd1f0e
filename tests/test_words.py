"""rjieba stands in for jieba: it must segment the same, and keywords must name the subject."""

from __future__ import annotations

import json
from pathlib import Path

import jieba

from converter import words

ROOT = Path(__file__).resolve().parent


def corpus_sentences() -> list[str]:
    texts = [(ROOT.parent / "seeds" / "speech-theory-study-2025.txt").read_text(encoding="utf-8")]
    for path in sorted((ROOT / "corpus").glob("*.json")):
        texts.append(json.dumps(json.loads(path.read_text(encoding="utf-8")), ensure_ascii=False))
    return [s for text in texts for s in text.replace("\n", "。").split("。") if s]


def han_boundaries(tokens: list[str]) -> set[int]:
    """Word boundaries that fall between two Chinese characters (Latin and URLs are split differently)."""
    text = "".join(tokens)
    cuts, pos = set(), 0
    for token in tokens[:-1]:
        pos += len(token)
        if "\u4e00" <= text[pos - 1] <= "\u9fff" and "\u4e00" <= text[pos] <= "\u9fff":
            cuts.add(pos)
    return cuts


def test_rjieba_segments_chinese_like_jieba() -> None:
    sentences = corpus_sentences()
    assert len(sentences) > 200
    differing = [s for s in sentences if han_boundaries(list(words.cut(s))) != han_boundaries(list(jieba.cut(s)))]
    assert differing == []


def test_rjieba_keeps_urls_whole() -> None:
    assert "www.haicheng.gov.cn" in words.cut("请登录门户网站（www.haicheng.gov.cn）查询")


def test_cut_gives_the_text_back() -> None:
    text = "2025年全市生产总值增长5.5%，COVID-19疫情后经济持续恢复。"
    assert "".join(words.cut(text)) == text


def test_keywords_name_the_subject() -> None:
    text = (ROOT.parent / "seeds" / "speech-theory-study-2025.txt").read_text(encoding="utf-8")
    found = words.keywords(text, 8)
    assert len(found) == 8 and len(set(found)) == 8
    assert {"发展", "习近平", "科技"} <= set(found)
    assert not {"我们", "XX", "的", "，"} & set(found)
