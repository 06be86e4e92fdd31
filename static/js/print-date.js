/* The "Printed from … on <date>" line (base.html, shown on paper only) carries the date the page
   was rendered; a page served from the cache may be older. This sets the reader's own date, now
   and again just before printing. Without JavaScript the server's date stays. */
(function () {
  "use strict";
  var months = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  function setDate() {
    var today = new Date();
    var times = document.querySelectorAll("time[data-print-date]");
    Array.prototype.forEach.call(times, function (time) {
      time.setAttribute("datetime",
        today.getFullYear() + "-" + pad(today.getMonth() + 1) + "-" + pad(today.getDate()));
      time.textContent = today.getDate() + " " + months[today.getMonth()] + " " + today.getFullYear();
    });
  }

  setDate();
  window.addEventListener("beforeprint", setDate);
})();
