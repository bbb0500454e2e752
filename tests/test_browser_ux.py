"""The patient's and the staff member's experience in real Chromium: the chat page and the widget on a
page from a second origin, on a desktop (1280x900) and a phone (375x800), in light and dark.

axe-core comes from npm (``node_modules/axe-core/axe.min.js`` under the repository, installed by the
Makefile, or the file named by ``CHATBOT_AXE_JS``) and runs inside the test browser; nothing is fetched at
run time. Its results go to ``test-artifacts/axe-*.json`` and any serious or critical issue fails the test.
Without the file the axe checks are skipped in a local run and fail in CI (``CI`` set).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

from chatbot.config import PROJECT_ROOT
from tests import test_browser
from tests.test_browser import ARTIFACTS, Page, ask, clinic_page, serve_folder

# The same fixtures as tests/test_browser.py: one Chromium per module, the clinic page on a second origin.
browser = test_browser.browser
third_party_site = test_browser.third_party_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SIZES = {"desktop": (1280, 900), "phone": (375, 800)}
AXE_JS = Path(os.environ.get("CHATBOT_AXE_JS") or PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js")
FAILING_IMPACTS = {"serious", "critical"}
# Order of what the chat showed: counts of questions, "looking in the articles" notes and answers.
EVENTS_JS = """
window.__chatEvents = [];
new MutationObserver(() => {
  const chat = document.querySelector('#chat');
  if (!chat) return;
  const key = ['.user-text', '.working', '.answer'].map(s => chat.querySelectorAll(s).length).join(',');
  const last = window.__chatEvents[window.__chatEvents.length - 1];
  if (key !== last) window.__chatEvents.push(key);
}).observe(document, {childList: true, subtree: true});
"""
# Where an element's first line stands: in the view and at the top of its scrolling box, unless that box
# cannot scroll any further.
POSITION_JS = """
a => {
  const r = a.getBoundingClientRect();
  let s = a.parentElement;
  while (s && !(/(auto|scroll)/.test(getComputedStyle(s).overflowY) && s.scrollHeight > s.clientHeight)) s = s.parentElement;
  const top = s ? Math.max(s.getBoundingClientRect().top, 0) : 0;
  const atEnd = s ? s.scrollTop + s.clientHeight >= s.scrollHeight - 2 : true;
  return {top: r.top, boxTop: top, atEnd: atEnd, height: innerHeight};
}
"""


def axe_source() -> str:
    if not AXE_JS.is_file():
        message = f"axe-core not found at {AXE_JS}: run `make browser-deps` (npm install axe-core) or set CHATBOT_AXE_JS"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(frame, name: str, context: str = "document") -> list[dict]:
    """axe-core on ``frame`` (every <details> opened first), its results written to test-artifacts/axe-NAME.json;
    returns the serious and critical violations."""
    frame.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    if not frame.evaluate("() => typeof window.axe === 'object'"):
        frame.add_script_tag(content=axe_source())
    results = frame.evaluate(
        "async (context) => { const r = await axe.run(context === 'document' ? document : context,"
        " {resultTypes: ['violations']}); return {url: r.url, violations: r.violations.map(v => ({id: v.id,"
        " impact: v.impact, help: v.help, nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary}))}))}; }",
        context,
    )
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe-{name}.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    return [v for v in results["violations"] if v["impact"] in FAILING_IMPACTS]


def wait_for_answers(frame, count: int):
    answers = frame.locator("#chat .answer")
    answers.nth(count - 1).wait_for(timeout=60_000)
    frame.wait_for_timeout(400)  # the chat's own script scrolls on the next frame
    return answers.nth(count - 1)


def assert_first_line_on_top(answer) -> None:
    where = answer.evaluate(POSITION_JS)
    assert where["top"] >= where["boxTop"] - 2, where  # not cut off above
    assert where["top"] < where["height"] - 40, where  # its first line is in the view
    assert where["top"] <= where["boxTop"] + 24 or where["atEnd"], where  # at the top, unless nothing is below


def open_widget(page, url: str):
    """Open ``url`` in ``page``, open the chat widget on it and return the widget's frame, ready."""
    page.goto(url, wait_until="load")
    page.locator("#calcinosis-chat-widget button[aria-controls]").click()
    frame_element = page.locator("#calcinosis-chat-frame")
    frame_element.wait_for(timeout=30_000)
    frame = frame_element.element_handle().content_frame()
    frame.locator("#question textarea").wait_for(timeout=60_000)
    return frame


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("view", ["app", "widget"])
def test_asking_reading_and_checking_sources_in_every_view(browser, live_app, third_party_site, view, size, scheme):
    """Items 1, 4 and 5: the question at once with a note that the bot is working; each answer's first line
    at the top of the view; one citation per article, its [n] marker opening it; a polite live log; axe-core
    finds no serious or critical issue before or after an answer."""
    name = f"{view}-{size}-{scheme}"
    w, h = SIZES[size]
    p = Page(browser, w, h)
    p.page.emulate_media(color_scheme=scheme)
    p.page.add_init_script(EVENTS_JS)
    if view == "app":
        p.page.goto(f"{live_app.url}/", wait_until="load")
        frame = p.page.main_frame
        frame.locator("#question textarea").wait_for(timeout=60_000)
    else:
        frame = open_widget(p.page, f"{third_party_site}/index.html")
        assert not frame.locator("#header h1").is_visible(), "the widget's header already names the chat"
        assert frame.locator("#ask").evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(124, 58, 237)"
        assert run_axe(p.page.main_frame, f"{name}-host", "#calcinosis-chat-widget") == []
    assert run_axe(frame, f"{name}-before") == []

    log = frame.locator("#chat [role=log]")
    assert log.count() == 1 and log.get_attribute("aria-live") == "polite"
    ask(frame, "What is calcinosis cutis?")
    wait_for_answers(frame, 1)
    ask(frame, "How is calcinosis cutis treated?")
    answer = wait_for_answers(frame, 2)
    events = frame.evaluate("() => window.__chatEvents")
    # The second question was shown with the working note before its answer replaced the note.
    assert "2,1,1" in events and events.index("2,1,1") < events.index("2,0,2"), events
    assert_first_line_on_top(answer)
    p.page.screenshot(path=str(ARTIFACTS / f"ux-{name}-answer.png"))

    entries = answer.locator("details.citation")
    titles = [entries.nth(i).locator("summary strong").inner_text() for i in range(entries.count())]
    assert len(titles) == len(set(titles)) >= 1, titles  # one entry per article
    assert "untitled" not in answer.inner_text()
    marker = answer.locator("sup.cite a").last
    target = marker.get_attribute("href")
    marker.click()
    entry = answer.locator(f'details.citation[id="{target[1:]}"]')
    assert entry.evaluate("d => d.open") is True
    assert entry.locator("mark").first.is_visible()
    assert run_axe(frame, f"{name}-after") == []
    p.page.screenshot(path=str(ARTIFACTS / f"ux-{name}-citation.png"))
    p.close_checked(live_app.url, third_party_site)


