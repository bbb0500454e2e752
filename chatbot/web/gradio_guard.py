"""Gradio's queue as the chat uses it, and nothing more: checked before Gradio reads a byte.

The chat and ``gradio_client`` only join the queue (``POST .../queue/join``),
cancel or reset an event, run one of the page's few unqueued events directly
(``POST .../run/<name>``: filling in an example question) and read results
over server-sent events. Every other Gradio POST route is closed, and a direct
run of a queued event too. A join is refused when its body is over
``max_join_bytes`` or its ``session_hash`` over 64 characters (413), when it is
not a join of one of the page's own events (422, one sentence, where Gradio
would answer junk with a 500 and a traceback), or when its sender joins faster
than the join rate limit (429). Refusals are counted (``chatbot.web.tally``),
never logged one by one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from urllib.parse import parse_qs

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chatbot.web.limits import Limiter, RateLimiter
from chatbot.web.tally import TALLY, Tally

_GRADIO = re.compile(r"^(?P<mount>(?:/embed)?)/gradio_api/(?P<route>.*?)/?$")
POST_ROUTES = frozenset({"queue/join", "cancel", "reset"})
MAX_SESSION_HASH = 64
_SESSION_HASH = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
SMALL_BODY = 16 * 1024  # cancel and reset carry an event id


class Refusal(Exception):
    def __init__(self, status: int, message: str, reason: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.reason, self.headers = status, message, reason, dict(headers or {})


def check_join(body: bytes, events: frozenset[int]) -> None:
    """A join (or direct run) of one of ``events`` the page's own front end could have sent,
    or ``Refusal`` saying what is wrong."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise Refusal(422, "Invalid join: the body is not JSON in UTF-8.", "join not JSON") from None
    if not isinstance(data, dict):
        raise Refusal(422, "Invalid join: the body must be a JSON object.", "join not an object")
    _check_session_hash(data.get("session_hash"), "Invalid join: ")
    fn = data.get("fn_index")
    if not (type(fn) is int and fn in events):
        raise Refusal(422, "Invalid join: fn_index is not an event of this page.", "bad fn_index")
    if not isinstance(data.get("data"), list):
        raise Refusal(422, "Invalid join: data must be a list of the event's inputs.", "bad join data")
    trigger = data.get("trigger_id")
    if trigger is not None and type(trigger) is not int:
        raise Refusal(422, "Invalid join: trigger_id must be a number.", "bad trigger_id")


async def read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole request body, or None as soon as it passes ``limit`` bytes."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


class GradioGuard:
    """Pure ASGI middleware in front of the mounted Gradio apps.

    ``events`` maps each mount ("" for the chat, "/embed") to its page's events
    (id -> whether it goes through the queue); ``joins`` limits joins and direct
    runs per sender (``scope["client"]``, as ``chatbot.web.proxy`` proved it).
    """

    def __init__(self, app: ASGIApp, events: Mapping[str, Mapping[int, bool]], joins: Limiter, max_join_bytes: int,
                 tally: Tally = TALLY) -> None:
        self.app = app
        self.events = dict(events)
        # Per mount, the events a join (queued) or a direct run (not queued) may name: fixed at start.
        self._allowed = {
            mount: {run: frozenset(e for e, queued in page.items() if queued != run) for run in (False, True)}
            for mount, page in self.events.items()
        }
        self.joins = joins
        self.max_join_bytes = max_join_bytes
        self.tally = tally

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        match = _GRADIO.match(scope["path"]) if scope["type"] == "http" else None
        if match is None or match["mount"] not in self.events:
            await self.app(scope, receive, send)
            return
        try:
            if scope["method"] == "POST":
                body = await self._checked_post(scope, receive, match["mount"], match["route"])
                receive = _replay(body, receive)
            else:
                _check_get(scope, match["route"])
        except Refusal as refusal:
            self.tally.count(f"gradio {refusal.reason}")
            await _json_error(send, refusal.status, refusal.message, refusal.headers)
            return
        await self.app(scope, receive, send)

    async def _checked_post(self, scope: Scope, receive: Receive, mount: str, route: str) -> bytes:
        run = route.startswith(("run/", "api/"))
        if route not in POST_ROUTES and not run:
            raise Refusal(404, "Not found.", "closed route")
        join = route == "queue/join" or run
        limit = self.max_join_bytes if join else SMALL_BODY
        body = await read_body(receive, limit)
        if body is None:
            raise Refusal(413, f"The request is too large; the limit is {limit} bytes.", "body too large")
        if join:
            client = (scope.get("client") or ("unknown",))[0]
            wait = (self.joins.acquire(client) if isinstance(self.joins, RateLimiter)
                    else await anyio.to_thread.run_sync(self.joins.acquire, client))
            if wait:
                seconds = max(1, round(wait))
                raise Refusal(429, f"Too many requests from your address; please wait {seconds} s and try again.",
                              "joins limited", {"Retry-After": str(seconds)})
            # A join is for a queued event, a direct run for an unqueued one: never a way round the queue.
            try:
                check_join(body, self._allowed[mount][run])
            except Refusal as refusal:
                if run and refusal.status == 422:  # as Gradio says it: this endpoint is not there for direct calls
                    raise Refusal(404, "Not found: join the queue to use this event.", "direct run refused") from None
                raise
        return body


def _check_get(scope: Scope, route: str) -> None:
    """Session ids in a GET (``heartbeat/<id>``, ``?session_hash=``) obey the join's rule too."""
    ids = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("session_hash", [])
    if route.startswith("heartbeat/"):
        ids.append(route.split("/", 1)[1])
    for value in ids:
        _check_session_hash(value)


def _check_session_hash(value: object, prefix: str = "") -> None:
    """A session id is 1 to 64 letters, digits, '-' or '_' (413 when longer, 422 otherwise)."""
    if isinstance(value, str) and len(value) > MAX_SESSION_HASH:
        raise Refusal(413, f"{prefix}session_hash is longer than {MAX_SESSION_HASH} characters.", "session_hash too long")
    if not (isinstance(value, str) and _SESSION_HASH.match(value)):
        raise Refusal(422, f"{prefix}session_hash must be 1 to 64 letters, digits, '-' or '_'.", "bad session_hash")


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives the already-read body once, then whatever the client sends next."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _json_error(send: Send, status: int, message: str, headers: Mapping[str, str]) -> None:
    body = json.dumps({"error": message}).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        *((k.lower().encode(), v.encode()) for k, v in headers.items()),
    ]})
    await send({"type": "http.response.body", "body": body})
