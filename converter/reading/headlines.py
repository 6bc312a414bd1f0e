"""What the lines of a title block look like: ——subtitle, （date）, speaker, salutation.

Shared by reflow (which must not run them into paragraphs) and outline (which names them).
"""

from __future__ import annotations

import re

DATE_LINE = re.compile(r"^[（(]\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年.{1,8}日\s*[）)]$")
SUBTITLE = re.compile(r"^[—―]{2}[ \u3000]*[\u4e00-\u9fff“《0-9]")  # 破折号 is two em dashes; one is a range
SALUTATION = re.compile(r"^[^。；！？]{1,40}[：:]$")  # 同志们： or an addressee line
_NAME_PADDING = re.compile(r"\S[ \u3000]+\S")
_OFFICE = re.compile(
    r"(书记|市长|省长|县长|区长|主任|部长|厅长|局长|主席|院长|校长|经理|董事长|同志)[ \u3000]*\S{1,4}$"
)


def is_speaker(text: str) -> bool:
    """A padded name (张  三) or an office followed by a name (市委书记 李四)."""
    if len(text) > 20 or text.endswith(("。", "！", "？", "；", "，", "：")):
        return False
    padded = _NAME_PADDING.search(text) and len(text.replace(" ", "").replace("\u3000", "")) <= 4
    return bool(padded or _OFFICE.search(text))


def is_meta(text: str) -> bool:
    """A line of the title block that is not the title itself."""
    return bool(DATE_LINE.match(text) or SUBTITLE.match(text) or SALUTATION.match(text))