def test_new_conversation_forgets_the_chat_and_the_follow_up_context(browser, live_app):
    """Item 2: after "New conversation" a follow-up is answered as in a fresh page, and a reload restores nothing."""
    fresh = Page(browser, 1280, 900)
    fresh.page.goto(f"{live_app.url}/", wait_until="load")
    ask(fresh.page, "What causes it?")
    expected = wait_for_answers(fresh.page, 1).inner_text()
    fresh.page.close()

    p = Page(browser, *SIZES["phone"])
    p.page.goto(f"{live_app.url}/", wait_until="load")
    ask(p.page, "What is calciphylaxis?")
    wait_for_answers(p.page, 1)
    ask(p.page, "What causes it?")
    assert wait_for_answers(p.page, 2).inner_text() != expected  # the follow-up was read as calciphylaxis
    p.page.get_by_role("button", name="New conversation").click()
    p.page.locator("#chat .answer").first.wait_for(state="detached", timeout=10_000)
    ask(p.page, "What causes it?")
    assert wait_for_answers(p.page, 1).inner_text() == expected
    assert p.page.locator("#chat .user-text").count() == 1
    p.page.get_by_role("button", name="New conversation").click()
    p.page.locator("#chat .answer").first.wait_for(state="detached", timeout=10_000)
    p.page.reload(wait_until="load")
    p.page.locator("#question textarea").wait_for(timeout=60_000)
    p.page.wait_for_timeout(1_000)
    assert p.page.locator("#chat .user-text").count() == 0
    p.page.close()


