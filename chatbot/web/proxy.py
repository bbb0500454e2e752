"""Who sent a request: the one place that reads X-Forwarded-For.

The header is written by whoever connects, so it is believed only when the
connection comes from a proxy the operator lists in ``CHATBOT_TRUSTED_PROXIES``
(addresses or networks). Then the client is the right-most address, over every
X-Forwarded-For line, that is not itself a trusted proxy: the entries to its
left were written by the client and prove nothing. ``ClientAddress`` puts that
address in the ASGI scope, so FastAPI, Gradio, the rate limits and the join
guard all see the same sender. The server must run without uvicorn's own
proxy-header handling (``chatbot.web.server`` does).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

from chatbot.config import Settings
from chatbot.errors import ChatbotError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
MAX_ENTRIES = 64  # a longer chain is an attack, not a route


class ProxySettingsError(ChatbotError):
    """CHATBOT_TRUSTED_PROXIES (or the old CHATBOT_TRUST_FORWARDED_FOR) is not usable."""


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The IP of an X-Forwarded-For entry (``1.2.3.4``, ``1.2.3.4:5678``, ``[::1]:80``, ``::1``), or None."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:text.find("]")] if "]" in text else text
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


class TrustedProxies:
    """The operator's list of proxies, and the client address a request's headers prove."""

    def __init__(self, spec: str) -> None:
        self.networks: tuple[Network, ...] = ()
        items = [s for s in spec.replace(",", " ").split() if s]
        try:
            self.networks = tuple(ipaddress.ip_network(s, strict=False) for s in items)
        except ValueError as exc:
            raise ProxySettingsError(
                f"CHATBOT_TRUSTED_PROXIES {spec!r} is not a list of addresses or networks ({exc}); "
                "give e.g. \"127.0.0.1, 10.0.0.0/8\", or leave it empty when no proxy is in front."
            ) from None

    @classmethod
    def from_settings(cls, settings: Settings) -> TrustedProxies:
        if settings.trust_forwarded_for:
            raise ProxySettingsError(
                "CHATBOT_TRUST_FORWARDED_FOR is replaced by CHATBOT_TRUSTED_PROXIES: list the proxy's "
                "address there (e.g. 127.0.0.1) and unset the old variable."
            )
        return cls(settings.trusted_proxies)

    def trusts(self, host: str | None) -> bool:
        address = _address(host) if host else None
        return address is not None and any(address in net for net in self.networks)

    def client(self, peer: str | None, forwarded_for: Iterable[str]) -> str:
        """The sender: ``peer`` itself unless it is a trusted proxy; then the right-most untrusted entry."""
        if not self.trusts(peer):
            return peer or "unknown"
        entries = [e.strip() for line in forwarded_for for e in line.split(",") if e.strip()][-MAX_ENTRIES:]
        for entry in reversed(entries):
            address = _address(entry)
            if address is None:
                return entry[:64]  # not an address: the proxy's neighbour wrote junk; it is still a key
            if not any(address in net for net in self.networks):
                return str(address)
        return str(_address(entries[0])) if entries else peer or "unknown"


class ClientAddress:
    """Pure ASGI middleware: ``scope["client"]`` becomes the sender ``TrustedProxies`` proves."""

    def __init__(self, app: ASGIApp, proxies: TrustedProxies) -> None:
        self.app = app
        self.proxies = proxies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and self.proxies.networks:
            peer, port = scope.get("client") or (None, 0)
            lines = [v.decode("latin-1") for k, v in scope.get("headers") or () if k == b"x-forwarded-for"]
            scope = dict(scope, client=(self.proxies.client(peer, lines), port))
        await self.app(scope, receive, send)
