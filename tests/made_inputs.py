"""Inputs made the way people make them, for tests and the benchmark.

A notice typed in Word with spaces for indents and centring, ``一、`` typed by hand, a list
numbered by Word's own numbering, a 5×3 table, empty paragraphs for spacing and a page
break before the attachment; a draft with tracked changes and comments; a chat assistant's
Markdown answer. Built with python-docx and raw WordprocessingML where python-docx has no API.
"""

from __future__ import annotations

import copy
from pathlib import Path

from docx import Document as new_docx
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

TITLE = "关于做好2025年防汛工作的通知"
TABLE = [
    ["序号", "工作任务", "责任单位"],
    ["1", "隐患排查", "市水务局"],
    ["2", "物资储备", "市应急局"],
    ["3", "值班值守", "各区县政府"],
    ["4", "信息报送", "市防汛办"],
]
NUMBERED = ["压实防汛责任，逐级签订责任书；", "加强监测预警，及时发布预警信息；", "做好转移避险，确保群众安全。"]


def _numbering(doc, fmt: str, text: str) -> int:
    """A list definition added to the numbering part, as Word's numbering button makes one; its numId."""
    numbering = doc.part.numbering_part.element
    abstract_id = 90 + len(numbering.findall(qn("w:abstractNum")))
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="hybridMultilevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="420" w:hanging="420"/></w:pPr></w:lvl>'
        f"</w:abstractNum>"
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num_id = 90 + len(numbering.findall(qn("w:num")))
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>')
    )
    return num_id


def _number(paragraph, num_id: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))


def messy_notice(path: Path, pages: int = 1) -> Path:
    """A notice typed by hand in Word; ``pages`` > 1 repeats the body (for the benchmark)."""
    doc = new_docx()
    doc.add_paragraph("                " + TITLE + "                ")  # centred with spaces
    doc.add_paragraph("")
    doc.add_paragraph("各区县人民政府，市政府各部门：")
    doc.add_paragraph("    为切实做好今年防汛工作,确保人民群众生命财产安全,现就有关事项通知如下。")  # half-width commas
    num_id = _numbering(doc, "decimal", "%1.")
    for part in range(pages):
        suffix = f"（第{part + 1}部分）" if pages > 1 else ""
        heading = doc.add_paragraph()
        heading.add_run("一、总体要求" + suffix).bold = True
        doc.add_paragraph("　　坚持人民至上、生命至上，立足防大汛、抗大洪、抢大险，全面落实各项防汛措施。")
        doc.add_paragraph("")
        doc.add_paragraph("二、重点任务" + suffix)
        doc.add_paragraph("\t各地各部门要重点抓好以下工作：")
        for item in NUMBERED:
            _number(doc.add_paragraph(item), num_id)
        doc.add_paragraph("三、任务分工" + suffix)
        table = doc.add_table(rows=len(TABLE), cols=len(TABLE[0]))
        table.style = "Table Grid"
        for r, row in enumerate(TABLE):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
        for _ in range(12 if pages > 1 else 0):
            doc.add_paragraph(
                "    各级防汛指挥机构要严格执行24小时值班和领导带班制度，确保信息畅通、指令及时、处置有力，"
                "遇有重大险情灾情第一时间报告，不得迟报、漏报、瞒报。"
            )
    doc.add_paragraph("    特此通知。")
    doc.add_paragraph("")
    doc.add_paragraph("                                        市防汛抗旱指挥部")
    doc.add_paragraph("                                        2025年5月20日")
    breaker = doc.add_paragraph()
    breaker.add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("附件")
    doc.add_paragraph("        防汛物资清单        ")
    doc.add_paragraph("编织袋、救生衣、冲锋舟等物资由各区县自行储备。")
    doc.save(path)
    return path


