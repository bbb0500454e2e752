"""A real browser (Debian's headless Chromium, driven by Playwright) against the real server."""

from __future__ import annotations

import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from chatbot.config import PROJECT_ROOT
from tests.conftest import free_port

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = PROJECT_ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    assert executable, "Debian's chromium is not installed: run `make browser-deps` (make test does)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Page:
    """A page that records every request and every dialog (an alert would mean script ran)."""

    def __init__(self, browser, width: int, height: int) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.hosts: set[str] = set()
        self.dialogs: list[str] = []
        self.page.on("request", lambda r: self.hosts.add(urlparse(r.url).netloc))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def ask(self, frame, question: str) -> None:
        box = frame.locator("#question textarea")
        box.wait_for(timeout=60_000)
        box.fill(question)
        box.press("Enter")


def _answers(frame):
    return frame.locator("#chat .answer")


def test_patient_gets_a_cited_answer_and_opens_a_citation(browser, live_app):
    ARTIFACTS.mkdir(exist_ok=True)
    for name, (w, h) in {"desktop": (1280, 900), "phone": (375, 800)}.items():
        p = Page(browser, w, h)
        p.page.goto(f"{live_app.url}/", wait_until="load")
        p.ask(p.page, "How is calcinosis cutis treated?")
        answer = _answers(p.page).first
        answer.wait_for(timeout=60_000)
        assert answer.locator("sup.cite").count() >= 1
        first = answer.locator("details.citation").first
        assert not first.locator("mark").is_visible()
        first.locator("summary").click()
        mark = first.locator("mark")
        mark.wait_for(state="visible")
        assert mark.inner_text().strip()
        assert "not a diagnosis or medical advice" in p.page.locator("#notice").inner_text()
        p.page.screenshot(path=str(ARTIFACTS / f"chat-{name}.png"), full_page=True)
        assert p.hosts == {urlparse(live_app.url).netloc}, p.hosts
        assert p.dialogs == []
        p.page.close()


def test_html_in_a_question_is_shown_as_text_and_runs_nothing(browser, live_app):
    p = Page(browser, 1280, 900)
    p.page.goto(f"{live_app.url}/", wait_until="load")
    attack = "<img src=x onerror=alert(1)> <script>alert(2)</script> what is calcinosis cutis?"
    p.ask(p.page, attack)
    _answers(p.page).first.wait_for(timeout=60_000)
    chat = p.page.locator("#chat")
    assert "<img src=x onerror=alert(1)>" in chat.inner_text()
    assert chat.locator("img[src='x']").count() == 0 and chat.locator("script").count() == 0
    p.page.wait_for_timeout(500)
    assert p.dialogs == []
    assert p.hosts == {urlparse(live_app.url).netloc}
    p.page.close()


@pytest.fixture
def third_party_site(tmp_path: Path, live_app):
    """A page on another local port that embeds the widget with the one-line snippet."""
    (tmp_path / "index.html").write_text(
        "<!doctype html><html><head><title>Clinic</title>"
        "<style>button, iframe, div { all: unset; } body { font: 40px serif; }</style></head>"
        "<body><h1>Springfield Dermatology Clinic</h1>"
        f'<script src="{live_app.url}/widget.js" async data-title="Ask our skin bot" data-color="#7c3aed"></script>'
        "</body></html>"
    )
    handler = lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path))  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_widget_on_a_third_party_page_opens_and_answers(browser, live_app, third_party_site):
    p = Page(browser, 1280, 900)
    p.page.goto(f"{third_party_site}/index.html", wait_until="load")
    button = p.page.get_by_role("button", name="Ask our skin bot")
    button.wait_for(timeout=30_000)
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    frame = p.page.frame_locator("#calcinosis-chat-frame")
    p.ask(frame, "What are the symptoms of calcinosis cutis?")
    answer = frame.locator("#chat .answer").first
    answer.wait_for(timeout=60_000)
    assert answer.locator("details.citation").count() >= 1
    p.page.screenshot(path=str(ARTIFACTS / "widget-third-party.png"))
    assert p.hosts <= {urlparse(live_app.url).netloc, urlparse(third_party_site).netloc}, p.hosts
    assert p.dialogs == []
    p.page.close()


def test_keyboard_only_patient_can_ask_and_open_a_citation(browser, live_app):
    p = Page(browser, 1280, 900)
    p.page.goto(f"{live_app.url}/", wait_until="load")
    p.page.locator("#question textarea").wait_for(timeout=60_000)
    p.page.locator("#question textarea").focus()  # the box has autofocus; focus() makes the test independent of timing
    p.page.keyboard.type("What is calciphylaxis?")
    p.page.keyboard.press("Enter")
    answer = _answers(p.page).first
    answer.wait_for(timeout=60_000)
    for _ in range(80):
        if p.page.evaluate("() => document.activeElement && document.activeElement.tagName") == "SUMMARY":
            break
        p.page.keyboard.press("Shift+Tab")
    else:
        pytest.fail("no citation could be reached with the keyboard")
    p.page.keyboard.press("Enter")
    assert p.page.evaluate("() => document.activeElement.parentElement.open") is True
    p.page.close()
