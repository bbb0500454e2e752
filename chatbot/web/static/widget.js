/*
 * Calcinosis cutis chat widget. Staff paste one line into any page:
 *   <script src="https://BOT-HOST/widget.js" async></script>
 * Options (data- attributes on that script tag):
 *   data-title="Ask about calcinosis cutis"   button label and dialog title
 *   data-position="right" | "left"            corner of the page
 *   data-color="#0b6e4f"                      colour of the launcher, the header and the chat's Ask button
 *                                             (any CSS colour; text on it is white or near-black, whichever reads)
 *   data-open="true"                          open the chat when the page loads
 * The chat itself is an iframe of BOT-HOST/embed/, so the host page's styles
 * cannot break it and it cannot touch the host page. Nothing is loaded from any
 * other host. All styling is inline (no <style> element), so a strict host CSP
 * does not break it. On screens up to 480px wide (or high) the open chat fills
 * the screen. When the bot's frame-ancestors policy keeps the chat out of this
 * page, the panel says so in one sentence with a link that opens the chat in a tab.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) {
    var all = document.querySelectorAll('script[src*="widget.js"]');
    script = all[all.length - 1];
  }
  if (!script || script.getAttribute("data-calcinosis-widget-loaded")) return;
  script.setAttribute("data-calcinosis-widget-loaded", "1");

  var origin = new URL(script.src, document.baseURI).origin;
  var title = script.getAttribute("data-title") || "Ask about calcinosis cutis";
  var side = script.getAttribute("data-position") === "left" ? "left" : "right";
  var color = script.getAttribute("data-color") || "#0b6e4f";
  if (!/^(#[0-9a-fA-F]{3,8}|[a-zA-Z]+|rgba?\([\d\s.,%]+\))$/.test(color)) color = "#0b6e4f";
  var openAtStart = script.getAttribute("data-open") === "true";
  var ink = readableOn(color);
  var narrow = window.matchMedia ? window.matchMedia("(max-width: 480px), (max-height: 480px)") : null;
  var isOpen = false;
  var focusOnLoad = false;
  var frame = null;

  // White or near-black, whichever reads better on the colour (WCAG contrast of relative luminances).
  function readableOn(c) {
    var probe = document.createElement("span");
    probe.style.color = c;
    (document.body || document.documentElement).appendChild(probe);
    var rgb = (getComputedStyle(probe).color.match(/\d+(\.\d+)?/g) || [0, 0, 0]).slice(0, 3).map(Number);
    probe.parentNode.removeChild(probe);
    var lin = rgb.map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    var l = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
    return 1.05 / (l + 0.05) >= (l + 0.05) / (0.00917 + 0.05) ? "#fff" : "#111827";
  }

  function el(tag, css) {
    var node = document.createElement(tag);
    node.style.cssText = css;
    return node;
  }
  // The host page may reset button outlines, so draw the focus ring ourselves.
  function focusRing(node, ring, offset) {
    node.addEventListener("focus", function () {
      node.style.outline = "3px solid " + ring;
      node.style.outlineOffset = offset;
    });
    node.addEventListener("blur", function () { node.style.outline = "none"; });
  }

  var root = el("div", "position:fixed;bottom:16px;" + side + ":16px;z-index:2147483000;" +
    "font:16px/1.4 system-ui,sans-serif;");
  root.id = "calcinosis-chat-widget";

  var button = el("button", "display:inline-block;background:" + color + ";color:" + ink + ";border:0;border-radius:999px;" +
    "padding:12px 18px;box-shadow:0 2px 8px rgba(0,0,0,.3);cursor:pointer;font:inherit;max-width:80vw;");
  button.type = "button";
  button.textContent = title;
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", "calcinosis-chat-panel");
  focusRing(button, color, "3px");

  var panel = el("div", "");
  panel.id = "calcinosis-chat-panel";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", title);

  var header = el("div", "display:flex;align-items:center;gap:8px;flex:0 0 auto;background:" + color +
    ";color:" + ink + ";padding:0 4px 0 14px;min-height:48px;font-weight:600;");
  var label = el("span", "flex:1 1 auto;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;");
  label.textContent = title;
  var closer = el("button", "display:flex;align-items:center;justify-content:center;flex:0 0 auto;" +
    "width:44px;height:44px;padding:0;background:transparent;color:" + ink + ";border:0;border-radius:8px;" +
    "cursor:pointer;font:28px/1 system-ui,sans-serif;");
  closer.type = "button";
  closer.textContent = "\u00d7";
  closer.setAttribute("aria-label", "Close chat");
  focusRing(closer, ink, "-5px");
  header.appendChild(label);
  header.appendChild(closer);
  panel.appendChild(header);

  // Lay out for the current state and screen width (inline styles: no media queries).
  function layout() {
    var small = narrow && narrow.matches;
    var box = small ? "top:0;left:0;width:100%;height:100%;height:100dvh;border-radius:0;"
      : "bottom:72px;" + side + ":16px;width:min(400px,calc(100vw - 32px));" +
        "height:min(648px,calc(100vh - 96px));height:min(648px,calc(100dvh - 96px));border-radius:12px;";
    panel.style.cssText = "position:fixed;flex-direction:column;background:#fff;overflow:hidden;" +
      "box-shadow:0 4px 24px rgba(0,0,0,.35);box-sizing:border-box;" + box +
      "display:" + (isOpen ? "flex" : "none") + ";";
    panel.hidden = !isOpen;
    // Full screen, the chat covers the launcher: hide it so Tab cannot reach it.
    button.style.display = isOpen && small ? "none" : "inline-block";
  }

  // The chat page says "ready" when its script runs; a frame that loads and stays silent was blocked
  // (the bot's frame-ancestors policy): say so, with a link to the chat in a tab of its own. Should the
  // page speak late after all (a slow start), the note gives way to the chat.
  var ready = false;
  var note = null;
  function blocked() {
    if (ready || !frame || note) return;
    note = el("p", "margin:0;padding:16px;color:#111827;background:#fff;font:16px/1.5 system-ui,sans-serif;");
    note.id = "calcinosis-chat-blocked";
    note.setAttribute("role", "status");
    var link = el("a", "color:#1d4ed8;text-decoration:underline;");
    link.href = origin + "/";
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = "open the chat in a new tab";
    note.appendChild(document.createTextNode("This site cannot show the chat inside its page, so please "));
    note.appendChild(link);
    note.appendChild(document.createTextNode("."));
    frame.style.display = "none";
    panel.appendChild(note);
  }
  window.addEventListener("message", function (e) {
    if (e.origin !== origin || e.data !== "calcinosis-chat:ready") return;
    ready = true;
    if (note) {
      panel.removeChild(note);
      note = null;
      frame.style.display = "block";
    }
  });

  function open(moveFocus) {
    if (!frame) {
      frame = el("iframe", "display:block;border:0;width:100%;flex:1 1 0;min-height:0;");
      frame.id = "calcinosis-chat-frame";
      frame.title = title;
      frame.src = origin + "/embed/?widget=1&color=" + encodeURIComponent(color);
      frame.setAttribute("referrerpolicy", "no-referrer");
      frame.addEventListener("load", function () {
        var at = document.activeElement;
        // Once loaded, focus the chat unless the user has already moved on.
        if (isOpen && focusOnLoad && (at === frame || at === button || at === document.body)) frame.focus();
        setTimeout(blocked, 4000);
      });
      panel.appendChild(frame);
    }
    isOpen = true;
    layout();
    button.setAttribute("aria-expanded", "true");
    focusOnLoad = moveFocus;
    if (moveFocus) frame.focus();
  }
  function close() {
    isOpen = false;
    layout();
    button.setAttribute("aria-expanded", "false");
    button.focus();
  }
  button.addEventListener("click", function () { if (isOpen) close(); else open(true); });
  closer.addEventListener("click", close);
  // Escape on the host page closes the chat; inside the (cross-origin) chat frame the
  // embed page reports Escape with a message, accepted only from the bot's own origin.
  document.addEventListener("keydown", function (e) {
    if ((e.key === "Escape" || e.key === "Esc") && isOpen) close();
  });
  window.addEventListener("message", function (e) {
    if (e.origin === origin && e.data === "calcinosis-chat:close" && isOpen) close();
  });
  if (narrow && narrow.addEventListener) narrow.addEventListener("change", layout);
  else if (narrow && narrow.addListener) narrow.addListener(layout);

  layout();
  root.appendChild(button);
  root.appendChild(panel);
  // Opening at page load does not take focus away from the host page.
  function mount() { document.body.appendChild(root); if (openAtStart) open(false); }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