_TRACKED = (
    '<w:p {ns}><w:r><w:t xml:space="preserve">会议决定，</w:t></w:r>'
    '<w:del w:id="1" w:author="张三" w:date="2025-05-01T00:00:00Z"><w:r><w:delText>下周一</w:delText></w:r></w:del>'
    '<w:ins w:id="2" w:author="张三" w:date="2025-05-01T00:00:00Z"><w:r><w:t>本周五</w:t></w:r></w:ins>'
    "<w:r><w:t>召开全体会议。</w:t></w:r></w:p>"
)
_MARK_DELETED = (
    '<w:p {ns}><w:pPr><w:rPr><w:del w:id="3" w:author="张三" w:date="2025-05-01T00:00:00Z"/></w:rPr></w:pPr>'
    "<w:r><w:t>各单位负责人</w:t></w:r></w:p>"
)


def tracked_draft(path: Path) -> Path:
    """A draft with insertions, a deletion, a deleted paragraph mark, a comment, a footnote-free header."""
    doc = new_docx()
    doc.add_paragraph("关于召开全体会议的通知")
    doc.add_paragraph("各科室：")
    body = doc.element.body
    for xml in (_TRACKED, _MARK_DELETED):
        body.insert(len(body) - 1, parse_xml(xml.format(ns=nsdecls("w"))))
    last = doc.add_paragraph("准时参加。请各科室做好准备。")
    doc.add_comment(last.runs, text="时间待定，请核实", author="李四")
    doc.sections[0].header.paragraphs[0].text = "内部资料　注意保存"
    doc.add_paragraph("办公室")
    doc.add_paragraph("2025年5月6日")
    doc.save(path)
    return path


CHAT_MARKDOWN = """\
# 2025年第一季度工作总结

## 一、总体情况

第一季度，我们围绕年度目标,扎实推进各项工作(详见附表),取得了**明显成效**。

## 二、主要成绩

- **项目建设**：完成投资12.5亿元，同比增长8%。
- **营商环境**：新增市场主体3,200户,办事时限压缩30%。
- **民生保障**：城镇新增就业1.2万人。

## 三、主要指标

| 指标 | 目标 | 完成 |
| --- | --- | --- |
| 投资(亿元) | 12 | 12.5 |
| 就业(万人) | 1.0 | 1.2 |

## 四、下步打算

1. 加快项目建设进度。
2. 持续优化营商环境。

**总之**,我们将再接再厉,确保完成全年目标!
"""

CHAT_DRAFT = """\
好的，以下是为您起草的通知：

---

# 关于开展2025年度安全生产大检查的通知

各科室、各下属单位：

为深入贯彻落实上级关于安全生产工作的部署要求,切实防范化解重大安全风险,经研究,决定开展2025年度安全生产大检查。现就有关事项通知如下:

## 一、检查时间

2025年6月1日至6月30日。

## 二、检查内容

1. **安全责任落实情况**：重点检查安全生产责任制建立和落实情况；
2. **隐患排查治理情况**：重点检查隐患台账建立和整改闭环情况。

## 三、工作要求

- **高度重视**。各单位要把大检查作为当前重要工作,主要负责同志亲自部署。
- **认真自查**。对照检查内容逐项自查,形成自查报告。

| 阶段 | 时间 | 任务 |
|------|------|------|
| 自查 | 6月1日—6月15日 | 各单位全面自查 |
| 抽查 | 6月16日—6月30日 | 办公室组织抽查 |

特此通知。

XX公司办公室

2025年5月20日

---

希望这份通知对您有帮助！如需调整格式或内容，请随时告诉我。
"""

SPACE_TABLE_TEXT = """\
关于公布第一批示范单位名单的通知

各有关单位：
经评审，现将第一批示范单位名单公布如下。

序号    单位名称            所在地区
1       市第一中学          东城区
2       市人民医院          西城区
3       市图书馆            南城区

特此通知。
"""


def copy_docx(source: Path, target: Path) -> Path:
    target.write_bytes(copy.copy(source.read_bytes()))
    return target
