"""The trainer's packet: catalog entries gathered in the browser, carried whole in the address.

`/packet/?e=12,34&title=…&note-12=…` is the whole packet: the server keeps nothing. The address
is read within fixed bounds (ids, characters, a cap of 100 entries), so a hand-made address of
10,000 ids or numbers past any id costs no more than a full packet. Entries come from the catalog
index in one statement with the visitor's access condition, in the visitor's order: an entry the
visitor may not see is dropped as if its id were unknown. Each kind's extras (a resource's
publisher, a curriculum's next offerings, an episode's running time and transcript) are read
in one query per kind, for the entries already shown only.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote, urlencode

import segno
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from catalog.addresses import absolute_url, page_address
from catalog.calendar import upcoming
from catalog.index.backend import ENTRY_COLUMNS, IndexRow, Reader, Statement, index_backend
from catalog.index.queries import placeholders
from catalog.models import CatalogEntryPage, CurriculumOffering, PodcastEpisodePage, ResourcePage
from catalog.models.choices import OfferingStatus
from catalog.running_time import running_time
from catalog.search.results import entry_cards
from catalog.vocabulary import load_vocabulary

MAX_ENTRIES = 100
MAX_TITLE = 200
MAX_NOTE = 500
# Ids read from the address at most, and its characters looked at: enough for a full packet
# with plenty of unknown or hidden ids besides, and for the cap's message to count the rest.
MAX_CANDIDATES = 500
MAX_ID_CHARACTERS = MAX_CANDIDATES * 12
LARGEST_ID = 2**31 - 1  # Wagtail's page ids are 32-bit: a larger number names no entry
ID = re.compile(r"\s*([0-9]{1,10})\s*")  # ASCII digits only: int() would also read "²" or "٣"
# Control characters (NUL among them), kept out of everything the packet writes back.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
NEXT_OFFERINGS = 3  # dates a curriculum's entry lists; the rest are on its page
# Every packet address stays well under what servers and proxies accept in a request line (gunicorn
# --limit-request-line 8190; proxies ~8 KB). The budget is the relative address as the form sends
# it unchanged (every note field, even empty; a note's line ends as CR LF), with room kept for the
# site's host in the shared address, `&exit=1` and a fragment. packet.js measures the same way
# (ADDRESS_BUDGET there): a packet it keeps, the page shows whole.
ADDRESS_LIMIT = 6000
ADDRESS_RESERVE = 300
ADDRESS_BUDGET = ADDRESS_LIMIT - ADDRESS_RESERVE
# The characters encodeURIComponent leaves as they are, so that both sides count alike.
URI_COMPONENT_SAFE = "!*'()"


@dataclass
class Packet:
    """What the address asks for, as this visitor may see it."""

    title: str
    entries: list[CatalogEntryPage]  # result cards (catalog.search.results), in order
    notes: dict[int, str]  # entry id → the trainer's note, for shown entries that have one
    left_out: int = 0  # visible entries past MAX_ENTRIES
    unread: bool = False  # the address held more ids than were read
    kinds: dict[int, str] = field(default_factory=dict)  # entry id → index kind
    notes_left_out: int = 0  # notes dropped to keep the address within ADDRESS_BUDGET
    notes_room: int = 0  # then: about how many characters of notes the address can hold
    from_address: bool = False  # the address itself carried a title or notes

    @property
    def ids(self) -> list[int]:
        return [entry.pk for entry in self.entries]

    def of_kind(self, kind: str) -> list[int]:
        return [pk for pk in self.ids if self.kinds[pk] == kind]

    def query_string(self, ids: list[int] | None = None) -> str:
        """The address's query for `ids` (these entries by default), with title and notes."""
        ids = self.ids if ids is None else ids
        if not ids:
            return ""
        pairs = [("e", ",".join(map(str, ids)))]
        if self.title:
            pairs.append(("title", self.title))
        pairs += [(f"note-{pk}", self.notes[pk]) for pk in ids if self.notes.get(pk)]
        return "?" + urlencode(pairs, safe="," + URI_COMPONENT_SAFE, quote_via=quote)

    def url(self, name: str = "packet", ids: list[int] | None = None) -> str:
        return reverse(name) + self.query_string(ids)

    def moved(self, pk: int, step: int) -> str:
        """The packet's address with entry `pk` one place earlier (-1) or later (+1)."""
        ids = self.ids
        at = ids.index(pk)
        ids[at], ids[at + step] = ids[at + step], ids[at]
        return f"{self.url(ids=ids)}#packet-entry-{pk}"

    def without(self, pk: int) -> str:
        """The packet's address without entry `pk`; focus goes to the entry that follows."""
        ids = self.ids
        at = ids.index(pk)
        ids.remove(pk)
        after = f"#packet-entry-{ids[min(at, len(ids) - 1)]}" if ids else ""
        return self.url(ids=ids) + after


