/*
 * The chat page's own script (placed in the page head by app.py, for the patient chat and the embed view).
 * - Scrolls: a question just sent into view, then the answer's first line to the top of the view.
 * - [n] markers open and reveal their article under the answer.
 * - Marks the conversation as a polite live log for screen readers.
 * - In a frame: tells the parent it loaded (the widget shows a link instead of a frame the site blocks),
 *   Escape asks the widget to close, and ?widget=1&color=... restyles the Ask button and drops the
 *   heading the widget's own header already shows.
 */
(function () {
  "use strict";
  var params = new URLSearchParams(location.search);
  var framed = window.parent !== window;

  // ---------------------------------------------------------------- colours for the widget's data-color
  function luminance(rgb) {
    var c = rgb.map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }
  function contrast(a, b) {
    var x = luminance(a), y = luminance(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  }
  function rgbOf(color) {
    var probe = document.createElement("span");
    probe.style.color = color;
    document.body.appendChild(probe);
    var m = getComputedStyle(probe).color.match(/\d+(\.\d+)?/g);
    probe.remove();
    return m ? m.slice(0, 3).map(Number) : null;
  }
  // The colour as given when white or near-black text reads on it at 4.5:1, else darkened until white does.
  function buttonColours(color) {
    var rgb = rgbOf(color);
    if (!rgb) return null;
    var white = [255, 255, 255], ink = [17, 24, 39];
    if (contrast(rgb, white) >= 4.5) return { fill: "rgb(" + rgb + ")", text: "#ffffff" };
    if (contrast(rgb, ink) >= 4.5) return { fill: "rgb(" + rgb + ")", text: "#111827" };
    for (var i = 0; i < 20 && contrast(rgb, white) < 4.5; i++) rgb = rgb.map(function (v) { return Math.round(v * 0.9); });
    return { fill: "rgb(" + rgb + ")", text: "#ffffff" };
  }
  function styleForWidget() {
    if (params.get("widget") !== "1") return;
    document.documentElement.classList.add("in-widget");
    var color = params.get("color");
    if (!color || !window.CSS || !CSS.supports("color", color)) return;
    var c = buttonColours(color);
    if (!c) return;
    var root = document.documentElement.style;
    root.setProperty("--cc-accent", c.fill);
    root.setProperty("--cc-accent-hover", c.fill);
    root.setProperty("--cc-on-accent", c.text);
  }

  // ---------------------------------------------------------------- scrolling and the live log
  var seen = { answers: 0, working: 0, turns: 0 };

  function scrollerOf(node) {
    for (var n = node.parentElement; n && n !== document.body; n = n.parentElement) {
      var s = getComputedStyle(n);
      if (/(auto|scroll)/.test(s.overflowY) && n.scrollHeight > n.clientHeight) return n;
    }
    return null;
  }
  function bringToTop(node) {
    var scroller = scrollerOf(node);
    if (scroller) {
      var top = node.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
      scroller.scrollTop += top - 8;
    }
    var page = node.getBoundingClientRect().top;
    if (page < 0 || page > window.innerHeight * 0.5) window.scrollBy(0, page - 8);
  }
  function bringToBottom(node) {
    var scroller = scrollerOf(node);
    if (scroller) scroller.scrollTop = scroller.scrollHeight;
    var box = node.getBoundingClientRect();
    if (box.bottom > window.innerHeight || box.top < 0) node.scrollIntoView({ block: "end" });
  }

  function watch() {
    var chat = document.getElementById("chat");
    if (!chat) return;
    var log = chat.querySelector("[role=log]") || chat.querySelector(".bubble-wrap") || chat;
    if (log.getAttribute("role") !== "log") log.setAttribute("role", "log");
    if (log.getAttribute("aria-live") !== "polite") log.setAttribute("aria-live", "polite");
    if (!log.getAttribute("aria-label")) log.setAttribute("aria-label", "Conversation");
    var answers = chat.querySelectorAll(".answer"), working = chat.querySelectorAll(".working");
    var turns = chat.querySelectorAll(".user-text").length;
    if (answers.length === seen.answers + 1) {
      bringToTop(answers[answers.length - 1]);  // a new answer: its first line at the top of the view
    } else if (answers.length === seen.answers && (working.length > seen.working || turns > seen.turns)) {
      var last = working[working.length - 1] || chat.querySelectorAll(".user-text")[turns - 1];
      if (last) bringToBottom(last);  // a question just sent, "looking in the articles" under it
    }
    // A conversation restored after a reload brings several answers at once: nothing jumps.
    seen = { answers: answers.length, working: working.length, turns: turns };
  }

  // ---------------------------------------------------------------- [n] markers
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest('.answer sup.cite a[href^="#"]');
    if (!link) return;
    var id = link.getAttribute("href").slice(1);
    var entry = link.closest(".answer").querySelector('details.citation[id="' + id.replace(/"/g, "") + '"]');
    if (!entry) return;
    e.preventDefault();
    e.stopPropagation();
    entry.open = true;
    entry.scrollIntoView({ block: "nearest" });
    var summary = entry.querySelector("summary");
    if (summary) summary.focus({ preventScroll: true });
  }, true);

  // ---------------------------------------------------------------- in a frame
  if (framed) {
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" || e.key === "Esc") window.parent.postMessage("calcinosis-chat:close", "*");
    });
  }

  function start() {
    styleForWidget();
    if (framed) window.parent.postMessage("calcinosis-chat:ready", "*");
    var pending = false;
    new MutationObserver(function () {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () { pending = false; watch(); });
    }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.body) start(); else document.addEventListener("DOMContentLoaded", start);
})();
