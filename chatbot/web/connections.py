"""Connection guards in the HTTP server itself, before any request exists.

uvicorn's HTTP/1.1 protocol with three rules added: a connection must deliver a
request's complete headers within ``header_timeout`` seconds of opening (or of
its previous response), or it is closed, so a client that sends half its
headers, or nothing, is dropped; at most ``max_connections`` are open at once
and at most ``max_per_client`` from one address (a trusted proxy excepted); a
connection beyond either cap gets a short 503 and is closed at once, before it
can hold a file descriptor. Refusals and drops are counted (``chatbot.web.tally``),
never logged one by one.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from uvicorn.config import Config
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState

from chatbot.web.proxy import TrustedProxies
from chatbot.web.tally import TALLY, Tally


@dataclass
class ConnectionRules:
    header_timeout: float
    max_connections: int
    max_per_client: int
    proxies: TrustedProxies
    tally: Tally = TALLY
    open_per_client: Counter[str] = field(default_factory=Counter)


def _refusal(message: str) -> bytes:
    body = json.dumps({"error": message}).encode()
    head = (
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nconnection: close\r\n"
        f"retry-after: 5\r\ncontent-length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


TOO_MANY_OWN = _refusal("Too many open connections from your address; close some and try again.")
TOO_MANY_ALL = _refusal("The server has too many open connections; please try again in a few seconds.")


def guarded_protocol(rules: ConnectionRules) -> Callable[..., asyncio.Protocol]:
    """The protocol factory to pass as ``uvicorn.Config(http=...)``: a gate that refuses a connection over
    a cap at once (before any HTTP machinery exists for it) and hands the others to uvicorn's
    ``H11Protocol`` with the header timeout."""

    class GuardedH11Protocol(H11Protocol):
        _peer: str | None = None
        _header_timer: asyncio.TimerHandle | None = None
        _armed_for: object = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._peer = self.client[0] if self.client else "unknown"
            rules.open_per_client[self._peer] += 1
            self._arm_header_timer()

        def _arm_header_timer(self) -> None:
            self._cancel_header_timer()
            self._armed_for = self.cycle  # headers are complete once a new cycle exists
            self._header_timer = self.loop.call_later(rules.header_timeout, self._headers_overdue)

        def _cancel_header_timer(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _headers_overdue(self) -> None:
            self._header_timer = None
            if self.cycle is self._armed_for and not self.transport.is_closing():
                rules.tally.count("connections without complete headers in time")
                self.transport.close()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self._header_timer is not None and self.cycle is not self._armed_for:
                self._cancel_header_timer()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                if self.cycle is None or self.cycle.response_complete:
                    self._arm_header_timer()
                else:
                    self._cancel_header_timer()  # a pipelined request already started

        def connection_lost(self, exc: Exception | None) -> None:
            self._cancel_header_timer()
            if self._peer is not None:
                rules.open_per_client[self._peer] -= 1
                if rules.open_per_client[self._peer] <= 0:
                    del rules.open_per_client[self._peer]
                self._peer = None
            super().connection_lost(exc)

    class Gate(asyncio.Protocol):
        """Decides in ``connection_made``: refuse over a cap, or become a ``GuardedH11Protocol``."""

        def __init__(self, config: Config, server_state: ServerState, app_state: dict[str, Any],
                     _loop: asyncio.AbstractEventLoop | None = None) -> None:
            self.args = {"config": config, "server_state": server_state, "app_state": app_state, "_loop": _loop}

        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            assert isinstance(transport, asyncio.Transport)
            peer = (transport.get_extra_info("peername") or ("unknown",))[0]
            if len(self.args["server_state"].connections) >= rules.max_connections:
                self._refuse(transport, TOO_MANY_ALL, "connections over the total cap")
            elif not rules.proxies.trusts(peer) and rules.open_per_client[peer] >= rules.max_per_client:
                self._refuse(transport, TOO_MANY_OWN, "connections over the per-client cap")
            else:
                protocol = GuardedH11Protocol(**self.args)
                transport.set_protocol(protocol)
                protocol.connection_made(transport)

        @staticmethod
        def _refuse(transport: asyncio.Transport, response: bytes, reason: str) -> None:
            rules.tally.count(reason)
            transport.write(response)
            transport.close()

    return Gate
