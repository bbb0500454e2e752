"""What the running server exposes: security headers everywhere, no files beyond the app's own,
and errors without tracebacks or server paths. A real server of the whole app (``live_app``)."""

from __future__ import annotations

import http.client
import json
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx
import pytest

from chatbot.config import PROJECT_ROOT

pytestmark = [pytest.mark.integration]

APP_PY = PROJECT_ROOT / "app.py"
PYPROJECT = PROJECT_ROOT / "pyproject.toml"


@pytest.fixture(scope="module")
def client(live_app):
    with httpx.Client(base_url=live_app.url, timeout=30) as c:
        yield c


def raw_request(live_app, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """Send ``path`` byte for byte: httpx would resolve ``..`` segments before sending."""
    port = urlsplit(live_app.url).port
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def assert_security_headers(headers) -> None:
    assert headers.get("x-content-type-options") == "nosniff"
    csp = headers.get("content-security-policy", "")
    assert "frame-ancestors" in csp, csp
    assert "default-src 'self'" in csp, csp
    assert "object-src 'none'" in csp, csp


# --------------------------------------------------------------------------- security headers

PAGES = [
    ("GET", "/", None),
    ("GET", "/embed/", None),
    ("GET", "/api/health", None),
    ("GET", "/widget.js", None),
    ("POST", "/api/ask", {"message": "How is calcinosis cutis treated?"}),
    ("POST", "/api/ask", {"message": ""}),                 # 422
    ("POST", "/api/ask", {"message": "x" * 5000}),         # 413
    ("POST", "/api/ask", {"history": "not a list"}),       # 422
    ("GET", "/api/ask", None),                              # wrong method
    ("GET", "/no/such/page", None),                         # 404
    ("GET", "/gradio_api/file=/etc/passwd", None),          # 403
    ("GET", "/config", None),
    ("GET", "/embed/config", None),
    ("GET", "/gradio_api/info", None),
    ("HEAD", "/", None),
]


@pytest.mark.parametrize(("method", "path", "body"), PAGES, ids=[f"{m} {p}" for m, p, _ in PAGES])
def test_every_response_carries_security_headers(client, method, path, body):
    response = client.request(method, path, json=body)
    assert_security_headers(response.headers)


def test_ui_pages_and_widget_are_served(client):
    """The headers test above is meaningful only if these really answer."""
    for path in ("/", "/embed/"):
        response = client.get(path)
        assert response.status_code == 200 and "text/html" in response.headers["content-type"]
    widget = client.get("/widget.js")
    assert widget.status_code == 200 and "javascript" in widget.headers["content-type"]
    assert client.get("/api/health").json()["status"] == "ok"


def test_headers_on_raw_malformed_requests(live_app):
    status, headers, _ = raw_request(live_app, "POST", "/api/ask", b"{not json", {"content-type": "application/json"})
    assert 400 <= status < 500
    assert_security_headers(headers)


# --------------------------------------------------------------------------- files outside the app


def _targets(real_settings) -> list[tuple[str, str]]:
    """(path as sent, a string that would prove the file's content leaked)."""
    manifest = (real_settings.index_dir / "manifest.json").resolve()
    shipped_manifest = PROJECT_ROOT / "index" / "current" / "manifest.json"
    targets = [
        ("/../pyproject.toml", "[project]"),
        ("/../../pyproject.toml", "[project]"),
        ("/%2e%2e/pyproject.toml", "[project]"),
        ("/%2e%2e%2fpyproject.toml", "[project]"),
        ("/%2E%2E%2F%2E%2E%2Fpyproject.toml", "[project]"),
        ("/..%2f..%2fpyproject.toml", "[project]"),
        ("/file=../pyproject.toml", "[project]"),
        ("/file=pyproject.toml", "[project]"),
        ("/file=" + str(PYPROJECT), "[project]"),
        ("/file=" + str(APP_PY), "def build_app"),
        ("/file=" + quote(str(APP_PY), safe=""), "def build_app"),
        ("/gradio_api/file=../pyproject.toml", "[project]"),
        ("/gradio_api/file=pyproject.toml", "[project]"),
        ("/gradio_api/file=%2e%2e%2fpyproject.toml", "[project]"),
        ("/gradio_api/file=app.py", "def build_app"),
        ("/gradio_api/file=" + str(APP_PY), "def build_app"),
        ("/gradio_api/file=/etc/passwd", "root:"),
        ("/gradio_api/file=%2fetc%2fpasswd", "root:"),
        ("/gradio_api/file=../../../../../../etc/passwd", "root:"),
        ("/gradio_api/file=/proc/self/environ", "PATH="),
        ("/gradio_api/file=/proc/self/cmdline", "pytest"),
        ("/gradio_api/file=" + str(manifest), '"corpus_hash"'),
        ("/gradio_api/file=" + quote(str(manifest), safe=""), '"corpus_hash"'),
        ("/gradio_api/file=" + str(shipped_manifest), '"corpus_hash"'),
        ("/file=" + str(manifest), '"corpus_hash"'),
        ("/embed/gradio_api/file=/etc/passwd", "root:"),
        ("/embed/gradio_api/file=" + str(manifest), '"corpus_hash"'),
        ("/embed/../pyproject.toml", "[project]"),
        ("/embed/..%2f..%2fpyproject.toml", "[project]"),
        ("/static/../../../../etc/passwd", "root:"),
        ("/static/..%2f..%2f..%2f..%2fetc%2fpasswd", "root:"),
        ("/assets/..%2f..%2f..%2f..%2fetc%2fpasswd", "root:"),
        ("/widget.js/../../pyproject.toml", "[project]"),
        ("/widget.js/..%2f..%2fpyproject.toml", "[project]"),
        ("/gradio_api/file=" + str(PROJECT_ROOT / "chatbot" / "web" / "http_api.py"), "def add_api_routes"),
    ]
    return targets


@pytest.fixture(scope="module")
def targets(real_settings):
    return _targets(real_settings)


def test_the_files_behind_the_probes_exist(real_bot, real_settings):
    """The markers really are in the files, so their absence below means something."""
    assert "[project]" in PYPROJECT.read_text(encoding="utf-8")
    assert "def build_app" in APP_PY.read_text(encoding="utf-8")
    assert '"corpus_hash"' in (real_settings.index_dir / "manifest.json").read_text(encoding="utf-8")
    if Path("/etc/passwd").is_file():
        assert "root:" in Path("/etc/passwd").read_text(encoding="utf-8", errors="replace")


def test_files_outside_the_app_are_not_served(live_app, targets):
    # Control: the probe does see a file the app does serve.
    status, _, widget = raw_request(live_app, "GET", "/widget.js")
    assert status == 200 and b"widget" in widget
    leaks = []
    for path, marker in targets:
        status, headers, body = raw_request(live_app, "GET", path)
        text = body.decode("utf-8", errors="replace")
        if marker in text:
            leaks.append((path, status))
        assert status < 500, (path, status, text[:200])
        assert "Traceback" not in text, path
        assert_security_headers(headers)
    assert leaks == [], f"file contents served for: {leaks}"


def test_files_outside_the_app_through_httpx_as_well(client, targets):
    """The same probes as a normal client sends them (with its own path normalisation)."""
    for path, marker in targets:
        response = client.get(path)
        assert marker not in response.text, (path, response.status_code)


def test_gradio_file_route_refuses_the_index_and_source_files(client, real_settings):
    for target in [real_settings.index_dir / "manifest.json", real_settings.index_dir / "chunks.jsonl",
                   APP_PY, PROJECT_ROOT / "chatbot" / "config.py"]:
        response = client.get(f"/gradio_api/file={target}")
        assert response.status_code in (403, 404), (target, response.status_code)


# --------------------------------------------------------------------------- errors without internals

ERROR_REQUESTS = [
    (b"{not json", "application/json"),
    (b'{"message": ', "application/json"),
    (b"", "application/json"),
    (b"null", "application/json"),
    (b'{"message": 12}', "application/json"),
    (b'{"message": "hi", "history": [{"role": "system", "content": 1}]}', "application/json"),
    (b'{"message": "\xff\xfe"}', "application/json"),
    (b"[" * 50_000 + b"]" * 50_000, "application/json"),
    (b'{"message": ' + b"9" * 5000 + b"}", "application/json"),
    (b"message=hi", "application/x-www-form-urlencoded"),
    (b"--x\r\nContent-Disposition: form-data; name=message\r\n\r\nhi\r\n--x--\r\n", "multipart/form-data; boundary=x"),
    (b'{"message": "hi"}', "text/plain"),
]


def _assert_no_internals(text: str) -> None:
    for secret in ("Traceback", 'File "', str(PROJECT_ROOT), "/work/", "site-packages", ".py\""):
        assert secret not in text, f"{secret!r} shown in {text[:300]!r}"


@pytest.mark.parametrize(("body", "content_type"), ERROR_REQUESTS,
                         ids=[f"{i}-{ct.split(';')[0]}" for i, (_, ct) in enumerate(ERROR_REQUESTS)])
def test_api_errors_show_no_traceback_or_path(live_app, body, content_type):
    status, headers, raw = raw_request(live_app, "POST", "/api/ask", body, {"content-type": content_type})
    assert 400 <= status < 500, (status, raw[:200])
    text = raw.decode("utf-8", errors="replace")
    _assert_no_internals(text)
    assert headers["content-type"].startswith("application/json")
    assert "<html" not in text.lower()


def test_gradio_api_errors_show_no_traceback_or_path(live_app, client):
    """The named Gradio endpoint and unknown ones hide their errors (``show_error=False``); junk gets a 4xx."""
    from eval.perf.hostile import fn_ids
    from tests.test_hardening_server import gradio_ask

    reply = gradio_ask(client, fn_ids(client)["ask"], [123, "not a history"])
    _assert_no_internals(json.dumps(reply))
    assert reply == [{"error": "history must be a list of {role, content} messages"}]  # a clear message, not a crash
    for path in ("/gradio_api/call/ask", "/gradio_api/call/no_such_api", "/gradio_api/run/predict",
                 "/gradio_api/queue/join"):
        status, headers, body = raw_request(live_app, "POST", path, b'{"data": []}', {"content-type": "application/json"})
        assert 400 <= status < 500, (path, status)
        _assert_no_internals(body.decode("utf-8", errors="replace"))
        assert_security_headers(headers)


def test_health_and_config_do_not_reveal_server_paths(client, real_settings):
    for path in ("/api/health", "/config", "/embed/config", "/gradio_api/info", "/api/openapi.json"):
        text = client.get(path).text
        assert str(real_settings.index_dir) not in text, path
        assert str(real_settings.corpus_dir) not in text, path
        assert str(PROJECT_ROOT) not in text, path
