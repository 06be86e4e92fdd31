/* "Copy link" on an entry page (includes/share_links.html): copies the page's canonical address
   (its <link rel="canonical">) and says so in a polite live region, or says it could not. The
   button stays hidden where the clipboard cannot be written (no JavaScript, an insecure origin). */
(function () {
  "use strict";
  var button = document.querySelector("[data-copy-link]");
  var status = document.querySelector("[data-copy-link-status]");
  if (!button || !status || !navigator.clipboard || !navigator.clipboard.writeText) return;

  function address() {
    var canonical = document.querySelector('link[rel="canonical"]');
    if (canonical && canonical.href) return canonical.href;
    return button.getAttribute("data-address") || window.location.href.split("#")[0];
  }

  function say(message) {
    // Emptied first, so that a second "Link copied" is announced again.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = message;
    }, 50);
  }

  button.hidden = false;
  button.addEventListener("click", function () {
    var url = address();
    navigator.clipboard.writeText(url).then(
      function () {
        say("Link copied");
      },
      function () {
        say("Could not copy the link. Copy it from the address bar: " + url);
      }
    );
  });
})();
