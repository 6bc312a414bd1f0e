"""The Starlette app behind ``converter serve`` (README, "Web page").

Stateless: the result page carries each tree as outline JSON in its forms, so an edit and a
download post the tree back and nothing is kept between requests. Nothing from a request is
used as a path: uploads are read into memory under a size limit, static files come from a
fixed list, and outputs are rendered through temporary folders the writers remove.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import re
from collections import Counter
from collections.abc import AsyncIterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from converter.styles import Style, StyleError
from converter.web import work
from converter.web.edit import EditError, edit_json
from converter.web.messages import choose_language, kind_name, texts
from converter.web.proof import marked_lines

DEFAULT_LIMIT = 20 * 1024 * 1024
STATIC = {"app.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"}
STATIC_DIR = Path(__file__).resolve().parent / "static"
MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "epub": "application/epub+zip",
    "json": "application/json",
    "zip": "application/zip",
}


class TooLarge(Exception):
    """The request body passed the upload limit."""


class SheetError(Exception):
    """An uploaded style sheet the CLI's loader refuses; ``reason`` is the loader's message."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name, self.reason = name, reason


class LimitBody:
    """ASGI middleware: a body that grows past ``limit`` bytes stops with TooLarge, whatever it declared."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        seen = 0

        async def counted() -> Any:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise TooLarge
            return message

        await self.app(scope, counted, send)


def _workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def create_app(limit: int = DEFAULT_LIMIT, workers: int | None = None) -> Starlette:
    """The app; ``limit`` caps a request body in bytes, ``workers`` the rendering processes."""
    templates = Environment(loader=PackageLoader("converter.web", "templates"), autoescape=select_autoescape())
    pool: dict[str, ProcessPoolExecutor] = {}

    async def run(function: Any, *args: Any) -> Any:
        if "pool" not in pool:  # spawned, not forked: the server's threads are not copied into workers
            pool["pool"] = ProcessPoolExecutor(workers or _workers(), mp_context=get_context("spawn"))
        try:
            return await asyncio.get_running_loop().run_in_executor(pool["pool"], function, *args)
        except BrokenProcessPool:  # a worker died (killed, out of memory): the next request gets a fresh pool
            pool.pop("pool").shutdown(wait=False, cancel_futures=True)
            raise

    def language(request: Request) -> str:
        return choose_language(
            request.query_params.get("lang"), request.cookies.get("lang"), request.headers.get("accept-language", "")
        )

    def page(request: Request, name: str, status: int = 200, **values: Any) -> HTMLResponse:
        lang = language(request)
        words = texts(lang)
        html = templates.get_template(name).render(
            t=words, lang=lang, other="en" if lang == "zh" else "zh", limit_mb=limit // (1024 * 1024), **values
        )
        response = HTMLResponse(html, status_code=status)
        if request.query_params.get("lang") in ("zh", "en"):
            response.set_cookie("lang", lang, samesite="strict")
        return response

    def failure(request: Request, message: str, status: int) -> HTMLResponse:
        return page(request, "index.html", status=status, error=message)

    async def form(request: Request) -> Any:
        """The request's form, refused past the limit (by its declared length and by what arrives)."""
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise TooLarge
        return await request.form(max_files=200, max_fields=2000, max_part_size=limit)

    def explain(request: Request, exc: Exception) -> tuple[str, int]:
        """What went wrong, as the page says it in the request's language, and the HTTP status."""
        words = texts(language(request))
        if isinstance(exc, TooLarge):
            return words["too_big"].format(size=limit // (1024 * 1024)), 413
        if isinstance(exc, EditError):
            return words[exc.key].format(**exc.values), 400
        if isinstance(exc, SheetError):
            return words["bad_style"].format(name=exc.name, reason=exc.reason), 400
        if isinstance(exc, (ValueError, KeyError)):
            return words["bad_request"].format(reason=exc), 400
        # a writer or a worker failing: a message on the page, never a traceback
        return words["bad_request"].format(reason=f"{type(exc).__name__}: {exc}"), 500

    async def guarded(request: Request, handler: Any, as_json: bool = False) -> Response:
        try:
            return await handler(request, await form(request))
        except Exception as exc:
            message, status = explain(request, exc)
            if as_json:  # asked for by the page's script, which shows the message in place
                return JSONResponse({"error": message}, status_code=status)
            return failure(request, message, status)

    async def style_of(request: Request, data: Any) -> Style | str:
        """The uploaded style sheet when one came with the form, else the chosen built-in style."""
        sheet = data.get("sheet")
        if isinstance(sheet, UploadFile) and sheet.filename:
            name = _safe_name(sheet.filename)
            try:
                return work.load_sheet(name, await sheet.read(), language(request))
            except StyleError as exc:
                raise SheetError(name, str(exc)) from None
        return _choice(str(data.get("style", "gongwen")), work.STYLES)

    async def index(request: Request) -> Response:
        return page(request, "index.html")

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC:  # a fixed list: a request's path never reaches the file system
            return Response("not found", status_code=404)
        return Response((STATIC_DIR / name).read_bytes(), media_type=STATIC[name])

    async def read(request: Request, data: Any) -> Response:
        lang = language(request)
        words = texts(lang)
        inputs: list[tuple[str, bytes]] = []
        text = str(data.get("text") or "")
        if text.strip():
            inputs.append(("pasted.txt", text.encode("utf-8")))
        for upload in data.getlist("files"):
            if isinstance(upload, UploadFile) and upload.filename:
                inputs.append((_safe_name(upload.filename), await upload.read()))
        if not inputs:
            return failure(request, words["nothing"], 400)
        results = await asyncio.gather(*(run(work.read_input, name, blob, lang) for name, blob in inputs))
        documents = [_view(result, lang) for result in results]
        status = 200 if any("tree" in d for d in documents) else 422
        return page(request, "result.html", status=status, documents=documents, styles=work.STYLES)

    async def build(request: Request, data: Any) -> Response:
        style = await style_of(request, data)
        fmt = _choice(str(data.get("format", "pdf")), (*work.FORMATS, "zip"))
        tree = _edited(str(data["tree"]), data)
        stem = _stem(str(data.get("name", "document")))
        formats = list(work.FORMATS) if fmt == "zip" else [fmt]
        files = await run(work.render_formats, tree, style, formats, stem)
        if fmt == "zip":
            return _download(work.zip_files(files), f"{stem}.zip", "zip")
        return _download(files[f"{stem}.{fmt}"], f"{stem}.{fmt}", fmt)

    async def preview(request: Request, data: Any) -> Response:
        """One page of the PDF as the download would be: image, page count and the page's text."""
        style = await style_of(request, data)
        page = str(data.get("page", "1"))
        if not page.isdigit():
            raise ValueError(f"page {page[:20]!r} is not a page number")
        shown = await run(work.preview_page, _edited(str(data["tree"]), data), style, int(page))
        image = "data:image/png;base64," + base64.b64encode(shown.pop("png")).decode("ascii")
        return JSONResponse({**shown, "image": image})

    async def edit(request: Request, data: Any) -> Response:
        """A change of a node's kind or level: the new tree and its outline, drawn as the result page draws it."""
        tree = edit_json(str(data["tree"]), str(data["path"]), str(data["action"]))
        lang = language(request)
        outline = templates.get_template("outline.html").render(t=texts(lang), doc=json.loads(tree))
        return JSONResponse({"tree": tree, "outline": outline})

    async def style(request: Request, data: Any) -> Response:
        """An uploaded style sheet checked as soon as it is chosen, so a bad one is named before any download."""
        chosen = await style_of(request, data)
        return JSONResponse({"description": chosen.description if isinstance(chosen, Style) else chosen})

    async def batch(request: Request, data: Any) -> Response:
        style = await style_of(request, data)
        names, trees = data.getlist("name"), data.getlist("tree")
        if not trees or len(names) != len(trees):
            raise ValueError("a batch needs one name per tree")
        stems = _unique([_stem(str(n)) for n in names])
        jobs = [
            run(work.render_formats, str(tree), style, list(work.FORMATS), stem)
            for stem, tree in zip(stems, trees, strict=True)
        ]
        parts = await asyncio.gather(*jobs)
        files = {name: blob for part in parts for name, blob in part.items()}
        summary = {
            "style": style if isinstance(style, str) else _safe_name(data["sheet"].filename),  # the uploaded sheet
            "documents": [{"name": s, "files": sorted(p)} for s, p in zip(stems, parts, strict=True)],
        }
        return _download(work.zip_files(files, summary), "batch.zip", "zip")

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        if "pool" in pool:
            pool.pop("pool").shutdown(cancel_futures=True)

    def post(handler: Any, as_json: bool = False) -> Any:
        async def endpoint(request: Request) -> Response:
            return await guarded(request, handler, as_json)

        return endpoint

    app = Starlette(
        routes=[
            Route("/", index),
            Route("/static/{name}", static),
            Route("/read", post(read), methods=["POST"]),
            Route("/build", post(build), methods=["POST"]),
            Route("/batch", post(batch), methods=["POST"]),
            Route("/preview", post(preview, as_json=True), methods=["POST"]),
            Route("/edit", post(edit, as_json=True), methods=["POST"]),
            Route("/style", post(style, as_json=True), methods=["POST"]),
        ],
        middleware=[Middleware(LimitBody, limit=limit)],
        lifespan=lifespan,
    )
    return app


def _view(result: dict[str, Any], lang: str) -> dict[str, Any]:
    """What the result page shows of one input: the tree, the marked text, the warnings."""
    if "error" in result:
        return result
    tree = json.loads(result["tree"])
    report = result["report"]
    counts = Counter(c["kind"] for c in report["changes"])
    return {
        "name": result["name"],
        "stem": _stem(result["name"]),
        "tree": result["tree"],
        "doc": tree,
        "lines": marked_lines(result["lines"], report["changes"], lambda kind: kind_name(kind, lang)),
        "warnings": report["warnings"],
        "encoding": report["encoding"],
        "counts": ", ".join(f"{kind_name(k, lang)} {n}" for k, n in counts.most_common()),
        "total": sum(counts.values()),
    }


def _edited(tree: str, data: Any) -> str:
    """The tree with the form's title, 版头 and 落款 fields applied (blank fields leave a part as it was)."""
    from converter.model import Closing, Header
    from converter.outline_json import document_from_json
    from converter.writers.json_writer import dumps

    doc = document_from_json(tree)
    fields = {
        key: str(data.get(key, "")).strip() for key in ("title", "issuer", "doc_number", "signature", "sign_date")
    }
    if fields["title"]:
        doc = replace(doc, title=fields["title"])
    if fields["issuer"] or fields["doc_number"]:
        header = doc.header or Header()
        doc = replace(
            doc, header=replace(header, issuer=fields["issuer"] or None, doc_number=fields["doc_number"] or None)
        )
    if fields["signature"] or fields["sign_date"]:
        closing = doc.closing or Closing()
        signature = tuple(line.strip() for line in fields["signature"].splitlines() if line.strip())
        doc = replace(doc, closing=replace(closing, signature=signature, sign_date=fields["sign_date"] or None))
    return dumps(doc)


def _choice(value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ValueError(f"{value!r} is not one of {', '.join(allowed)}")
    return value


def _safe_name(filename: str) -> str:
    """An upload's name for display and output names only: the last path piece, never opened."""
    return re.split(r"[\\/]", filename)[-1][:200] or "upload.txt"


def _stem(name: str) -> str:
    stem = re.sub(r"\.(txt|json|md)$", "", _safe_name(name), flags=re.IGNORECASE)
    return re.sub(r'[\x00-\x1f<>:"|?*]', "_", stem).strip(". ") or "document"


def _unique(stems: list[str]) -> list[str]:
    seen: Counter[str] = Counter()
    out = []
    for stem in stems:
        seen[stem] += 1
        out.append(stem if seen[stem] == 1 else f"{stem}-{seen[stem]}")
    return out


def _download(data: bytes, filename: str, kind: str) -> Response:
    from urllib.parse import quote

    disposition = f"attachment; filename=\"{quote(filename, safe='')}\"; filename*=UTF-8''{quote(filename, safe='')}"
    return Response(data, media_type=MEDIA[kind], headers={"content-disposition": disposition})
