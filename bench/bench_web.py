"""The web page's figures (issue 17): sample pasted → tree shown, → PDF preview of page 1, and one node edit.

    python bench/bench_web.py [rounds]

Runs the app in-process with Starlette's TestClient; the first round also starts the process pool
(and the edit its imports), so it is reported apart from the warm median. Targets: tree ≤ 0.5 s, preview ≤ 1.5 s.
"""

from __future__ import annotations

import html
import re
import statistics
import sys
import time
from pathlib import Path

from starlette.testclient import TestClient

from converter.web.app import create_app

SAMPLE = Path(__file__).resolve().parent.parent / "seeds" / "speech-theory-study-2025.txt"


def main(rounds: int = 5) -> None:
    text = SAMPLE.read_text("utf-8")
    with TestClient(create_app()) as client:
        timings: dict[str, list[float]] = {"tree": [], "preview": [], "edit": []}
        for _ in range(rounds + 1):
            start = time.perf_counter()
            page = client.post("/read", data={"text": text}).text
            timings["tree"].append(time.perf_counter() - start)
            tree = html.unescape(re.search(r'<textarea hidden name="tree">(.*?)</textarea>', page, re.S).group(1))
            start = time.perf_counter()
            reply = client.post("/preview", data={"tree": tree, "name": "s.txt", "page": "1"})
            assert reply.json()["image"].startswith("data:image/png"), reply.text[:300]
            timings["preview"].append(time.perf_counter() - start)
            path = re.search(r'data-action="paragraph" data-path="([^"]+)"', page).group(1)
            start = time.perf_counter()
            reply = client.post("/edit", data={"tree": tree, "path": path, "action": "paragraph"})
            assert "outline" in reply.json(), reply.text[:300]
            timings["edit"].append(time.perf_counter() - start)
    for name, values in timings.items():
        print(f"{name:8} first {values[0]:.3f} s (cold)   warm median {statistics.median(values[1:]):.3f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
