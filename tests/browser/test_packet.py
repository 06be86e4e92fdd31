"""The trainer's packet in a real browser, on the demo content (issue 16): add from a search's
cards and from an entry page, the header's count, reorder, remove, a title and a note, a reload,
the share address in a fresh browser (the same entries), "Add all N results", a shared packet
that never overwrites the stored one unasked, the 100-entry cap, and a browser that keeps
nothing. Printed, the packet is one block per entry, each with its QR code as inline SVG. Every
page is checked with axe, any CSP violation or request beyond the live server fails the test
(tests/browser/conftest.py), and no cookie is ever set."""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from catalog.models import CurriculumPage, PodcastEpisodePage, ResourcePage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENING_TOOL = "CSEC screening tool for CAC intake"
FACT_SHEET = "What is commercial sexual exploitation? A fact sheet for partner agencies"
TRAINING = "Responding to child trafficking: a survivor-led two-day training for CAC teams"
EPISODE = "The Child-Trafficking-to-Adult-Prostitution Pipeline"
WORKSHEET = "CSEC case review worksheet for MDT meetings"  # members only
CAREGIVERS_GUIDE = "When your child has been exploited: a guide for caregivers"
TITLE = "Harrisburg MDT training, March"
NOTE = "Hand out before the case review.\nPages 2–3 only."


def stored(page: Page) -> dict | None:
    text = page.evaluate("localStorage.getItem('cac-packet')")
    return json.loads(text) if text else None


def stored_ids(page: Page) -> list[int]:
    packet = stored(page)
    return [entry["id"] for entry in packet["entries"]] if packet else []


def shown_ids(page: Page) -> list[int]:
    ids = page.locator(".packet").get_attribute("data-packet-ids")
    return [int(pk) for pk in ids.split(",") if pk]


