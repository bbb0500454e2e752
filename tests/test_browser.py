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

pytestmark = [pytest.mark.browser, pytest.mark.slow]

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

    def close_checked(self, *urls: str) -> None:
        """Close the page after checking it: every request went to one of ``urls``' hosts, no dialog opened."""
        allowed = {urlparse(u).netloc for u in urls}
        assert self.hosts <= allowed, self.hosts
        assert self.dialogs == []
        self.page.close()

    def ask(self, frame, question: str) -> None:
        ask(frame, question)


def ask(frame, question: str) -> None:
    """Type ``question`` into the chat in ``frame`` (a page or the widget's frame) and send it."""
    box = frame.locator("#question textarea")
    box.wait_for(timeout=60_000)
    box.fill(question)
    box.press("Enter")


def serve_folder(folder: Path):
    """A static web server on a free loopback port for ``folder``: (server, its URL)."""
    def handler(*a):  # type: ignore[no-untyped-def]
        return http.server.SimpleHTTPRequestHandler(*a, directory=str(folder))

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


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
        assert not first.locator("mark").first.is_visible()
        first.locator("summary").click()
        mark = first.locator("mark").first  # an article's entry holds every sentence quoted from it
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


def clinic_page(bot_url: str, widget_attributes: str) -> str:
    """A hostile-styled clinic page that embeds the widget with the one-line snippet."""
    return (
        "<!doctype html><html><head><title>Clinic</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<style>button, iframe, div, span { all: unset; } body { font: 40px serif; }</style></head>"
        "<body><h1>Springfield Dermatology Clinic</h1>"
        f'<script src="{bot_url}/widget.js" async {widget_attributes}></script>'
        "</body></html>"
    )


@pytest.fixture
def third_party_site(tmp_path: Path, live_app):
    """A page on another local port (index.html) that embeds the widget; tests may add pages to ``tmp_path``."""
    page = clinic_page(live_app.url, 'data-title="Ask our skin bot" data-color="#7c3aed"')
    (tmp_path / "index.html").write_text(page)
    server, url = serve_folder(tmp_path)
    yield url
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
    p.close_checked(live_app.url, third_party_site)


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


PHONE = (375, 667)


def _active(page) -> str:
    """What has focus on the host page: its id, aria-label, aria-controls (the launcher) or tag name."""
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e.id || e.getAttribute('aria-label') || e.getAttribute('aria-controls') || e.tagName; }"
    )


def _press_until(page, key: str, wanted: str, limit: int = 80) -> None:
    for _ in range(limit):
        if _active(page) == wanted:
            return
        page.keyboard.press(key)
    pytest.fail(f"{key} never reached {wanted!r}; focus is on {_active(page)!r}")


def _inside(box, width: float, height: float, x: float = 0, y: float = 0) -> bool:
    """Whether a bounding box lies within the rectangle (x, y, width, height)."""
    return bool(box) and box["x"] >= x and box["y"] >= y and (
        box["x"] + box["width"] <= x + width and box["y"] + box["height"] <= y + height
    )


