/*
 * The trainer's packet (issue 16), kept in this browser only: localStorage "cac-packet", never a
 * cookie, and never sent anywhere except in the packet's own address (/packet/?e=…).
 *
 * Without JavaScript, "Add to packet" is a link to a packet of that entry, and the packet page
 * works by its own links and form: each one loads the packet's next address. With it:
 * - the header's "Packet" link shows how many entries the packet holds and leads to it;
 * - each "Add to packet" becomes a toggle button, announced in a polite live region;
 * - "Add all N results to the packet" on a search fetches the results as JSON and merges them;
 * - on the packet page that is the stored packet, moving, removing and saving the title and
 *   notes update the store before the page loads the new address; focus and an announcement
 *   follow the change across that load (a one-shot note in sessionStorage). A packet opened from
 *   someone else's address is never taken over silently: the page offers to replace the stored
 *   one with it. An empty store adopts the packet on the page.
 * Where storage is refused (some private modes), nothing changes: the plain links stay.
 * On a page that shows "Exit this page" the script does nothing at all: a reader at risk must
 * leave no trace in this browser's storage (the server renders no packet controls there either).
 * The packet's address is kept within ADDRESS_BUDGET bytes, measured as catalog/packet.py does: a
 * change that would pass it is refused, and a stored packet past it is never opened by address.
 */
