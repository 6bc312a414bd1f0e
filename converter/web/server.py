"""Run the page with uvicorn (`converter serve`): say its address, and open the browser, once it listens."""

from __future__ import annotations

import threading
import time
import webbrowser

import uvicorn

from converter.web.app import create_app


def serve(host: str, port: int, open_browser: bool = False) -> None:
    server = uvicorn.Server(uvicorn.Config(create_app(), host=host, port=port, log_level="warning"))
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"

    def announce() -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.05)
        if server.started:
            print(url, flush=True)
            if open_browser:
                webbrowser.open(url)

    threading.Thread(target=announce, daemon=True).start()
    server.run()