def test_widget_on_a_phone_opens_and_closes_with_the_keyboard(browser, live_app, third_party_site):
    w, h = PHONE
    p = Page(browser, w, h)
    p.page.goto(f"{third_party_site}/index.html", wait_until="load")
    # Full screen, the open chat hides the launcher: include_hidden keeps it findable.
    launcher = p.page.get_by_role("button", name="Ask our skin bot", include_hidden=True)
    launcher.wait_for(timeout=30_000)
    _press_until(p.page, "Tab", "calcinosis-chat-panel", limit=10)  # the launcher controls the panel
    p.page.keyboard.press("Enter")
    dialog = p.page.get_by_role("dialog", name="Ask our skin bot")
    dialog.wait_for(state="visible")
    assert launcher.get_attribute("aria-expanded") == "true" and not launcher.is_visible()
    assert _active(p.page) == "calcinosis-chat-frame", "opening did not move focus into the chat"
    close = dialog.get_by_role("button", name="Close chat")
    frame = p.page.frame_locator("#calcinosis-chat-frame")
    question = frame.locator("#question textarea")
    question.wait_for(state="visible", timeout=60_000)
    assert _inside(dialog.bounding_box(), w, h), dialog.bounding_box()
    for element in (close, question, frame.locator("#ask")):
        assert element.is_visible() and _inside(element.bounding_box(), w, h), element.bounding_box()
    ARTIFACTS.mkdir(exist_ok=True)
    p.page.screenshot(path=str(ARTIFACTS / "widget-phone-open.png"))

    # Shift+Tab leaves the chat for the close button; Escape (on the host page) closes it.
    _press_until(p.page, "Shift+Tab", "Close chat", limit=10)
    p.page.keyboard.press("Escape")
    assert not dialog.is_visible() and launcher.get_attribute("aria-expanded") == "false"
    assert _active(p.page) == "calcinosis-chat-panel", "focus did not return to the launcher"

    # Reopened, the chat answers, and the close button stays on screen above the scrolling chat.
    p.page.keyboard.press("Enter")
    dialog.wait_for(state="visible")
    assert _active(p.page) == "calcinosis-chat-frame"
    p.ask(frame, "What are the symptoms of calcinosis cutis?")
    frame.locator("#chat .answer").first.wait_for(timeout=60_000)
    assert _inside(dialog.bounding_box(), w, h) and _inside(close.bounding_box(), w, h)
    # The conversation scrolls inside itself: the question box is still in sight for the next question.
    assert _inside(question.bounding_box(), w, h), question.bounding_box()
    p.page.screenshot(path=str(ARTIFACTS / "widget-phone-answer.png"))

    # Escape pressed inside the chat frame closes the widget too (the embed page tells the host).
    question.focus()
    p.page.keyboard.press("Escape")
    dialog.wait_for(state="hidden", timeout=5_000)
    assert launcher.get_attribute("aria-expanded") == "false"
    assert _active(p.page) == "calcinosis-chat-panel", "focus did not return to the launcher"
    p.page.keyboard.press("Enter")
    dialog.wait_for(state="visible")

    # The close button, pressed with the keyboard, closes it and returns focus to the launcher.
    _press_until(p.page, "Shift+Tab", "Close chat")
    p.page.keyboard.press("Enter")
    assert not dialog.is_visible() and launcher.get_attribute("aria-expanded") == "false"
    assert _active(p.page) == "calcinosis-chat-panel", "focus did not return to the launcher"
    assert launcher.is_visible() and _inside(launcher.bounding_box(), w, h)
    p.close_checked(live_app.url, third_party_site)