def asked(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def status(page: Page):
    return page.locator("[data-packet-status]")


def badge(page: Page):
    return page.locator("header .packet-link")


def pk(model, title: str) -> int:
    return model.objects.live().get(title=title).pk


def named(start: str, title: str) -> re.Pattern:
    """An accessible name such as "Add to packet: Title" (Chromium puts a space before the
    colon: the visually hidden part is positioned, so it counts as a separate block)."""
    return re.compile(rf"^{re.escape(start)}\s*:\s*{re.escape(title)}$")


def add_button(page: Page, title: str):
    return page.get_by_role("button", name=named("Add to packet", title))


def packet_with(page: Page, entries: list[dict], title: str = "", notes: dict | None = None):
    """Put a packet in this browser's storage, as packet.js writes it."""
    packet = {"v": 1, "title": title, "entries": entries, "notes": notes or {}}
    page.evaluate("(value) => localStorage.setItem('cac-packet', value)", json.dumps(packet))


def test_gather_order_annotate_reload_and_share_a_packet(demo, browser, guard, context, audit):
    tool, training = pk(ResourcePage, SCREENING_TOOL), pk(CurriculumPage, TRAINING)
    page = context.new_page()

    # Nothing yet: the bare packet page explains how to add entries.
    page.goto("/packet/")
    expect(page.get_by_role("heading", name="This packet is empty")).to_be_visible()
    audit(page, "packet: empty")

    # From a search result's card: the link has become a toggle button.
    page.goto("/search/?q=screening")
    card_button = add_button(page, SCREENING_TOOL)
    expect(card_button).to_have_attribute("aria-pressed", "false")
    expect(badge(page)).to_have_accessible_name("Packet 0 entries")
    audit(page, "search with Add to packet buttons")
    unpressed = card_button.evaluate("b => getComputedStyle(b).backgroundColor")
    card_button.click()
    pressed = add_button(page, SCREENING_TOOL)  # one label; the state is aria-pressed
    expect(pressed).to_have_attribute("aria-pressed", "true")
    expect(pressed).to_be_focused()
    assert pressed.evaluate("b => getComputedStyle(b).backgroundColor") != unpressed
    assert "✓" in pressed.evaluate("b => getComputedStyle(b, '::before').content")
    expect(status(page)).to_have_text(f"Added “{SCREENING_TOOL}” to your packet (1 entry).")
    expect(badge(page)).to_have_accessible_name("Packet 1 entry")
    expect(badge(page)).to_have_attribute("href", f"/packet/?e={tool}")
    audit(page, "search with an entry in the packet")

    # From an entry page.
    page.goto(CurriculumPage.objects.get(pk=training).url)
    expect(badge(page).locator("[data-packet-count]")).to_have_text("1")
    add_button(page, TRAINING).click()
    expect(status(page)).to_have_text(f"Added “{TRAINING}” to your packet (2 entries).")
    expect(badge(page).locator("[data-packet-count]")).to_have_text("2")
    assert stored_ids(page) == [tool, training]
    assert stored(page)["entries"][1]["url"] == CurriculumPage.objects.get(pk=training).url
    audit(page, "curriculum with Add to packet pressed")

    # The header leads to the packet, in the order the entries were added.
    badge(page).click()
    expect(page).to_have_url(re.compile(rf"/packet/\?e={tool},{training}$"))
    assert shown_ids(page) == [tool, training]
    audit(page, "packet: two entries")

    # Reorder: the page loads the new address, focus stays on the moved entry's controls.
    page.get_by_role("link", name=f"Move “{TRAINING}” up").click()
    expect(page).to_have_url(re.compile(rf"\?e={training},{tool}$"))
    assert shown_ids(page) == stored_ids(page) == [training, tool]
    moved = page.locator(f"#packet-entry-{training}").get_by_role("link", name=re.compile("Move"))
    expect(moved).to_be_focused()  # now first, it has "Move down" only
    expect(status(page)).to_have_text(f"Moved “{TRAINING}” up: now 1 of 2.")
    audit(page, "packet: reordered")

    # A title and a note, saved into the store and the address.
    page.get_by_label("Packet title").fill(TITLE)
    page.get_by_label(f"Your note on “{SCREENING_TOOL}”").fill(NOTE)
    page.get_by_role("button", name="Save title and notes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert asked(page)["title"] == [TITLE]
    assert asked(page)[f"note-{tool}"] == [NOTE]
    expect(page.get_by_role("button", name="Save title and notes")).to_be_focused()
    expect(status(page)).to_have_text("Saved the title and notes.")
    assert stored(page)["title"] == TITLE
    assert stored(page)["notes"] == {str(tool): NOTE}
    audit(page, "packet: with a title and a note")

    # Still there after a reload, and the bare packet page leads to it.
    page.reload()
    assert shown_ids(page) == [training, tool]
    expect(page.get_by_label(f"Your note on “{SCREENING_TOOL}”")).to_have_value(NOTE)
    page.goto("/packet/")
    expect(page).to_have_url(re.compile(rf"/packet/\?e={training},{tool}&title="))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    # The share address is on the site's own root (its canonical address): opened here.
    share = urlsplit(page.locator("#packet-share-url").input_value())
    assert share.scheme.startswith("http")
    assert share.path == "/packet/"

    # Remove: the store follows, focus goes to the entry that took its place.
    page.get_by_role("link", name=f"Remove “{TRAINING}” from the packet").click()
    expect(status(page)).to_have_text(f"Removed “{TRAINING}” from your packet (1 entry).")
    assert shown_ids(page) == stored_ids(page) == [tool]
    expect(
        page.get_by_role("link", name=f"Remove “{SCREENING_TOOL}” from the packet")
    ).to_be_focused()
    assert stored(page)["title"] == TITLE  # the title and the note stay
    assert stored(page)["notes"] == {str(tool): NOTE}
    expect(badge(page)).to_have_accessible_name("Packet 1 entry")
    audit(page, "packet: after a removal")

    # The share address (before the removal) in a browser that has never seen the packet.
    fresh = browser.new_context(base_url=guard.origin)
    guard.attach(fresh)
    other = fresh.new_page()
    other.goto(f"{share.path}?{share.query}")
    assert shown_ids(other) == [training, tool]
    expect(other.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(other.get_by_label(f"Your note on “{SCREENING_TOOL}”")).to_have_value(NOTE)
    assert stored_ids(other) == [training, tool]  # an empty browser adopts it
    assert stored(other)["notes"] == {str(tool): NOTE}
    expect(badge(other)).to_have_accessible_name("Packet 2 entries")
    audit(other, "packet: opened from its share address")

    assert context.cookies() == []
    assert fresh.cookies() == []
    fresh.close()


def test_a_shared_packet_never_replaces_mine_unasked(demo, context, page, audit):
    tool = pk(ResourcePage, SCREENING_TOOL)
    sheet, episode = pk(ResourcePage, FACT_SHEET), pk(PodcastEpisodePage, EPISODE)
    page.goto("/packet/")
    audit(page, "packet: empty")
    packet_with(page, [{"id": tool, "title": SCREENING_TOOL, "url": "/"}], title="Mine")

    page.goto(f"/packet/?e={sheet},{episode}&title=Theirs")
    offer = page.get_by_role("button", name="Replace my packet with this one")
    expect(offer).to_be_visible()
    expect(page.get_by_role("link", name="Open my packet")).to_have_attribute(
        "href", f"/packet/?e={tool}&title=Mine"
    )
    audit(page, "packet: shared, with the offer to replace mine")

    # Its links edit the shared packet's address only.
    page.get_by_role("link", name=f"Move “{EPISODE}” up").click()
    expect(page).to_have_url(re.compile(rf"\?e={episode},{sheet}&title=Theirs#"))
    assert stored_ids(page) == [tool]
    assert stored(page)["title"] == "Mine"
    expect(badge(page)).to_have_accessible_name("Packet 1 entry")
    audit(page, "packet: shared, reordered in its address")

    offer.click()
    expect(page.get_by_text("Your packet is now this one (2 entries).")).to_be_focused()
    assert stored_ids(page) == [episode, sheet]
    assert stored(page)["title"] == "Theirs"
    expect(badge(page)).to_have_accessible_name("Packet 2 entries")
    audit(page, "packet: shared, now mine")
    assert context.cookies() == []


def test_an_entry_this_visitor_may_not_see_keeps_its_place_in_the_store(demo, page, audit):
    """A member's packet opened after signing out: the members-only entry is not shown, the
    packet is still theirs, and moving the others around leaves it where it was."""
    tool, sheet = pk(ResourcePage, SCREENING_TOOL), pk(ResourcePage, FACT_SHEET)
    private = pk(ResourcePage, WORKSHEET)
    page.goto("/packet/")
    audit(page, "packet: empty")
    packet_with(
        page,
        [
            {"id": tool, "title": SCREENING_TOOL, "url": "/"},
            {"id": private, "title": WORKSHEET, "url": "/"},
            {"id": sheet, "title": FACT_SHEET, "url": "/"},
        ],
    )

    page.goto(f"/packet/?e={tool},{private},{sheet}")
    assert shown_ids(page) == [tool, sheet]
    expect(page.get_by_text(WORKSHEET)).to_have_count(0)
    expect(page.locator(".packet-offer")).to_have_count(0)  # still the stored packet
    audit(page, "packet: a members-only entry left out")

    page.get_by_role("link", name=f"Move “{FACT_SHEET}” up").click()
    expect(page).to_have_url(re.compile(rf"\?e={sheet},{private},{tool}$"))
    assert stored_ids(page) == [sheet, private, tool]
    assert shown_ids(page) == [sheet, tool]
    expect(status(page)).to_have_text(f"Moved “{FACT_SHEET}” up: now 1 of 2.")
    audit(page, "packet: moved around a members-only entry")


def test_add_all_results_of_a_search_then_of_a_narrower_one(demo, context, page, audit):
    page.goto("/search/?q=screening")
    # Taken over by the script, it adds in place: a button (Space works too), not a link.
    link = page.get_by_role("button", name=re.compile(r"^Add all \d+ results to the packet$"))
    total = int(re.search(r"\d+", link.inner_text()).group())
    audit(page, "search with Add all")
    link.click()
    expect(status(page)).to_have_text(f"Added {total} entries; your packet holds {total}.")
    expect(badge(page).locator("[data-packet-count]")).to_have_text(str(total))
    expect(page.locator("button.packet-add[aria-pressed='false']")).to_have_count(0)
    results = page.locator(".entry-list--results .packet-add")
    first_ids = [int(pk) for pk in results.evaluate_all("all => all.map(b => b.dataset.packetId)")]
    assert stored_ids(page)[: len(first_ids)] == first_ids  # in the search's order
    assert "/packet/from-search/" not in page.url  # fetched, not followed

    # A search that answers at once (search-live.js): its new cards are toggles too, and the
    # entries already in the packet are not added twice.
    page.goto("/search/?q=exploited")
    audit(page, "search: a second query")
    more = page.get_by_role("button", name=re.compile(r"^Add all \d+ results to the packet$"))
    page.get_by_role("checkbox", name=re.compile(r"^Victim advocacy\s+\d")).check()
    expect(page).to_have_url(re.compile("discipline=victim-advocacy"))
    expect(page.locator(".entry-list--results a.packet-add")).to_have_count(0)
    shown = page.locator(".entry-list--results button.packet-add")
    expect(shown.first).to_be_visible()
    audit(page, "search: narrowed at once")
    before = len(stored_ids(page))
    cards = [int(pk) for pk in shown.evaluate_all("all => all.map(b => b.dataset.packetId)")]
    new = [pk for pk in cards if pk not in stored_ids(page)]
    more.focus()
    page.keyboard.press("Space")
    expect(status(page)).to_have_text(
        f"Added {len(new)} entr{'y' if len(new) == 1 else 'ies'}; "
        f"your packet holds {before + len(new)}."
    )
    assert len(stored_ids(page)) == len(set(stored_ids(page))) == before + len(new)
    assert context.cookies() == []


def test_a_full_packet_refuses_one_more(demo, page, audit):
    page.goto("/search/?q=screening")
    audit(page, "search")
    packet_with(page, [{"id": 900_000 + n, "title": f"Entry {n}", "url": ""} for n in range(100)])
    page.reload()
    expect(badge(page).locator("[data-packet-count]")).to_have_text("100")
    add_button(page, SCREENING_TOOL).click()
    expect(status(page)).to_have_text(
        "Your packet is full: it holds 100 entries, the most it can. "
        f"Remove one before adding “{SCREENING_TOOL}”."
    )
    expect(add_button(page, SCREENING_TOOL)).to_have_attribute("aria-pressed", "false")
    assert len(stored_ids(page)) == 100
    audit(page, "search with a full packet")


@pytest.mark.parametrize(
    "kept",
    ["{not json", '"a string"', '{"entries": "none"}', '{"v":1,"entries":[{"id":"x"},null,7.5]}'],
    ids=["broken", "string", "no list", "bad entries"],
)
def test_whatever_else_is_stored_counts_as_an_empty_packet(demo, page, audit, kept):
    page.goto("/search/?q=screening")
    page.evaluate("(value) => localStorage.setItem('cac-packet', value)", kept)
    page.reload()
    expect(badge(page)).to_have_accessible_name("Packet 0 entries")
    add_button(page, SCREENING_TOOL).click()
    expect(status(page)).to_have_text(f"Added “{SCREENING_TOOL}” to your packet (1 entry).")
    assert stored_ids(page) == [pk(ResourcePage, SCREENING_TOOL)]
    audit(page, f"search after a stored packet that was {kept!r}")


def test_without_storage_the_plain_links_stay(demo, context: BrowserContext, audit):
    context.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() {"
        " throw new DOMException('The user denied storage', 'SecurityError'); }});"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/search/?q=screening")
    audit(page, "search without storage")
    link = page.get_by_role("link", name=named("Add to packet", SCREENING_TOOL))
    expect(link).to_be_visible()
    expect(badge(page)).to_have_accessible_name("Packet")
    link.click()
    expect(page).to_have_url(re.compile(rf"/packet/\?e={pk(ResourcePage, SCREENING_TOOL)}$"))
    expect(page.locator(".packet-entry")).to_have_count(1)
    audit(page, "packet without storage")
    assert errors == []


def test_the_printed_packet_is_one_block_per_entry_each_with_its_qr_code(demo, page, audit):
    ids = [
        pk(ResourcePage, SCREENING_TOOL),
        pk(CurriculumPage, TRAINING),
        pk(PodcastEpisodePage, EPISODE),
    ]
    page.goto(f"/packet/?e={','.join(map(str, ids))}&title=Handout&note-{ids[0]}=Read+first")
    audit(page, "packet: three kinds")

    page.emulate_media(media="print")
    entries = page.locator(".packet-entry")
    expect(entries).to_have_count(3)
    for number in range(3):
        entry = entries.nth(number)
        assert entry.evaluate("block => getComputedStyle(block).breakInside") == "avoid"
        qr = entry.locator("svg")
        expect(qr).to_have_count(1)
        assert qr.evaluate("svg => svg.namespaceURI") == "http://www.w3.org/2000/svg"
        expect(entry.locator('[data-packet-action="remove"]')).to_be_hidden()  # screen only
    expect(page.locator("header .packet-link")).to_be_hidden()
    note = page.locator(f"#packet-entry-{ids[0]}")
    expect(note.get_by_role("paragraph").filter(has_text="Read first")).to_be_visible()
    expect(note.get_by_role("textbox")).to_be_hidden()  # the note prints as text, not a field
    expect(page.locator(".packet-offer")).to_have_count(0)  # an empty browser adopted it


def test_a_reader_at_risk_gets_no_packet_and_no_trace_in_storage(demo, page, audit):
    """On a page that shows "Exit this page" there is no packet to add to, and packet.js reads
    and writes no storage at all, even on the packet's own page reached with the mode."""
    guide = ResourcePage.objects.live().get(title=CAREGIVERS_GUIDE)
    page.goto(guide.url)
    expect(page.locator("[data-exit-this-page]")).to_have_count(1)
    expect(page.locator(".packet-add")).to_have_count(0)
    expect(badge(page)).to_have_count(0)
    audit(page, "caregivers' guide without the packet")
    assert page.evaluate("localStorage.length") == 0

    page.goto(f"/packet/?e={guide.pk}&exit=1")
    expect(page.locator("[data-exit-this-page]")).to_have_count(1)
    assert shown_ids(page) == [guide.pk]
    audit(page, "packet with Exit this page")
    page.wait_for_load_state("load")
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0  # not adopted


def test_notes_too_long_for_the_address_are_refused(demo, page, audit):
    """The packet's address must stay under 6,000 bytes: a note that would take it past is
    refused, the stored packet unchanged, and the reason announced."""
    tool, sheet = pk(ResourcePage, SCREENING_TOOL), pk(ResourcePage, FACT_SHEET)
    page.goto("/packet/")
    audit(page, "packet: empty")
    packet_with(
        page,
        [{"id": tool, "title": SCREENING_TOOL, "url": "/"}, {"id": sheet, "title": FACT_SHEET}],
    )
    page.goto(f"/packet/?e={tool},{sheet}")
    audit(page, "packet: two entries")
    long_note = "é" * 500  # 3,000 bytes once encoded: one fits, two do not
    page.get_by_label(f"Your note on “{SCREENING_TOOL}”").fill(long_note)
    page.get_by_role("button", name="Save title and notes").click()
    expect(status(page)).to_have_text("Saved the title and notes.")
    assert stored(page)["notes"] == {str(tool): long_note}
    before = page.url

    page.get_by_label(f"Your note on “{FACT_SHEET}”").fill(long_note)
    page.get_by_role("button", name="Save title and notes").click()
    expect(status(page)).to_have_text(
        "These notes are too long to fit in the packet’s address; shorten some."
    )
    assert page.url == before
    assert stored(page)["notes"] == {str(tool): long_note}
    audit(page, "packet: notes refused")


def test_a_stored_packet_too_long_to_open_is_not_opened_and_can_be_cleared(demo, page, audit):
    tool, sheet = pk(ResourcePage, SCREENING_TOOL), pk(ResourcePage, FACT_SHEET)
    page.goto("/search/?q=screening")
    audit(page, "search")
    notes = {str(tool): "é" * 500, str(sheet): "é" * 500}  # from an older version, say
    packet_with(page, [{"id": tool, "title": "A"}, {"id": sheet, "title": "B"}], notes=notes)
    page.goto("/packet/")
    expect(page).to_have_url(re.compile(r"/packet/$"))  # no redirect to a refused address
    clear = page.get_by_role("button", name="Clear my packet")
    expect(clear).to_be_visible()
    audit(page, "packet: a stored packet too long to open")
    clear.click()
    expect(page.get_by_text("Your packet is now empty.")).to_be_focused()
    assert stored_ids(page) == []
    expect(badge(page)).to_have_accessible_name("Packet 0 entries")


def test_a_stored_packet_showing_nothing_to_this_visitor_can_be_cleared(demo, page, audit):
    """A member's packet of members-only entries, after signing out: the page shows none, and
    offers to clear the packet so that the header stops counting entries that never show."""
    private = pk(ResourcePage, WORKSHEET)
    page.goto("/packet/")
    audit(page, "packet: empty")
    packet_with(page, [{"id": private, "title": WORKSHEET, "url": "/"}])
    page.goto("/packet/")
    expect(page).to_have_url(re.compile(rf"/packet/\?e={private}$"))
    expect(page.get_by_role("heading", name="This packet is empty")).to_be_visible()
    expect(badge(page)).to_have_accessible_name("Packet 1 entry")
    page.get_by_role("button", name="Clear my packet").click()
    assert stored_ids(page) == []
    expect(badge(page)).to_have_accessible_name("Packet 0 entries")
    audit(page, "packet: a stored packet cleared")