def clean_text(value: str, limit: int, lines: bool = False) -> str:
    """Text from the address as the packet writes it back: no control characters, one line (a
    title) or lines with their own line ends (a note), at most `limit` characters."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if lines:
        value = "\n".join(line.rstrip() for line in CONTROL.sub("", value).split("\n"))
    else:
        value = " ".join(CONTROL.sub("", value).split())
    return value.strip()[:limit].strip()


def entry_ids(query: QueryDict) -> tuple[list[int], bool]:
    """(the distinct ids of `e`, in order, at most MAX_CANDIDATES; whether some of `e` was left
    unread). Anything but a number of an id's size is skipped without a word."""
    text = ",".join(query.getlist("e"))
    parts = text[:MAX_ID_CHARACTERS].split(",")
    unread = len(text) > MAX_ID_CHARACTERS
    ids: dict[int, None] = {}
    for number, part in enumerate(parts, 1):
        match = ID.fullmatch(part)
        if match and 0 < (pk := int(match.group(1))) <= LARGEST_ID:
            ids[pk] = None
            if len(ids) == MAX_CANDIDATES:
                unread = unread or number < len(parts)
                break
    return list(ids), unread


def visible_rows(reader: Reader, ids: list[int]) -> list[IndexRow]:
    """The index rows of `ids` that `reader` may see, in the order of `ids` (one statement)."""
    if not ids:
        return []
    backend = index_backend()
    # Names from the index package, values as parameters (as in catalog/index/backend.py).
    columns = ", ".join(f"e.{column}" for column in ENTRY_COLUMNS)
    listed = f"e.page_id IN ({placeholders(ids)})"
    sql = f"SELECT {columns} FROM catalog_index_entry e WHERE {listed} AND "  # noqa: S608
    statement = Statement(sql, ids) + backend.visible_to(reader)
    rows = {row.page_id: row for row in map(backend.index_row, backend.fetch(statement))}
    return [rows[pk] for pk in ids if pk in rows]


def encoded_size(text: str) -> int:
    """Bytes of `text` in an address, as encodeURIComponent writes it, line ends as CR LF."""
    return len(quote(text.replace("\n", "\r\n"), safe=URI_COMPONENT_SAFE))


def address_size(ids: list[int], title: str, notes: dict[int, str]) -> int:
    """The budgeted size of the packet's address (see ADDRESS_BUDGET)."""
    fixed = len(reverse("packet")) + len("?e=" + ",".join(map(str, ids)) + "&title=")
    fields = sum(len(f"&note-{pk}=") for pk in ids)
    return fixed + encoded_size(title) + fields + sum(map(encoded_size, notes.values()))


def within_budget(ids: list[int], title: str, notes: dict[int, str]) -> tuple[dict, int, int]:
    """(the notes kept, in entry order, until the next would take the address past its budget;
    how many were left out; about how many characters of notes the address holds)."""
    room = ADDRESS_BUDGET - address_size(ids, title, {})
    kept: dict[int, str] = {}
    used = 0
    for pk in ids:
        if pk not in notes:
            continue
        used += encoded_size(notes[pk])
        if used > room:
            break
        kept[pk] = notes[pk]
    return kept, len(notes) - len(kept), max(room, 0)


def read_packet(request: HttpRequest) -> Packet:
    """The packet the address describes, with the entries this visitor may see."""
    candidates, unread = entry_ids(request.GET)
    rows = visible_rows(Reader.for_user(request.user), candidates)
    shown = rows[:MAX_ENTRIES]
    entries = entry_cards(shown, load_vocabulary(request))
    title = clean_text(request.GET.get("title", ""), MAX_TITLE)
    notes = {
        entry.pk: note
        for entry in entries
        if (note := clean_text(request.GET.get(f"note-{entry.pk}", ""), MAX_NOTE, lines=True))
    }
    notes, notes_left_out, room = within_budget([entry.pk for entry in entries], title, notes)
    return Packet(
        title=title,
        entries=entries,
        notes=notes,
        left_out=len(rows) - len(shown),
        unread=unread,
        kinds={row.page_id: row.kind for row in shown},
        notes_left_out=notes_left_out,
        notes_room=room,
        from_address=bool(title or notes),
    )