def test_widget_options_take_effect_and_a_bad_colour_is_refused(browser, live_app, third_party_site, tmp_path):
    (tmp_path / "left.html").write_text(
        clinic_page(
            live_app.url, 'data-title="Skin questions" data-position="left" data-color="#c2410c" data-open="true"'
        )
    )
    (tmp_path / "bad.html").write_text(clinic_page(live_app.url, 'data-color="red;background:url(x)"'))
    w, h = 1280, 900
    p = Page(browser, w, h)
    requested: list[str] = []
    p.page.on("request", lambda r: requested.append(urlparse(r.url).path))

    p.page.goto(f"{third_party_site}/left.html", wait_until="load")
    launcher = p.page.get_by_role("button", name="Skin questions")
    dialog = p.page.get_by_role("dialog", name="Skin questions")
    dialog.wait_for(state="visible", timeout=30_000)  # data-open: open without any click
    assert launcher.get_attribute("aria-expanded") == "true"
    assert _active(p.page) == "BODY", "opening at page load must not take focus from the host page"
    frame = p.page.frame_locator("#calcinosis-chat-frame")
    frame.locator("#question textarea").wait_for(state="visible", timeout=60_000)
    button_box, dialog_box = launcher.bounding_box(), dialog.bounding_box()
    assert button_box["x"] <= 32 and button_box["x"] + button_box["width"] < w / 2, button_box
    assert dialog_box["x"] <= 32 and _inside(dialog_box, w, h), dialog_box
    for element in (frame.locator("#question textarea"), frame.locator("#ask")):  # not cut off by the panel
        box = element.bounding_box()
        d = dialog_box
        assert _inside(box, d["width"], d["height"], d["x"], d["y"]), (box, d)
    assert launcher.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(194, 65, 12)"
    close = dialog.get_by_role("button", name="Close chat")
    assert close.evaluate("b => getComputedStyle(b.parentElement).backgroundColor") == "rgb(194, 65, 12)"
    close.click()
    assert not dialog.is_visible() and launcher.get_attribute("aria-expanded") == "false"

    p.page.goto(f"{third_party_site}/bad.html", wait_until="load")
    launcher = p.page.get_by_role("button", name="Ask about calcinosis cutis")  # the default title
    launcher.wait_for(timeout=30_000)
    assert launcher.get_attribute("aria-expanded") == "false"
    panel = p.page.locator("#calcinosis-chat-panel")
    assert panel.count() == 1 and panel.is_hidden()  # no data-open: closed at load
    box = launcher.bounding_box()
    assert box["x"] > w / 2 and box["x"] + box["width"] <= w - 8, box  # the default right-hand corner
    assert launcher.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(11, 110, 79)"  # the default #0b6e4f
    assert launcher.evaluate("b => getComputedStyle(b).backgroundImage") == "none"
    assert not any(path.endswith("/x") for path in requested), requested
    p.close_checked(live_app.url, third_party_site)


def _assert_tappable_alert(frame, page, width: int, height: int) -> None:
    """The reply opens with role=alert and shows its numbers as visible tel: links inside the screen."""
    answer = frame.locator("#chat .answer").first
    answer.wait_for(timeout=60_000)
    alert = answer.locator("[role=alert]")
    assert alert.count() == 1
    assert answer.evaluate("a => a.firstElementChild.getAttribute('role')") == "alert"  # first in the message
    links = alert.locator('a[href^="tel:"]')
    assert links.count() >= 3
    hrefs = {links.nth(i).get_attribute("href") for i in range(links.count())}
    assert {"tel:911", "tel:112", "tel:999"} <= hrefs
    first = links.first
    first.scroll_into_view_if_needed()
    assert first.is_visible()
    box = first.bounding_box()
    assert box and box["height"] >= 40 and box["width"] >= 40, box  # a thumb can hit it
    assert 0 <= box["x"] and box["x"] + box["width"] <= width, box


def _alert_on_a_phone(browser, url: str, message: str) -> "Page":
    """A 375x800 page at ``url`` that asked ``message`` and shows a tappable alert."""
    ARTIFACTS.mkdir(exist_ok=True)
    w, h = 375, 800
    p = Page(browser, w, h)
    p.page.goto(url, wait_until="load")
    p.ask(p.page, message)
    _assert_tappable_alert(p.page, p.page, w, h)
    return p


def test_emergency_reply_shows_tappable_numbers_on_a_phone(browser, live_app):
    p = _alert_on_a_phone(browser, f"{live_app.url}/", "my dad has collapsed and isn't breathing properly")
    p.page.screenshot(path=str(ARTIFACTS / "emergency-phone.png"), full_page=True)
    assert p.hosts == {urlparse(live_app.url).netloc}, p.hosts
    assert p.dialogs == []
    p.page.close()


def test_crisis_reply_shows_tappable_numbers_in_the_embed_view(browser, live_app):
    p = _alert_on_a_phone(browser, f"{live_app.url}/embed/", "I don't want to be alive anymore")
    links = p.page.locator('#chat .answer [role=alert] a[href^="tel:"]')
    hrefs = {links.nth(i).get_attribute("href") for i in range(links.count())}
    assert {"tel:988", "tel:116123"} <= hrefs
    p.page.screenshot(path=str(ARTIFACTS / "crisis-embed-phone.png"), full_page=True)
    assert p.dialogs == []
    p.page.close()
