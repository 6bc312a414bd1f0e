"""Repack ebooklib's zip so the EPUB is byte-identical on rebuild.

ebooklib stamps every member with the current time; we rewrite each member with the
build epoch, fixed attributes, ``mimetype`` first and stored (OCF requires it).
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

_ZIP_EPOCH_MIN = 315532800  # 1980-01-01, the earliest time a zip entry can hold


def repack(data: bytes, path: Path, epoch: int) -> None:
    stamp = time.gmtime(max(epoch, _ZIP_EPOCH_MIN))[:6]
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        names = [info.filename for info in src.infolist()]
        names.sort(key=lambda name: name != "mimetype")  # stable: keeps ebooklib's order otherwise
        with zipfile.ZipFile(path, "w") as out:
            for name in names:
                member = zipfile.ZipInfo(name, date_time=stamp)
                member.create_system = 3
                member.external_attr = 0o100644 << 16
                member.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
                out.writestr(member, src.read(name))
