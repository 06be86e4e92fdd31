/*
 * Search and browse that answer at once: a progressive enhancement of the plain GET form.
 *
 * Without JavaScript the form is submitted with "Apply filters". With it, ticking a filter or
 * changing the order or page size fetches the very URL the form would load, swaps the page's
 * results region (#search-live) for the fetched one, and records the address with
 * history.pushState, so Back and Forward step through the choices. The number of results is
 * announced politely; focus stays on the control that was changed.
 *
 * Below 48em the filters sit behind a "Filters (n)" button that opens them as a panel over the
 * results (a link to #filters without JavaScript).
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-live-search]");
  if (!form || !window.fetch || !window.history || !window.DOMParser) {
    return;
  }
  var status = document.getElementById("search-status");
  var narrow = window.matchMedia("(max-width: 47.99em)");
  var pending = null;
  var shown = withoutHash(window.location.href); // the address whose results are on the page

  function withoutHash(url) {
    var absolute = new URL(url, window.location.href);
    absolute.hash = "";
    return absolute.href;
  }

  form.classList.add("search-form--live");

  function region() {
    return document.getElementById("search-live");
  }

  function panel() {
    return document.getElementById("filters");
  }

  function urlFor() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (name !== "page" && String(value) !== "") {
        params.append(name, value);
      }
    });
    var query = params.toString();
    return form.getAttribute("action") + (query ? "?" + query : "");
  }

  function announce(doc) {
    var heading = doc.getElementById("results-heading");
    if (status && heading) {
      // Cleared first, so the same words twice are still read out.
      status.textContent = "";
      window.setTimeout(function () {
        status.textContent = heading.textContent.replace(/\s+/g, " ").trim();
      }, 50);
    }
  }

  function setPanel(open, focusTarget) {
    var filters = panel();
    var toggle = document.querySelector(".filters-toggle");
    if (!filters) {
      return;
    }
    var isOpen = open && narrow.matches;
    filters.classList.toggle("facets--open", isOpen);
    document.body.classList.toggle("has-open-panel", isOpen);
    if (toggle) {
      toggle.setAttribute("aria-expanded", isOpen ? "true" : "false");
    }
    if (focusTarget) {
      focusTarget.focus();
    }
  }

  function enhance() {
    var toggle = document.querySelector(".filters-toggle");
    var close = document.querySelector(".facets__close");
    if (toggle) {
      toggle.setAttribute("role", "button");
      toggle.setAttribute("aria-expanded", "false");
    }
    if (close) {
      close.hidden = false;
    }
  }

  function exitShown(doc) {
    return Boolean(doc.querySelector("[data-exit-this-page]"));
  }

  function swap(html, focusedId, panelOpen) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fresh = doc.getElementById("search-live");
    var current = region();
    // Only the results region is swapped: where "Exit this page" comes or goes with the new
    // choices, the whole page is loaded instead, so the control (and its shortcut) is right.
    if (!fresh || !current || exitShown(doc) !== exitShown(document)) {
      return false;
    }
    current.replaceWith(document.importNode(fresh, true));
    var title = doc.querySelector("title");
    if (title) {
      document.title = title.textContent;
    }
    var query = doc.getElementById("search-q");
    var box = document.getElementById("search-q");
    if (query && box && box !== document.activeElement) {
      box.value = query.value;
    }
    enhance();
    setPanel(panelOpen, null);
    var focused = focusedId && document.getElementById(focusedId);
    if (focused) {
      var details = focused.closest("details");
      if (details) {
        details.open = true;
      }
      focused.focus();
    }
    announce(doc);
    return true;
  }

  function load(url, push) {
    // A browse page's form leads to the search page: its heading would no longer fit the
    // results, so that one is loaded as a whole page.
    if (new URL(url, window.location.href).pathname !== window.location.pathname) {
      window.location.assign(url);
      return Promise.resolve();
    }
    var active = document.activeElement;
    var focusedId = active && form.contains(active) ? active.id : "";
    var panelOpen = panel() && panel().classList.contains("facets--open");
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    form.setAttribute("aria-busy", "true");
    return fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "text/html" },
      signal: pending.signal,
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        if (!swap(html, focusedId, panelOpen)) {
          window.location.assign(url);
          return;
        }
        shown = withoutHash(url);
        if (push) {
          window.history.pushState({ liveSearch: true }, "", url);
        }
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") {
          return;
        }
        // Anything unexpected: load the page the ordinary way.
        window.location.assign(url);
      })
      .finally(function () {
        form.removeAttribute("aria-busy");
      });
  }

  form.addEventListener("change", function (event) {
    var target = event.target;
    if (!target || target.id === "search-q") {
      return;
    }
    if (target.type === "checkbox" || target.tagName === "SELECT") {
      load(urlFor(), true);
    }
  });

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest(".filters-toggle");
    if (toggle && narrow.matches) {
      event.preventDefault();
      setPanel(true, document.getElementById("filters-heading"));
      return;
    }
    var close = event.target.closest && event.target.closest(".facets__close");
    if (close) {
      event.preventDefault();
      setPanel(false, document.querySelector(".filters-toggle"));
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && panel() && panel().classList.contains("facets--open")) {
      setPanel(false, document.querySelector(".filters-toggle"));
    }
  });

  window.addEventListener("popstate", function () {
    // A skip link or #filters changes only the fragment: the results on the page still hold.
    if (withoutHash(window.location.href) !== shown) {
      load(window.location.href, false);
    }
  });

  // The first entry gets a state too, so coming Back to it reloads its results.
  window.history.replaceState({ liveSearch: true }, "", window.location.href);
  enhance();
})();