(function () {
  "use strict";

  var KEY = "cac-packet";
  var NOTE_KEY = "cac-packet-after-load"; // sessionStorage: what to say and focus after a load
  var NOTE_LIFETIME_MS = 30000; // a note older than this belongs to a load that never happened
  var LIMIT = 100; // as the server's packet page keeps (catalog/packet.py)
  var TITLE_MAX = 200;
  var NOTE_MAX = 500;
  var ENTRY_TITLE_MAX = 500;
  var NOT_KEPT = "Your browser would not keep the packet: it may be full or set to keep nothing.";
  var TOO_LONG = "These notes are too long to fit in the packet’s address; shorten some.";
  // As catalog/packet.py (ADDRESS_LIMIT less ADDRESS_RESERVE): servers refuse longer addresses.
  var ADDRESS_BUDGET = 5700;

  // Before any storage is touched (even the probe below writes a key).
  if (document.querySelector("[data-exit-this-page]")) return;

  var store = storage("localStorage");
  if (!store || !window.URL || !window.URLSearchParams) return;

  var status = document.querySelector("[data-packet-status]");
  var headerLink = document.querySelector(".packet-link");
  var packetPath = headerLink
    ? new URL(headerLink.href, window.location.href).pathname
    : "/packet/";
  var sheet = document.querySelector(".packet[data-packet-ids]");
  var mine = false; // the packet page shows the stored packet: its controls edit the store

  function storage(name) {
    try {
      var area = window[name];
      var probe = KEY + "-probe";
      area.setItem(probe, "1");
      area.removeItem(probe);
      return area;
    } catch (error) {
      return null;
    }
  }

  // --- The stored packet: {"v":1,"title":"…","entries":[{"id":12,"title":"…","url":"/…"}],
  //     "notes":{"12":"…"}}. Anything else found under the key counts as an empty packet.

  function empty() {
    return { v: 1, title: "", entries: [], notes: {} };
  }

  // Text as the packet page writes it back (catalog/packet.py, clean_text): no control
  // characters; a title on one line with single spaces, a note's lines without trailing spaces;
  // at most `max` characters (code points, as Python counts them), trimmed. The store then
  // holds what the page shows, and the two compare equal.
  var CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;

  function clean(text, max, lines) {
    var value = String(text === undefined || text === null ? "" : text).replace(/\r\n?/g, "\n");
    if (lines) {
      value = value
        .replace(CONTROL, "")
        .split("\n")
        .map(function (line) {
          return line.replace(/\s+$/, "");
        })
        .join("\n");
    } else {
      value = value.replace(CONTROL, " ").split(/\s+/).filter(Boolean).join(" ");
    }
    return Array.from(value.trim()).slice(0, max).join("").trim();
  }

  function toId(value) {
    var text = String(value);
    if (!/^[1-9][0-9]{0,9}$/.test(text)) return null;
    var id = Number(text);
    return id <= 2147483647 ? id : null;
  }

  function parseIds(text) {
    var seen = [];
    String(text || "")
      .split(",")
      .forEach(function (part) {
        var id = toId(part.trim());
        if (id && seen.indexOf(id) < 0 && seen.length < LIMIT) seen.push(id);
      });
    return seen;
  }

  // An entry's address as a path on this site, or "" (never another site's, never javascript:).
  function sitePath(url) {
    if (typeof url !== "string" || !url) return "";
    try {
      var parsed = new URL(url, window.location.href);
      return parsed.origin === window.location.origin ? parsed.pathname : "";
    } catch (error) {
      return "";
    }
  }

  function entryFrom(id, title, url) {
    return {
      id: id,
      title: typeof title === "string" ? clean(title, ENTRY_TITLE_MAX) : "",
      url: sitePath(url),
    };
  }

  function normalise(raw) {
    var packet = empty();
    if (!raw || typeof raw !== "object" || !Array.isArray(raw.entries)) return packet;
    packet.title = typeof raw.title === "string" ? clean(raw.title, TITLE_MAX) : "";
    var notes = raw.notes && typeof raw.notes === "object" ? raw.notes : {};
    raw.entries.forEach(function (entry) {
      var id = entry && typeof entry === "object" ? toId(entry.id) : null;
      if (!id || packet.entries.length >= LIMIT || indexOf(packet, id) >= 0) return;
      packet.entries.push(entryFrom(id, entry.title, entry.url));
      var note = notes[String(id)];
      note = typeof note === "string" ? clean(note, NOTE_MAX, true) : "";
      if (note) packet.notes[String(id)] = note;
    });
    return packet;
  }

  function read() {
    try {
      var text = store.getItem(KEY);
      return text ? normalise(JSON.parse(text)) : empty();
    } catch (error) {
      return empty(); // unreadable or not JSON: start again
    }
  }

  function write(packet) {
    try {
      store.setItem(KEY, JSON.stringify(packet));
      return true;
    } catch (error) {
      return false;
    }
  }

  function indexOf(packet, id) {
    for (var i = 0; i < packet.entries.length; i += 1) {
      if (packet.entries[i].id === id) return i;
    }
    return -1;
  }

  function idsOf(packet) {
    return packet.entries.map(function (entry) {
      return entry.id;
    });
  }

  function sameIds(a, b) {
    return (
      a.length === b.length &&
      a.every(function (id, i) {
        return id === b[i];
      })
    );
  }

  // The packet's address: what the packet page's own links and form produce.
  function packetQuery(packet) {
    if (!packet.entries.length) return "";
    var parts = ["e=" + idsOf(packet).join(",")];
    if (packet.title) parts.push("title=" + encodeURIComponent(packet.title));
    packet.entries.forEach(function (entry) {
      var note = packet.notes[String(entry.id)];
      if (note) parts.push("note-" + entry.id + "=" + encodeURIComponent(note));
    });
    return parts.join("&");
  }

  function packetUrl(packet) {
    var query = packetQuery(packet);
    return packetPath + (query ? "?" + query : "");
  }

  // The address's size as catalog/packet.py budgets it (address_size): as the page's form would
  // send it, every note field present and a note's line ends as CR LF.
  function encodedNote(note) {
    return encodeURIComponent(note.replace(/\n/g, "\r\n"));
  }

  function addressSize(packet) {
    var parts = [packetPath, "?e=", idsOf(packet).join(",")];
    parts.push("&title=", encodeURIComponent(packet.title));
    packet.entries.forEach(function (entry) {
      var note = packet.notes[String(entry.id)];
      parts.push("&note-" + entry.id + "=", note ? encodedNote(note) : "");
    });
    return new TextEncoder().encode(parts.join("")).length;
  }

  function fits(packet) {
    return !window.TextEncoder || addressSize(packet) <= ADDRESS_BUDGET;
  }

  // Store the packet if its address fits and the browser keeps it; else say why, and keep the
  // stored packet as it was.
  function keep(packet) {
    if (!fits(packet)) {
      say(TOO_LONG);
      return false;
    }
    if (!write(packet)) {
      say(NOT_KEPT);
      return false;
    }
    return true;
  }

  function entriesText(count) {
    return count + (count === 1 ? " entry" : " entries");
  }

  function holds(packet) {
    return entriesText(packet.entries.length);
  }

  function removed(title, packet) {
    return "Removed “" + title + "” from your packet (" + holds(packet) + ").";
  }

  function say(message) {
    if (!status) return;
    // Emptied first, so that the same words twice are announced twice.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = message;
    }, 50);
  }

  // --- The header's link and every toggle show the stored packet.

  function showCount(packet) {
    if (!headerLink) return;
    var count = headerLink.querySelector("[data-packet-count]");
    var unit = headerLink.querySelector("[data-packet-unit]");
    var size = packet.entries.length;
    headerLink.href = packetUrl(packet);
    if (!count) return;
    count.textContent = String(size);
    count.hidden = false;
    if (!unit) {
      unit = document.createElement("span");
      unit.className = "visually-hidden";
      unit.setAttribute("data-packet-unit", "");
      count.after(unit);
    }
    unit.textContent = size === 1 ? " entry" : " entries"; // the link reads "Packet 3 entries"
  }

  function showToggle(button, packet) {
    var inPacket = indexOf(packet, toId(button.getAttribute("data-packet-id"))) >= 0;
    var named = document.createElement("span");
    named.className = "visually-hidden";
    named.textContent = ": " + button.getAttribute("data-packet-title");
    // One label; the state is aria-pressed, shown by packet-add[aria-pressed="true"] in site.css.
    button.setAttribute("aria-pressed", inPacket ? "true" : "false");
    button.textContent = "Add to packet";
    button.appendChild(named);
  }

  function toggles() {
    return document.querySelectorAll("button.packet-add[data-packet-id]");
  }

  function refresh(packet) {
    showCount(packet);
    Array.prototype.forEach.call(toggles(), function (button) {
      showToggle(button, packet);
    });
  }

  // The link becomes a real button: the same classes and data, a toggle's semantics.
  function upgrade(link, packet) {
    if (!toId(link.getAttribute("data-packet-id"))) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    ["data-packet-id", "data-packet-title", "data-packet-url"].forEach(function (name) {
      button.setAttribute(name, link.getAttribute(name) || "");
    });
    showToggle(button, packet);
    var focused = document.activeElement === link;
    link.replaceWith(button);
    if (focused) button.focus();
  }

  function upgradeIn(root, packet) {
    var links = root.matches && root.matches("a.packet-add") ? [root] : [];
    if (root.querySelectorAll) {
      links = links.concat(Array.prototype.slice.call(root.querySelectorAll("a.packet-add")));
    }
    links.forEach(function (link) {
      upgrade(link, packet || read());
    });
  }

  function toggle(button) {
    var packet = read();
    var id = toId(button.getAttribute("data-packet-id"));
    var title = button.getAttribute("data-packet-title") || "this entry";
    var at = indexOf(packet, id);
    var message;
    if (!id) return;
    if (at >= 0) {
      packet.entries.splice(at, 1);
      delete packet.notes[String(id)];
      message = removed(title, packet);
    } else if (packet.entries.length >= LIMIT) {
      say(
        "Your packet is full: it holds " + LIMIT + " entries, the most it can. " +
          "Remove one before adding “" + title + "”."
      );
      return;
    } else {
      packet.entries.push(entryFrom(id, title, button.getAttribute("data-packet-url")));
      message = "Added “" + title + "” to your packet (" + holds(packet) + ").";
    }
    if (!keep(packet)) return;
    refresh(packet);
    say(message);
  }

  // --- "Add all N results to the packet" on a search.

  function addAll(link) {
    if (link.getAttribute("aria-busy") === "true") return; // still adding
    link.setAttribute("aria-busy", "true");
    say("Adding…");
    fetch(link.href, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (answer) {
        var packet = read();
        var before = packet.entries.length;
        var offered = answer && Array.isArray(answer.entries) ? answer.entries : [];
        var leftOut = 0;
        offered.forEach(function (entry) {
          var id = entry && typeof entry === "object" ? toId(entry.id) : null;
          if (!id || indexOf(packet, id) >= 0) return;
          if (packet.entries.length >= LIMIT) {
            leftOut += 1;
            return;
          }
          packet.entries.push(entryFrom(id, entry.title, entry.url));
        });
        var added = packet.entries.length - before;
        if (added && !keep(packet)) return;
        refresh(packet);
        var message = added
          ? "Added " + entriesText(added) + "; your packet holds " + packet.entries.length + "."
          : "These results are already in your packet; it holds " +
            entriesText(packet.entries.length) + ".";
        if (leftOut) {
          message += " Your packet is full at " + LIMIT + " entries: " + leftOut + " more " +
            (leftOut === 1 ? "was" : "were") + " left out.";
        } else if (answer && answer.capped) {
          message += " Only the first " + LIMIT + " of " + answer.total + " results were added.";
        }
        say(message);
      })
      .catch(function () {
        window.location.assign(link.href); // the plain link's way: the packet page
      })
      .finally(function () {
        link.removeAttribute("aria-busy");
      });
  }

  // --- The packet page.

  // The packet as the page shows it: its entries' titles and addresses, its title and notes.
  function pagePacket(ids) {
    var packet = empty();
    packet.title = clean(sheet.getAttribute("data-packet-title"), TITLE_MAX);
    ids.forEach(function (id) {
      var block = document.getElementById("packet-entry-" + id);
      var heading = block && block.querySelector("h2, h3, h4");
      var link = heading && heading.querySelector("a[href]");
      // The link names the entry; the heading may number it too ("2. Title").
      var title = (link || heading || { textContent: "" }).textContent;
      packet.entries.push(entryFrom(id, title, link ? link.getAttribute("href") : ""));
      var box = block && block.querySelector('textarea[name="note-' + id + '"]');
      var note = box ? clean(box.defaultValue, NOTE_MAX, true) : "";
      if (note) packet.notes[String(id)] = note;
    });
    return packet;
  }

  function sameText(stored, shown, ids) {
    return (
      stored.title === shown.title &&
      ids.every(function (id) {
        return (stored.notes[String(id)] || "") === (shown.notes[String(id)] || "");
      })
    );
  }

  function entryTitle(packet, id) {
    var at = indexOf(packet, id);
    return (at >= 0 && packet.entries[at].title) || "this entry";
  }

  // Titles and addresses change: the page knows them better than the store.
  function freshen(stored, shown) {
    var changed = false;
    shown.entries.forEach(function (entry) {
      var at = indexOf(stored, entry.id);
      var kept = stored.entries[at];
      if (at < 0 || !entry.title) return;
      if (kept.title !== entry.title || (entry.url && kept.url !== entry.url)) {
        kept.title = entry.title;
        kept.url = entry.url || kept.url;
        changed = true;
      }
    });
    if (changed) write(stored);
  }

  function offerToReplace(shown, stored) {
    var offer = document.createElement("div");
    var text = document.createElement("p");
    var actions = document.createElement("p");
    var button = document.createElement("button");
    var yours = document.createElement("a");
    offer.className = "notice packet-offer screen-only";
    text.textContent =
      "This packet was shared with you, or is an older version of yours. The packet kept in " +
      "this browser (" + entriesText(stored.entries.length) + ") stays as it is unless you " +
      "replace it with this one.";
    button.type = "button";
    button.className = "button";
    button.textContent = "Replace my packet with this one";
    yours.href = packetUrl(stored);
    yours.textContent = "Open my packet";
    actions.append(button, " ", yours);
    offer.append(text, actions);
    // Below the page's heading (and the block that holds it), before the entries.
    var anchor = sheet.querySelector("h1");
    while (anchor && anchor.parentNode !== sheet) anchor = anchor.parentNode;
    if (anchor) anchor.after(offer);
    else sheet.prepend(offer);

    button.addEventListener("click", function () {
      if (!keep(shown)) return;
      mine = true;
      refresh(shown);
      var done = document.createElement("p");
      done.tabIndex = -1;
      done.textContent = "Your packet is now this one (" + entriesText(shown.entries.length) + ").";
      offer.replaceChildren(done);
      done.focus();
    });
  }

  // After the change, the page loads the packet's new address; the note says what to announce
  // and where focus goes once it has.
  function leaveNote(note) {
    var session = storage("sessionStorage");
    if (!session) return false;
    note.at = Date.now();
    try {
      session.setItem(NOTE_KEY, JSON.stringify(note));
      return true;
    } catch (error) {
      return false;
    }
  }

  function readNote() {
    var session = storage("sessionStorage");
    if (!session) return null;
    try {
      var note = JSON.parse(session.getItem(NOTE_KEY) || "null");
      session.removeItem(NOTE_KEY);
      var fresh = note && typeof note === "object" && Date.now() - note.at < NOTE_LIFETIME_MS;
      return fresh ? note : null;
    } catch (error) {
      return null;
    }
  }

  // With the note kept, the new page moves focus itself; the fragment is the fallback (only
  // that: a browser scrolling to a fragment moves focus to it, or to the page, after a script
  // has moved it).
  function go(packet, note, entryId) {
    var fragment = !leaveNote(note) && entryId ? "#packet-entry-" + entryId : "";
    window.location.assign(packetUrl(packet) + fragment);
  }

  function act(link, shownIds) {
    var packet = read();
    var action = link.getAttribute("data-packet-action");
    var id = toId(link.getAttribute("data-entry-id"));
    var shown = shownIds.filter(function (shownId) {
      return indexOf(packet, shownId) >= 0;
    });
    var at = shown.indexOf(id);
    if (at < 0) return false;
    var title = entryTitle(packet, id);
    if (action === "remove") {
      packet.entries.splice(indexOf(packet, id), 1);
      delete packet.notes[String(id)];
      var next = shown[at + 1] || shown[at - 1] || null;
      if (!keep(packet)) return false;
      go(packet, { message: removed(title, packet), id: next, action: "remove" }, next);
      return true;
    }
    var other = action === "up" ? shown[at - 1] : action === "down" ? shown[at + 1] : undefined;
    if (!other) return false;
    // Swapped with its shown neighbour: an entry this visitor may not see keeps its place.
    var from = indexOf(packet, id);
    var to = indexOf(packet, other);
    var moved = packet.entries[from];
    packet.entries[from] = packet.entries[to];
    packet.entries[to] = moved;
    if (!keep(packet)) return false;
    var place = shown.indexOf(other) + 1;
    go(
      packet,
      {
        message: "Moved “" + title + "” " + action + ": now " + place + " of " + shown.length + ".",
        id: id,
        action: action,
      },
      id
    );
    return true;
  }

  // True when the script dealt with the form: saved, or refused because the address would be too
  // long (the store unchanged, and the reason announced); false leaves it to the plain form.
  function saveText(form, shownIds) {
    var packet = withFormText(form, shownIds);
    if (!fits(packet)) {
      say(TOO_LONG);
      return true;
    }
    if (!write(packet)) return false;
    go(packet, { message: "Saved the title and notes.", focus: "save" }, null);
    return true;
  }

  function focusAfterLoad(note) {
    var target = null;
    if (note.focus === "save") {
      target = sheet.querySelector('.packet-form [type="submit"]');
    } else if (note.id) {
      var block = document.getElementById("packet-entry-" + note.id);
      target =
        block &&
        (block.querySelector('[data-packet-action="' + note.action + '"]') ||
          block.querySelector("[data-packet-action]"));
    }
    if (!target) {
      target = sheet.querySelector("h1") || document.querySelector("main h1") || sheet;
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    }
    target.focus();
    if (note.message) {
      window.setTimeout(function () {
        say(String(note.message));
      }, 300);
    }
  }

  // "Clear my packet": for a stored packet this page cannot show (its entries hidden from this
  // visitor, say after signing out; or its address too long to open).
  function offerToClear(stored, reason) {
    var offer = document.createElement("div");
    var text = document.createElement("p");
    var button = document.createElement("button");
    offer.className = "notice packet-offer screen-only";
    text.textContent = reason;
    button.type = "button";
    button.className = "button";
    button.textContent = "Clear my packet";
    offer.append(text, button);
    var place = document.querySelector(".packet-empty") || sheet || document.querySelector("main");
    if (!place) return;
    if (place === sheet || place.tagName === "MAIN") place.prepend(offer);
    else place.before(offer);
    button.addEventListener("click", function () {
      if (!write(empty())) {
        say(NOT_KEPT);
        return;
      }
      refresh(empty());
      var done = document.createElement("p");
      done.tabIndex = -1;
      done.textContent = "Your packet is now empty.";
      offer.replaceChildren(done);
      done.focus();
    });
  }

  function packetPage() {
    var shownIds = parseIds(sheet.getAttribute("data-packet-ids"));
    var params = new URLSearchParams(window.location.search);
    var stored = read();
    var note = readNote();
    if (!shownIds.length) {
      // The stored packet's own address, showing nothing to this visitor.
      if (stored.entries.length && sameIds(parseIds(params.get("e")), idsOf(stored))) {
        offerToClear(
          stored,
          "None of the " + entriesText(stored.entries.length) + " in the packet kept in this " +
            "browser can be shown to you (you may have signed out, or they were removed from " +
            "the catalog)."
        );
      }
      return;
    }
    var shown = pagePacket(shownIds);
    var asked = parseIds(params.get("e"));
    var storedIds = idsOf(stored);
    if (!stored.entries.length) {
      mine = fits(shown) && write(shown); // a packet opened in an empty browser becomes its own
      if (mine) refresh(shown);
    } else if (
      (sameIds(storedIds, shownIds) || sameIds(storedIds, asked)) &&
      sameText(stored, shown, shownIds)
    ) {
      mine = true;
      freshen(stored, shown);
    } else {
      offerToReplace(shown, stored);
    }
    if (note) focusAfterLoad(note);

    sheet.addEventListener("click", function (event) {
      var link = event.target instanceof Element && event.target.closest("a[data-packet-action]");
      if (!link || !mine || modified(event)) return;
      if (act(link, shownIds)) event.preventDefault();
    });
    var form = document.querySelector("form.packet-form");
    if (form) {
      form.addEventListener("submit", function (event) {
        if (mine && saveText(form, shownIds)) event.preventDefault();
      });
      // A note is refused as it is typed past the budget, not only on saving.
      form.addEventListener("change", function (event) {
        var field = event.target;
        if (!mine || !field.matches("textarea, input[name='title']")) return;
        if (!formFits(form, shownIds)) say(TOO_LONG);
      });
    }
  }

  function formFits(form, shownIds) {
    return fits(withFormText(form, shownIds));
  }

  // The stored packet with the form's title and the notes of the entries shown (not saved).
  function withFormText(form, shownIds) {
    var packet = read();
    var title = form.elements.namedItem("title");
    if (title && typeof title.value === "string") packet.title = clean(title.value, TITLE_MAX);
    shownIds.forEach(function (id) {
      var box = form.elements.namedItem("note-" + id);
      if (!box || typeof box.value !== "string" || indexOf(packet, id) < 0) return;
      var note = clean(box.value, NOTE_MAX, true);
      if (note) packet.notes[String(id)] = note;
      else delete packet.notes[String(id)];
    });
    return packet;
  }

  // A click meant to open a new tab or window is left to the browser.
  function modified(event) {
    return event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey;
  }

  // --- Start.

  var packet = read();
  var bare = !new URLSearchParams(window.location.search).has("e");
  var onPacketPage = window.location.pathname === packetPath;
  if (onPacketPage && bare && packet.entries.length && fits(packet)) {
    window.location.replace(packetUrl(packet)); // the bare packet page leads to the stored one
    return;
  }
  upgradeIn(document.body, packet);
  showCount(packet);
  if (onPacketPage && bare && packet.entries.length) {
    offerToClear(
      packet,
      "The packet kept in this browser (" + entriesText(packet.entries.length) + ") has notes " +
        "too long for its address, so it cannot be opened. Clear it to start again."
    );
  } else if (sheet) {
    packetPage();
  }
  upgradeAddAll();

  document.addEventListener("click", function (event) {
    if (!(event.target instanceof Element)) return;
    var button = event.target.closest("button.packet-add[data-packet-id]");
    if (button) {
      toggle(button);
      return;
    }
    var all = event.target.closest("a.packet-add-all");
    if (all && !modified(event)) {
      event.preventDefault();
      addAll(all);
    }
  });

  // Taken over, "Add all" adds in place rather than leading anywhere: a button, Space included.
  function upgradeAddAll() {
    Array.prototype.forEach.call(document.querySelectorAll("a.packet-add-all"), function (link) {
      link.setAttribute("role", "button");
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== " " || !(event.target instanceof Element)) return;
    var all = event.target.closest("a.packet-add-all[role='button']");
    if (!all) return;
    event.preventDefault(); // not a scroll
    addAll(all);
  });

  // Results swapped in by the live search bring new links.
  if (window.MutationObserver) {
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        Array.prototype.forEach.call(change.addedNodes, function (node) {
          if (node.nodeType === 1) upgradeIn(node, null);
        });
      });
      upgradeAddAll();
    }).observe(document.body, { childList: true, subtree: true });
  }

  // Another tab changed the packet, or this page came back from the browser's page cache.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY || event.key === null) refresh(read());
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) refresh(read());
  });
})();
