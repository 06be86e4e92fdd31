/* Episode transcripts: a line's time plays the episode from that moment, and the line being
   heard is marked while it plays; a #t= address lands with its line in view. Without
   JavaScript the times are links to the lines (#t=754) and the transcript reads as plain text. */
(function () {
  "use strict";

  var transcript = document.querySelector("[data-transcript]");
  var player = document.getElementById(transcript ? transcript.getAttribute("data-player") : "");
  if (!transcript || !player) {
    return;
  }
  var links = Array.prototype.slice.call(transcript.querySelectorAll("a[data-start]"));
  var starts = links.map(function (link) {
    return parseFloat(link.getAttribute("data-start"));
  });
  var current = null;

  function secondsIn(hash) {
    var match = /^#t=(\d+(?:\.\d+)?)$/.exec(hash);
    return match ? parseFloat(match[1]) : null;
  }

  function play(seconds) {
    player.currentTime = seconds;
    var started = player.play();
    if (started && started.catch) {
      started.catch(function () {}); // autoplay refused: the position is set all the same
    }
  }

  // The line being heard: the last one starting at or before `seconds` (binary search).
  function mark(seconds) {
    var low = 0;
    var high = starts.length - 1;
    var found = -1;
    while (low <= high) {
      var middle = (low + high) >> 1;
      if (starts[middle] <= seconds) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    var line = found >= 0 ? links[found].parentNode : null;
    if (line === current) {
      return;
    }
    if (current) {
      current.removeAttribute("aria-current");
    }
    if (line) {
      line.setAttribute("aria-current", "time");
    }
    current = line;
  }

  transcript.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-start]");
    if (!link) {
      return;
    }
    event.preventDefault();
    history.replaceState(null, "", link.getAttribute("href"));
    play(parseFloat(link.getAttribute("data-start")));
  });
  player.addEventListener("timeupdate", function () {
    mark(player.currentTime);
  });

  // Arriving at #t=754 (from a search result or a shared link): ready the player there and
  // bring that line into view whole. scrollIntoView honours the root's scroll padding, which
  // compact-player.js (run first) sets to clear the compact player and any bar above it.
  var initial = secondsIn(window.location.hash);
  if (initial !== null) {
    player.currentTime = initial;
    mark(initial);
    var target = document.getElementById(window.location.hash.slice(1)) || current;
    if (target) {
      target.scrollIntoView({ block: "start" });
    }
  }
  Array.prototype.forEach.call(transcript.querySelectorAll("[data-needs-script]"), function (node) {
    node.hidden = false;
  });
})();
