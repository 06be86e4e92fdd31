/* The episode's compact player: while the full player is scrolled out of view above, a bar at
   the top of the screen plays and pauses the same <audio>, shows the time, and leads back to the
   full player. It also keeps in-page jumps (a #t= line, the focus moving through the
   transcript) below itself and any sticky bar above it, through the root's scroll padding.
   Without JavaScript (or IntersectionObserver) the bar stays hidden and the page is unchanged. */
(function () {
  "use strict";

  var bar = document.querySelector("[data-compact-player]");
  var player = document.getElementById(bar ? bar.getAttribute("data-player") : "");
  if (!bar || !player || !("IntersectionObserver" in window)) {
    return;
  }
  var root = document.documentElement;
  var full = player.closest("figure") || player;
  var toggle = bar.querySelector("[data-compact-toggle]");
  var position = bar.querySelector("[data-compact-position]");
  var of = bar.querySelector("[data-compact-of]");
  var total = bar.querySelector("[data-compact-duration]");
  var back = bar.querySelector("[data-compact-back]");
  // Bars of the site that may stay at the top of the screen above ours.
  var STICKY_ABOVE = ".exit-this-page, .site-header";
  var fullOutOfView = false;
  var shownSecond = -1;

  function clock(seconds) {
    var whole = Math.floor(seconds);
    var hours = Math.floor(whole / 3600);
    var minutes = Math.floor((whole % 3600) / 60);
    var rest = ("0" + (whole % 60)).slice(-2);
    return hours ? hours + ":" + ("0" + minutes).slice(-2) + ":" + rest : minutes + ":" + rest;
  }

  function stickyAbove() {
    var height = 0;
    Array.prototype.forEach.call(document.querySelectorAll(STICKY_ABOVE), function (element) {
      var place = window.getComputedStyle(element).position;
      if (place === "sticky" || place === "fixed") {
        height += element.getBoundingClientRect().height;
      }
    });
    return height;
  }

  // The bar's height, measured even while it is hidden (no paint happens in between).
  function barHeight() {
    var hidden = bar.hidden;
    bar.hidden = false;
    var height = bar.getBoundingClientRect().height;
    bar.hidden = hidden;
    return height;
  }

  // CSSOM custom properties: allowed under the Content Security Policy (no style attribute).
  function place() {
    var above = stickyAbove();
    root.style.setProperty("--compact-player-top", above + "px");
    root.style.setProperty("--compact-player-offset", Math.ceil(above + barHeight()) + "px");
  }

  function showTime() {
    var second = Math.floor(player.currentTime || 0);
    if (second !== shownSecond) {
      shownSecond = second;
      position.textContent = clock(second);
    }
  }

  function showDuration() {
    if (isFinite(player.duration) && player.duration > 0) {
      total.textContent = clock(player.duration);
      of.hidden = false;
    }
  }

  function showState() {
    var playing = !player.paused && !player.ended;
    toggle.textContent = playing ? "Pause" : "Play";
    toggle.toggleAttribute("data-playing", playing);
  }

  // Shown while the full player is above the screen, and while the focus is in the bar (it is
  // never hidden from under the keyboard).
  function update() {
    var show = fullOutOfView || bar.contains(document.activeElement);
    if (bar.hidden === show) {
      bar.hidden = !show;
    }
  }

  new IntersectionObserver(function (entries) {
    var entry = entries[entries.length - 1];
    fullOutOfView = !entry.isIntersecting && entry.boundingClientRect.top < 0;
    update();
  }).observe(full);

  toggle.addEventListener("click", function () {
    if (player.paused || player.ended) {
      var started = player.play();
      if (started && started.catch) {
        started.catch(function () {}); // refused by the browser: the button stays "Play"
      }
    } else {
      player.pause();
    }
  });
  back.addEventListener("click", function () {
    full.scrollIntoView({ block: "center" });
    player.focus({ preventScroll: true });
    update();
  });
  bar.addEventListener("focusout", function () {
    window.setTimeout(update, 0); // once the focus has landed
  });
  ["play", "pause", "ended"].forEach(function (name) {
    player.addEventListener(name, showState);
  });
  player.addEventListener("timeupdate", showTime);
  player.addEventListener("seeked", showTime);
  player.addEventListener("loadedmetadata", showDuration);
  player.addEventListener("durationchange", showDuration);
  if ("ResizeObserver" in window) {
    var resized = new ResizeObserver(place);
    resized.observe(bar);
    Array.prototype.forEach.call(document.querySelectorAll(STICKY_ABOVE), function (element) {
      resized.observe(element);
    });
  }
  window.addEventListener("resize", place);

  place();
  root.classList.add("has-compact-player");
  showState();
  showTime();
  showDuration();
})();
