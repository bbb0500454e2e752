"""Proxy trust in one place: X-Forwarded-For counts only from a listed proxy, read right to left."""

from __future__ import annotations

import asyncio

import pytest

from chatbot.config import load_settings
from chatbot.web.proxy import ClientAddress, ProxySettingsError, TrustedProxies

pytestmark = pytest.mark.unit


def test_without_trusted_proxies_the_header_is_ignored():
    proxies = TrustedProxies("")
    assert proxies.client("127.0.0.1", ["6.6.6.6"]) == "127.0.0.1"
    assert proxies.client(None, ["6.6.6.6"]) == "unknown"


def test_an_untrusted_peer_cannot_claim_another_address():
    proxies = TrustedProxies("10.0.0.0/8")
    assert proxies.client("127.0.0.1", ["6.6.6.6"]) == "127.0.0.1"


@pytest.mark.parametrize(("lines", "client"), [
    (["1.2.3.4"], "1.2.3.4"),
    (["6.6.6.6, 1.2.3.4"], "1.2.3.4"),                      # the client wrote the first entry
    (["6.6.6.6", "1.2.3.4"], "1.2.3.4"),                    # every header line is read, not only the first
    (["6.6.6.6, 1.2.3.4, 10.0.0.7"], "1.2.3.4"),            # a second trusted proxy in the chain is skipped
    (["1.2.3.4:5555"], "1.2.3.4"),                          # ports are dropped
    (["[2001:db8::1]:443"], "2001:db8::1"),
    (["2001:db8::1"], "2001:db8::1"),
    (["10.0.0.8, 10.0.0.9"], "10.0.0.8"),                   # all trusted: the left-most
    ([], "10.0.0.2"),                                        # no header: the proxy itself
    (["1.2.3.4, not-an-address"], "not-an-address"),       # junk next to the proxy is still a key of its own
])
def test_behind_a_trusted_proxy_the_right_most_untrusted_address_is_the_client(lines, client):
    assert TrustedProxies("10.0.0.0/8 127.0.0.1").client("10.0.0.2", lines) == client


def test_a_bad_list_and_the_old_switch_are_refused_in_one_sentence():
    with pytest.raises(ProxySettingsError, match="CHATBOT_TRUSTED_PROXIES 'localhost'"):
        TrustedProxies("localhost")
    with pytest.raises(ProxySettingsError, match="replaced by CHATBOT_TRUSTED_PROXIES"):
        TrustedProxies.from_settings(load_settings(env={"CHATBOT_TRUST_FORWARDED_FOR": "true"}))


def _client_seen(proxies: TrustedProxies, peer: str, headers: list[tuple[bytes, bytes]]) -> str:
    seen = {}

    async def app(scope, receive, send):  # type: ignore[no-untyped-def]
        seen["client"] = scope["client"][0]

    scope = {"type": "http", "client": (peer, 1234), "headers": headers, "path": "/"}
    asyncio.run(ClientAddress(app, proxies)(scope, None, None))  # type: ignore[arg-type]
    return seen["client"]


def test_the_middleware_puts_the_proven_sender_in_the_scope():
    headers = [(b"x-forwarded-for", b"6.6.6.6"), (b"x-forwarded-for", b"1.2.3.4")]
    assert _client_seen(TrustedProxies("127.0.0.1"), "127.0.0.1", headers) == "1.2.3.4"
    assert _client_seen(TrustedProxies("127.0.0.1"), "5.5.5.5", headers) == "5.5.5.5"
    assert _client_seen(TrustedProxies(""), "127.0.0.1", headers) == "127.0.0.1"
