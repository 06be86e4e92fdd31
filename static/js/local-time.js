/* An online training's hours in the visitor's own time zone. The page gives them in the
   offering's zone ("9:00 AM–4:00 PM EST") on a <time data-local-time> whose datetime is the
   start with its offset, and data-ends the first day's end; this adds "Your time: 8:00 AM–3:00 PM
   CST" after that line, with the date too where it falls on another day. A visitor whose clock
   already reads the offering's times gets nothing added; without JavaScript the zone shown stays. */
(function () {
  "use strict";
  var times = document.querySelectorAll("time[data-local-time]");
  if (!times.length || !window.Intl) return;
  var hour = { hour: "numeric", minute: "2-digit" };
  var hourAndZone = { hour: "numeric", minute: "2-digit", timeZoneName: "short" };
  var day = { weekday: "long", month: "long", day: "numeric" };

  // "-05:00" → -300 minutes; "Z" → 0.
  function offsetOf(text) {
    var match = /([+-])(\d\d):?(\d\d)$/.exec(text);
    if (!match) return 0;
    var minutes = Number(match[2]) * 60 + Number(match[3]);
    return match[1] === "-" ? -minutes : minutes;
  }

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  function localDate(date) {
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }

  Array.prototype.forEach.call(times, function (time) {
    var text = time.getAttribute("datetime") || "";
    var start = new Date(text);
    var end = new Date(time.getAttribute("data-ends") || "");
    if (isNaN(start.getTime()) || isNaN(end.getTime())) return;
    if (-start.getTimezoneOffset() === offsetOf(text)) return; // the same clock: nothing to add
    var label = "";
    if (localDate(start) !== text.slice(0, 10)) {
      label = new Intl.DateTimeFormat(undefined, day).format(start) + ", ";
    }
    label +=
      new Intl.DateTimeFormat(undefined, hour).format(start) +
      "–" +
      new Intl.DateTimeFormat(undefined, hourAndZone).format(end);
    var line = document.createElement("p");
    line.className = "offering__local";
    line.textContent = "Your time: " + label;
    var when = time.closest("p") || time;
    when.parentNode.insertBefore(line, when.nextSibling);
  });
})();
