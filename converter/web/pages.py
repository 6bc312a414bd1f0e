"""The page's side of every request: its language, the templates rendered, failures as messages.

Everything shared comes from ``request.app.state`` (``limit``, ``templates``), set by create_app.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from converter.web.edit import EditError
from converter.web.forms import SheetError, TooLarge, read_form, stem
from converter.web.messages import choose_language, kind_name, texts
from converter.web.proof import marked_lines

Handler = Callable[[Request, Any], Awaitable[Response]]


def language(request: Request) -> str:
    return choose_language(
        request.query_params.get("lang"), request.cookies.get("lang"), request.headers.get("accept-language", "")
    )


def page(request: Request, name: str, status: int = 200, **values: Any) -> HTMLResponse:
    lang = language(request)
    words = texts(lang)
    limit_mb = request.app.state.limit // (1024 * 1024)
    html = request.app.state.templates.get_template(name).render(
        t=words, lang=lang, other="en" if lang == "zh" else "zh", limit_mb=limit_mb, **values
    )
    response = HTMLResponse(html, status_code=status)
    if request.query_params.get("lang") in ("zh", "en"):
        response.set_cookie("lang", lang, samesite="strict")
    return response


def failure(request: Request, message: str, status: int) -> HTMLResponse:
    return page(request, "index.html", status=status, error=message)


def explain(request: Request, exc: Exception) -> tuple[str, int]:
    """What went wrong, as the page says it in the request's language, and the HTTP status."""
    words = texts(language(request))
    if isinstance(exc, TooLarge):
        return words["too_big"].format(size=request.app.state.limit // (1024 * 1024)), 413
    if isinstance(exc, EditError):
        return words[exc.key].format(**exc.values), 400
    if isinstance(exc, SheetError):
        return words["bad_style"].format(name=exc.name, reason=exc.reason), 400
    if isinstance(exc, (ValueError, KeyError)):
        return words["bad_request"].format(reason=exc), 400
    # a writer or a worker failing: a message on the page, never a traceback
    return words["bad_request"].format(reason=f"{type(exc).__name__}: {exc}"), 500


def post(handler: Handler, as_json: bool = False) -> Callable[[Request], Awaitable[Response]]:
    """An endpoint for a form: ``handler(request, form)``, any failure shown as a message, never a traceback."""

    async def endpoint(request: Request) -> Response:
        try:
            return await handler(request, await read_form(request))
        except Exception as exc:
            message, status = explain(request, exc)
            if as_json:  # asked for by the page's script, which shows the message in place
                return JSONResponse({"error": message}, status_code=status)
            return failure(request, message, status)

    return endpoint


def outline_html(request: Request, tree: str) -> str:
    """The outline of a tree, drawn as the result page draws it."""
    template = request.app.state.templates.get_template("outline.html")
    return template.render(t=texts(language(request)), doc=json.loads(tree))


def view(result: dict[str, Any], lang: str) -> dict[str, Any]:
    """What the result page shows of one input: the tree, the marked text, the warnings."""
    if "error" in result:
        return result
    tree = json.loads(result["tree"])
    report = result["report"]
    counts = Counter(c["kind"] for c in report["changes"])
    return {
        "name": result["name"],
        "stem": stem(result["name"]),
        "tree": result["tree"],
        "doc": tree,
        "lines": marked_lines(result["lines"], report["changes"], lambda kind: kind_name(kind, lang)),
        "warnings": report["warnings"],
        "encoding": report["encoding"],
        "counts": ", ".join(f"{kind_name(k, lang)} {n}" for k, n in counts.most_common()),
        "total": sum(counts.values()),
    }
