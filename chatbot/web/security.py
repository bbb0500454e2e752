"""Page security for every response: the request guard (body size, blocked routes) and security headers."""

from __future__ import annotations

import json
import re

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chatbot.config import Settings


def content_security_policy(frame_ancestors: str) -> str:
    """Only the app's own origin may supply scripts, styles, images, fonts and connections.

    Gradio's front end needs inline scripts and ``eval`` (its compiled Svelte
    bundles); every text placed in the page is escaped, so those are not an
    opening for a user's or a source's text. Gradio 6 talks to the server over
    HTTP and server-sent events only, so no ``ws:`` origin is allowed.
    """
    return (
        "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        "connect-src 'self'; media-src 'self' blob:; worker-src 'self' blob:; "
        f"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors {frame_ancestors}"
    )


# Gradio's upload routes (under the chat and the embed view): the chat has no file
# inputs, so an open upload would only let anyone fill the server's disk.
_BLOCKED_PATHS = re.compile(r"/gradio_api/(upload|upload_progress)(/|$)|^/(embed/)?upload(/|$)")


class RequestGuard:
    """Pure ASGI middleware that refuses, before any app code runs, what this app never needs:
    request bodies over ``max_bytes`` (by ``Content-Length`` or as they stream in) and
    Gradio's file-upload routes. Without it a 50 MB JSON body is read and parsed in full."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _BLOCKED_PATHS.search(scope["path"]):
            await _plain_error(send, 404, "Not found.")
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length", b"")
        too_large = f"The request is too large; the limit is {self.max_bytes} bytes."
        if declared.strip().isdigit() and int(declared) > self.max_bytes:
            await _plain_error(send, 413, too_large)
            return
        received = 0
        started = refused = False

        async def counted_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # Answer now and tell the app the client left: frameworks turn an
                    # exception raised here into their own 400, which would hide the limit.
                    refused = True
                    if not started:
                        await _plain_error(send, 413, too_large)
                    return {"type": "http.disconnect"}
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the 413 has been sent; whatever the app says after it is dropped
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counted_receive, tracked_send)


async def _plain_error(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
    ]})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Pure ASGI middleware: the security headers on every HTTP response, set as the response starts.

    (Starlette's ``@app.middleware("http")`` would do the same through a task
    group and a memory stream per request, which cost each answer over HTTP
    more than some stages of the answer itself.)
    """

    def __init__(self, app: ASGIApp, csp: str) -> None:
        self.app = app
        common = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"content-security-policy", csp.encode("latin-1")),
        ]
        # The staff embed script is loaded by other sites: no same-origin resource policy on it.
        self._widget = (common, frozenset(name for name, _ in common))
        page = [*common, (b"cross-origin-resource-policy", b"same-origin")]
        self._page = (page, frozenset(name for name, _ in page))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        ours, names = self._widget if scope.get("path") == "/widget.js" else self._page

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":  # ours replace the app's, as setting them would
                kept = [(k, v) for k, v in message.get("headers", ()) if k.lower() not in names]
                message = {**message, "headers": [*kept, *ours]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def add_security_headers(app: FastAPI, settings: Settings) -> None:
    """Security headers on every response, and the request guard inside them (so its refusals carry them too)."""
    app.add_middleware(RequestGuard, max_bytes=settings.max_request_bytes)
    app.add_middleware(SecurityHeaders, csp=content_security_policy(settings.frame_ancestors))
