"""The Starlette app behind ``converter serve`` (README, "Web page"): it only assembles the pieces.

Stateless: the result page carries each tree as outline JSON in its forms, so an edit and a
download post the tree back and nothing is kept between requests. Nothing from a request is
used as a path: uploads are read into memory under a size limit, static files come from a
fixed list, and outputs are rendered through temporary folders the writers remove.
The routes (converter/web/routes.py) read what they share from ``app.state``: ``limit``,
``templates`` and ``pool``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware

from converter.web.forms import SheetError, TooLarge
from converter.web.routes import ROUTES

__all__ = ["DEFAULT_LIMIT", "LimitBody", "RenderPool", "SheetError", "TooLarge", "create_app"]

DEFAULT_LIMIT = 20 * 1024 * 1024


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


class RenderPool:
    """The rendering processes, started by the first request that needs one."""

    def __init__(self, workers: int | None) -> None:
        self.workers = workers
        self.executor: ProcessPoolExecutor | None = None

    async def run(self, function: Any, *args: Any) -> Any:
        if self.executor is None:  # spawned, not forked: the server's threads are not copied into workers
            self.executor = ProcessPoolExecutor(self.workers or _workers(), mp_context=get_context("spawn"))
        executor = self.executor
        try:
            return await asyncio.get_running_loop().run_in_executor(executor, function, *args)
        except BrokenProcessPool:  # a worker died (killed, out of memory): the next request gets a fresh pool
            if self.executor is executor:
                self.executor = None
            executor.shutdown(wait=False, cancel_futures=True)
            raise

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(cancel_futures=True)
            self.executor = None


def create_app(limit: int = DEFAULT_LIMIT, workers: int | None = None) -> Starlette:
    """The app; ``limit`` caps a request body in bytes, ``workers`` the rendering processes."""
    pool = RenderPool(workers)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        pool.close()

    app = Starlette(routes=list(ROUTES), middleware=[Middleware(LimitBody, limit=limit)], lifespan=lifespan)
    app.state.limit = limit
    app.state.pool = pool
    app.state.templates = Environment(
        loader=PackageLoader("converter.web", "templates"), autoescape=select_autoescape()
    )
    return app
