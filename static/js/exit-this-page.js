/* "Exit this page" (the GOV.UK pattern). Without JavaScript the control is a plain link. With it,
   the page is blanked at once and replaced in the history, so Back does not return to it, and
   pressing Shift three times within five seconds does the same from anywhere on the page. */
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

  hint.hidden = false;
})();
