/* "Exit this page" (the GOV.UK pattern). Without JavaScript the control is a plain link. With it,
   the page is blanked at once and replaced in the history, so Back does not return to it, and
   pressing Shift three times within five seconds does the same from anywhere on the page.
   The server already adds `exit=1` to the site's own links on such a page (catalog/safety_exit.py),
   so the control follows the reader; this script adds it to the rest (links in editors' text,
   search suggestions, results swapped in place) and to the page's GET forms. */
(function () {
  "use strict";
  var control = document.querySelector("[data-exit-this-page]");
  if (!control) return;
  var button = control.querySelector("[data-exit-this-page-button]");
  var hint = control.querySelector(".exit-this-page__hint");
  var status = control.querySelector("[data-exit-this-page-status]");
  var PRESSES = 3;
  var WINDOW_MS = 5000;
  var presses = 0;
  var timer = null;
  var withOtherKey = false; // Shift held for a capital letter or a shortcut does not count

  function leave() {
    document.documentElement.classList.add("is-exiting");
    document.title = "Exiting page";
    window.location.replace(button.href);
  }

  function reset() {
    presses = 0;
    timer = null;
    status.textContent = "";
  }

  // Every click leaves, a Ctrl- or Shift-click too: a new tab would leave this page on screen.
  button.addEventListener("click", function (event) {
    event.preventDefault();
    leave();
  });

  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") return;
    if (withOtherKey) return;
    presses += 1;
    if (presses >= PRESSES) {
      status.textContent = "Exiting page.";
      leave();
      return;
    }
    var left = PRESSES - presses;
    status.textContent = "Shift, press " + left + " more time" + (left > 1 ? "s" : "") + " to exit.";
    if (timer === null) timer = window.setTimeout(reset, WINDOW_MS);
  });

  // Any other key breaks the sequence, so typing capital letters never leaves the page.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift") {
      withOtherKey = false;
      return;
    }
    withOtherKey = true;
    if (presses) {
      window.clearTimeout(timer);
      reset();
    }
  });

  // Coming back through the browser's page cache: show the page again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) document.documentElement.classList.remove("is-exiting");
  });

  // Keep the mode on every link and GET form that stays on this site, also those added later.
  function carry(link) {
    if (link === button || link.hasAttribute("download")) return;
    if ((link.getAttribute("href") || "").charAt(0) === "#") return; // within this page
    var url;
    try {
      url = new URL(link.href, window.location.href);
    } catch (error) {
      return;
    }
    if (url.origin !== window.location.origin || url.searchParams.get("exit") === "1") return;
    url.searchParams.set("exit", "1");
    link.href = url.href;
  }

  function carryIn(root) {
    if (root.matches && root.matches("a[href]")) carry(root);
    if (root.querySelectorAll) Array.prototype.forEach.call(root.querySelectorAll("a[href]"), carry);
  }

  function keepInForm(form) {
    if ((form.method || "get").toLowerCase() !== "get") return;
    if (new URL(form.action, window.location.href).origin !== window.location.origin) return;
    if (form.querySelector("input[name='exit']")) return;
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "exit";
    input.value = "1";
    form.appendChild(input);
  }

  carryIn(document.body);
  Array.prototype.forEach.call(document.forms, keepInForm);
  if (window.MutationObserver) {
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        Array.prototype.forEach.call(change.addedNodes, carryIn);
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  hint.hidden = false;
})();
