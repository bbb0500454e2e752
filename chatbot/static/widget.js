/*
 * Calcinosis cutis chat widget. Staff paste one line into any page:
 *   <script src="https://BOT-HOST/widget.js" async></script>
 * Options (data- attributes on that script tag):
 *   data-title="Ask about calcinosis cutis"   button label and dialog title
 *   data-position="right" | "left"            corner of the page
 *   data-color="#0b6e4f"                      button colour (any CSS colour)
 *   data-open="true"                          open the chat when the page loads
 * The chat itself is an iframe of BOT-HOST/embed/, so the host page's styles
 * cannot break it and it cannot touch the host page. Nothing is loaded from any
 * other host.
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

  var root = document.createElement("div");
  root.id = "calcinosis-chat-widget";
  root.style.cssText = "position:fixed;bottom:16px;" + side + ":16px;z-index:2147483000;font:16px/1.4 system-ui,sans-serif;";

  var button = document.createElement("button");
  button.type = "button";
  button.textContent = title;
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", "calcinosis-chat-frame");
  button.style.cssText = "background:" + color + ";color:#fff;border:0;border-radius:999px;padding:12px 18px;" +
    "box-shadow:0 2px 8px rgba(0,0,0,.3);cursor:pointer;font:inherit;max-width:80vw;";

  var panel = document.createElement("div");
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", title);
  panel.hidden = true;
  panel.style.cssText = "position:fixed;bottom:72px;" + side + ":16px;width:min(400px,calc(100vw - 32px));" +
    "height:min(600px,calc(100vh - 96px));background:#fff;border-radius:12px;overflow:hidden;" +
    "box-shadow:0 4px 24px rgba(0,0,0,.35);";

  var frame = null;
  function open() {
    if (!frame) {
      frame = document.createElement("iframe");
      frame.id = "calcinosis-chat-frame";
      frame.title = title;
      frame.src = origin + "/embed/";
      frame.style.cssText = "border:0;width:100%;height:100%;";
      frame.setAttribute("referrerpolicy", "no-referrer");
      panel.appendChild(frame);
    }
    panel.hidden = false;
    button.setAttribute("aria-expanded", "true");
  }
  function close() {
    panel.hidden = true;
    button.setAttribute("aria-expanded", "false");
    button.focus();
  }
  button.addEventListener("click", function () { panel.hidden ? open() : close(); });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape" && !panel.hidden) close(); });

  root.appendChild(panel);
  root.appendChild(button);
  function mount() { document.body.appendChild(root); if (openAtStart) open(); }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