def test_a_thumb_clicked_in_the_chat_is_saved(browser, tiny_server, tmp_path):
    """Item 3: a real click on "like" writes the question and the answer to the operator's feedback file."""
    folder = tmp_path / "feedback"
    _, server = tiny_server(feedback_dir=folder)
    p = Page(browser, *SIZES["phone"])
    p.page.goto(f"{server.url}/", wait_until="load")
    ask(p.page, "What is calcinosis cutis?")
    wait_for_answers(p.page, 1)
    p.page.locator("#chat").get_by_role("button", name="Like", exact=True).first.click()
    rows = []
    for _ in range(50):
        path = folder / "feedback.jsonl"
        rows = [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []
        if rows:
            break
        p.page.wait_for_timeout(100)
    assert len(rows) == 1 and rows[0]["liked"] is True and rows[0]["question"] == "What is calcinosis cutis?", rows
    p.page.close()


def test_example_questions_are_on_the_first_screen_and_send_when_tapped(browser, live_app):
    """Item 6 (examples): on a phone the examples are in sight without scrolling, and a tap asks the question."""
    w, h = SIZES["phone"]
    p = Page(browser, w, h)
    p.page.goto(f"{live_app.url}/", wait_until="load")
    example = p.page.locator("#examples").get_by_text("How is calcinosis cutis treated?")
    example.wait_for(timeout=60_000)
    box = example.bounding_box()
    assert box and box["y"] + box["height"] <= h, box
    example.click()
    answer = wait_for_answers(p.page, 1)
    assert p.page.locator("#chat .user-text").first.inner_text() == "How is calcinosis cutis treated?"
    assert_first_line_on_top(answer)
    p.page.screenshot(path=str(ARTIFACTS / "ux-example-phone.png"))
    p.page.close()


def test_read_in_context_opens_the_article_with_the_sentence_marked(browser, live_app):
    """Item 4: "Read in context" opens the article in the app, the quoted sentence marked and in view."""
    p = Page(browser, *SIZES["phone"])
    p.page.goto(f"{live_app.url}/", wait_until="load")
    ask(p.page, "What is calcinosis cutis?")
    answer = wait_for_answers(p.page, 1)
    entry = answer.locator("details.citation").first
    entry.locator("summary").click()
    quoted = entry.locator("mark").first.inner_text().strip()
    with p.page.context.expect_page() as opened:
        entry.get_by_role("link", name="Read in context").first.click()
    article = opened.value
    article.wait_for_load_state("load")
    assert urlparse(article.url).netloc == urlparse(live_app.url).netloc
    mark = article.locator("mark#quote")
    assert mark.is_visible() and quoted.startswith(mark.inner_text().strip()[:40])
    box = mark.bounding_box()
    assert box and 0 <= box["y"] < SIZES["phone"][1], box
    assert run_axe(article.main_frame, "article-phone") == []
    article.screenshot(path=str(ARTIFACTS / "ux-article-phone.png"))
    article.close()
    p.page.close()


def test_widget_keeps_the_conversation_across_a_reload_in_its_tab_only(browser, live_app, third_party_site):
    """Item 6: a reload of the clinic page brings the conversation back (sessionStorage); another tab of the
    same browser starts empty; HEAD works for the widget's script."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    assert tab.request.head(f"{live_app.url}/widget.js").status == 200

    frame = open_widget(tab, f"{third_party_site}/index.html")
    ask(frame, "What is calcinosis cutis?")
    wait_for_answers(frame, 1)
    frame.wait_for_timeout(500)
    frame = open_widget(tab, f"{third_party_site}/index.html")
    frame.locator("#chat .answer").first.wait_for(timeout=10_000)
    assert frame.locator("#chat .user-text").first.inner_text() == "What is calcinosis cutis?"
    tab.screenshot(path=str(ARTIFACTS / "ux-widget-after-reload.png"))
    other = open_widget(context.new_page(), f"{third_party_site}/index.html")
    other.wait_for_timeout(1_000)
    assert other.locator("#chat .user-text").count() == 0
    context.close()


def test_a_site_that_may_not_frame_the_chat_gets_a_link_instead(browser, tiny_server, tmp_path):
    """Item 6: with frame-ancestors 'self', the widget on another origin says so in one sentence and links
    to the chat in its own tab."""
    _, bot = tiny_server(frame_ancestors="'self'")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(clinic_page(bot.url, 'data-title="Ask our skin bot"'))
    server, url = serve_folder(site)
    try:
        for size, (w, h) in SIZES.items():
            p = Page(browser, w, h)
            p.page.goto(f"{url}/index.html", wait_until="load")
            p.page.get_by_role("button", name="Ask our skin bot").click()
            note = p.page.locator("#calcinosis-chat-blocked")
            note.wait_for(timeout=15_000)
            link = note.get_by_role("link", name="open the chat in a new tab")
            assert link.get_attribute("href") == f"{bot.url}/" and link.get_attribute("target") == "_blank"
            assert note.inner_text().count(".") == 1  # one sentence
            p.page.screenshot(path=str(ARTIFACTS / f"ux-widget-blocked-{size}.png"))
            assert run_axe(p.page.main_frame, f"widget-blocked-{size}", "#calcinosis-chat-widget") == []
            p.page.close()
    finally:
        server.shutdown()
