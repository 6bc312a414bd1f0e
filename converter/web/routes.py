"""The page's routes, one handler each; what they share (the rendering pool, the limit, the templates)
is read from ``request.app.state``, set by create_app (converter/web/app.py).
"""

from __future__ import annotations

import asyncio
import base64
from pathlib import Path
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from converter.styles import Style
from converter.web import work
from converter.web.edit import edit_json
from converter.web.forms import choice, edited, safe_name, stem, style_of, unique
from converter.web.messages import texts
from converter.web.pages import failure, language, outline_html, page, post, view

STATIC = {"app.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"}
STATIC_DIR = Path(__file__).resolve().parent / "static"
MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "epub": "application/epub+zip",
    "json": "application/json",
    "zip": "application/zip",
}


async def _run(request: Request, function: Any, *args: Any) -> Any:
    """``function(*args)`` in one of the app's rendering processes."""
    return await request.app.state.pool.run(function, *args)


async def index(request: Request) -> Response:
    return page(request, "index.html")


async def static(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in STATIC:  # a fixed list: a request's path never reaches the file system
        return Response("not found", status_code=404)
    return Response((STATIC_DIR / name).read_bytes(), media_type=STATIC[name])


async def read(request: Request, data: Any) -> Response:
    """Pasted text and uploads read, each shown with its tree, its marked text and its warnings."""
    lang = language(request)
    inputs: list[tuple[str, bytes]] = []
    text = str(data.get("text") or "")
    if text.strip():
        inputs.append(("pasted.txt", text.encode("utf-8")))
    for upload in data.getlist("files"):
        if isinstance(upload, UploadFile) and upload.filename:
            inputs.append((safe_name(upload.filename), await upload.read()))
    if not inputs:
        return failure(request, texts(lang)["nothing"], 400)
    results = await asyncio.gather(*(_run(request, work.read_input, name, blob, lang) for name, blob in inputs))
    documents = [view(result, lang) for result in results]
    status = 200 if any("tree" in d for d in documents) else 422
    return page(request, "result.html", status=status, documents=documents, styles=work.STYLES)


async def build(request: Request, data: Any) -> Response:
    style = await style_of(data, language(request))
    fmt = choice(str(data.get("format", "pdf")), (*work.FORMATS, "zip"))
    tree = edited(str(data["tree"]), data)
    name = stem(str(data.get("name", "document")))
    formats = list(work.FORMATS) if fmt == "zip" else [fmt]
    files = await _run(request, work.render_formats, tree, style, formats, name)
    if fmt == "zip":
        return download(work.zip_files(files), f"{name}.zip", "zip")
    return download(files[f"{name}.{fmt}"], f"{name}.{fmt}", fmt)


async def preview(request: Request, data: Any) -> Response:
    """One page of the PDF as the download would be: image, page count and the page's text."""
    style = await style_of(data, language(request))
    number = str(data.get("page", "1"))
    if not number.isdigit():
        raise ValueError(f"page {number[:20]!r} is not a page number")
    shown = await _run(request, work.preview_page, edited(str(data["tree"]), data), style, int(number))
    image = "data:image/png;base64," + base64.b64encode(shown.pop("png")).decode("ascii")
    return JSONResponse({**shown, "image": image})


async def edit(request: Request, data: Any) -> Response:
    """A change of a node's kind or level: the new tree and its outline, drawn as the result page draws it."""
    tree = edit_json(str(data["tree"]), str(data["path"]), str(data["action"]))
    return JSONResponse({"tree": tree, "outline": outline_html(request, tree)})


async def style(request: Request, data: Any) -> Response:
    """An uploaded style sheet checked as soon as it is chosen, so a bad one is named before any download."""
    chosen = await style_of(data, language(request))
    return JSONResponse({"description": chosen.description if isinstance(chosen, Style) else chosen})


async def batch(request: Request, data: Any) -> Response:
    """Every tree of the result page in every format, one zip with a summary."""
    style = await style_of(data, language(request))
    names, trees = data.getlist("name"), data.getlist("tree")
    if not trees or len(names) != len(trees):
        raise ValueError("a batch needs one name per tree")
    stems = unique([stem(str(n)) for n in names])
    jobs = [
        _run(request, work.render_formats, str(tree), style, list(work.FORMATS), one)
        for one, tree in zip(stems, trees, strict=True)
    ]
    parts = await asyncio.gather(*jobs)
    files = {name: blob for part in parts for name, blob in part.items()}
    summary = {
        "style": style if isinstance(style, str) else safe_name(data["sheet"].filename),  # the uploaded sheet
        "documents": [{"name": s, "files": sorted(p)} for s, p in zip(stems, parts, strict=True)],
    }
    return download(work.zip_files(files, summary), "batch.zip", "zip")


def download(data: bytes, filename: str, kind: str) -> Response:
    from urllib.parse import quote

    disposition = f"attachment; filename=\"{quote(filename, safe='')}\"; filename*=UTF-8''{quote(filename, safe='')}"
    return Response(data, media_type=MEDIA[kind], headers={"content-disposition": disposition})


ROUTES = [
    Route("/", index),
    Route("/static/{name}", static),
    Route("/read", post(read), methods=["POST"]),
    Route("/build", post(build), methods=["POST"]),
    Route("/batch", post(batch), methods=["POST"]),
    Route("/preview", post(preview, as_json=True), methods=["POST"]),
    Route("/edit", post(edit, as_json=True), methods=["POST"]),
    Route("/style", post(style, as_json=True), methods=["POST"]),
]