# --- what each kind adds --------------------------------------------------------------------


def publishers(packet: Packet) -> dict[int, str]:
    """Each shown resource's publisher (one query, none without resources)."""
    ids = packet.of_kind("resource")
    if not ids:
        return {}
    return dict(ResourcePage.objects.filter(pk__in=ids).values_list("pk", "publisher"))


def upcoming_offerings(packet: Packet, for_calendar: bool = False) -> QuerySet:
    """The upcoming offerings of the shown curricula, soonest first; for a calendar, cancelled
    ones too (an app holding one is told) and each with its curriculum (events name it)."""
    offerings = upcoming(
        CurriculumOffering.objects.filter(curriculum_id__in=packet.of_kind("curriculum"))
    )
    if for_calendar:
        return offerings.select_related("curriculum")
    return offerings.exclude(status=OfferingStatus.CANCELLED)


def next_offerings(packet: Packet) -> dict[int, list[CurriculumOffering]]:
    """Each shown curriculum's upcoming, not cancelled offerings (one query)."""
    if not packet.of_kind("curriculum"):
        return {}
    found: dict[int, list[CurriculumOffering]] = {}
    for offering in upcoming_offerings(packet):
        found.setdefault(offering.curriculum_id, []).append(offering)
    return found


def episode_details(packet: Packet) -> dict[int, tuple]:
    """Each shown episode's (duration, whether it has a transcript): one query."""
    ids = packet.of_kind("episode")
    if not ids:
        return {}
    has_transcript = ExpressionWrapper(~Q(transcript_cues=[]), output_field=BooleanField())
    rows = (
        PodcastEpisodePage.objects.filter(pk__in=ids)
        .annotate(has_transcript=has_transcript)
        .values_list("pk", "duration", "has_transcript")
    )
    return {pk: (duration, has) for pk, duration, has in rows}


# The episode page's transcript section (templates/catalog/podcast_episode_page.html), readable
# on any device, rather than the raw WebVTT file.
TRANSCRIPT_FRAGMENT = "#transcript-heading"


def with_handout_details(request: HttpRequest, packet: Packet) -> None:
    """Give each shown entry what the handout prints: its full address and QR code, the note,
    and its kind's extras (attributes set on every entry, so templates never look them up)."""
    publisher, offerings = publishers(packet), next_offerings(packet)
    episodes = episode_details(packet)
    for entry in packet.entries:
        entry.address = page_address(request, entry)
        entry.qr_code = qr_code(entry.address)
        entry.note = packet.notes.get(entry.pk, "")
        entry.kind = packet.kinds[entry.pk]
        entry.publisher = publisher.get(entry.pk, "")
        dates = offerings.get(entry.pk, [])
        entry.next_offerings, entry.more_offerings = dates[:NEXT_OFFERINGS], dates[NEXT_OFFERINGS:]
        duration, has_transcript = episodes.get(entry.pk, (None, False))
        entry.running_time = running_time(duration)
        entry.transcript_address = entry.address + TRANSCRIPT_FRAGMENT if has_transcript else ""


def with_publishers(packet: Packet) -> None:
    """Give each shown entry its publisher ("" but for resources): what the CSV adds."""
    publisher = publishers(packet)
    for entry in packet.entries:
        entry.publisher = publisher.get(entry.pk, "")


def share_address(request: HttpRequest, packet: Packet) -> str:
    return absolute_url(request, packet.url())


# --- QR codes ---------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def qr_code(address: str) -> SafeString:
    """`address` as a QR code in inline SVG: a path of dark modules, no script, no style
    attribute or element (the Content Security Policy allows neither), hidden from assistive
    technology (the address is printed beside it). Computing one takes a few milliseconds;
    an entry's address rarely changes, so each process keeps the codes it drew."""
    svg = segno.make_qr(address, error="m").svg_inline(
        border=2, omitsize=True, svgclass="packet-qr", lineclass=None
    )
    # Safe: segno draws the modules as one path from the code's matrix; no text of the
    # address appears in it.
    return mark_safe(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))  # noqa: S308
