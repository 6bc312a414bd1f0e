"""Run the page with uvicorn (``converter serve``), and open it in the browser when asked."""

from __future__ import annotations

import threading
import webbrowser


def serve(host: str, port: int, open_browser: bool = False) -> None:
    import uvicorn

    from converter.web.app import create_app

    config = uvicorn.Config(create_app(), host=host, port=port, log_level="warning")
    server = uvicorn.Server(config)
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    print(url, flush=True)
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    server.run()
