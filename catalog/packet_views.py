"""The trainer's packet page, its exports and "Add all results" (catalog.packet).

Every answer is computed from the address for the visitor asking: members see members-only
entries in it, so nothing here goes into the shared page cache but the anonymous JSON of a
search's results, which only JSON requests ever read. Members' exports are `private, no-store`,
as the search export is; nothing sets a cookie (the packet's form is a GET).
"""

import csv
import io

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe

from catalog.addresses import page_address
from catalog.calendar import write_calendar
from catalog.index.backend import index_backend
from catalog.models import CatalogEntryPage
from catalog.packet import (
    MAX_ENTRIES,
    read_packet,
    share_address,
    upcoming_offerings,
    with_handout_details,
    with_publishers,
)
from catalog.search.cache import cached_response
from catalog.search.export import HEADER, export_cells
from catalog.search.results import entry_cards, run_search
from catalog.search.views import CSV_CONTENT_TYPE, SEARCH_PARAMETERS
from catalog.spreadsheets import spreadsheet_safe

CSV_HEADER = [*HEADER, "Summary", "Publisher", "Note"]
UNTITLED = "Training packet"


@require_safe
def packet(request: HttpRequest) -> TemplateResponse:
    """The packet page: the entries to reorder, annotate and share on screen, and the handout
    (cover, contents, an entry per block with its QR code) on paper."""
    found = read_packet(request)
    with_handout_details(request, found)
    entries = found.entries
    context = {
        "packet": found,
        "entries": [
            {
                "entry": entry,
                "up": found.moved(entry.pk, -1) if number > 1 else "",
                "down": found.moved(entry.pk, 1) if number < len(entries) else "",
                "remove": found.without(entry.pk),
            }
            for number, entry in enumerate(entries, 1)
        ],
        "max_entries": MAX_ENTRIES,
        "share_url": share_address(request, found),
        "exports": [
            ("packet_csv", "Download CSV", True),
            ("packet_ics", "Download calendar (.ics)", True),
            ("packet_txt", "Plain text for email", False),
        ],
    }
    return TemplateResponse(request, "catalog/packet.html", context)


@require_safe
def from_search(request: HttpRequest) -> HttpResponse:
    """The first MAX_ENTRIES results of a search (the search page's own parameters): as JSON
    for the packet's script, or as a packet to open."""
    wants_json = request.get_preferred_type(["text/html", "application/json"]) == (
        "application/json"
    )
    if wants_json:  # the same for every anonymous visitor: cached like the search page
        response = cached_response(
            request, lambda: JsonResponse(search_results(request)), SEARCH_PARAMETERS
        )
    else:
        ids = [str(entry["id"]) for entry in search_results(request)["entries"]]
        response = redirect(reverse("packet") + (f"?e={','.join(ids)}" if ids else ""))
    patch_vary_headers(response, ["Accept"])
    return personal(request, response)


def search_results(request: HttpRequest) -> dict:
    """{"entries": [{id, title, url}, …], "total": all results, "capped": whether more}."""
    _form, filterset, query, counts, _spelling = run_search(request, request.GET)
    rows = index_backend().rows(query, 0, MAX_ENTRIES)
    entries = [
        {"id": entry.pk, "title": entry.title, "url": entry.get_url(request)}
        for entry in entry_cards(rows, filterset.vocabulary)
    ]
    return {"entries": entries, "total": counts.total, "capped": counts.total > MAX_ENTRIES}


@require_safe
def packet_csv(request: HttpRequest) -> HttpResponse:
    """The packet as a spreadsheet: the search export's columns, then summary, publisher and
    the trainer's note."""
    found = read_packet(request)
    with_publishers(found)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["\ufeff" + CSV_HEADER[0], *CSV_HEADER[1:]])  # Excel reads it as UTF-8
    for entry in found.entries:
        writer.writerow(csv_row(request, entry, found.notes.get(entry.pk, "")))
    return download(request, HttpResponse(buffer.getvalue(), content_type=CSV_CONTENT_TYPE), "csv")


def csv_row(request: HttpRequest, entry: CatalogEntryPage, note: str) -> list[str]:
    return [
        *export_cells(request, entry),
        spreadsheet_safe(entry.summary),
        spreadsheet_safe(entry.publisher),
        spreadsheet_safe(note),
    ]


@require_safe
def packet_ics(request: HttpRequest) -> HttpResponse:
    """Every upcoming offering of the packet's curricula, with the UIDs of the curricula's own
    calendars (an app that holds one from either file updates it); cancelled ones are told."""
    found = read_packet(request)
    offerings = upcoming_offerings(found, for_calendar=True) if found.of_kind("curriculum") else []
    response = write_calendar(offerings, found.title or UNTITLED, request, download=True)
    return download(request, response, "ics")


@require_safe
def packet_txt(request: HttpRequest) -> HttpResponse:
    """The packet as plain text to paste into an email: the title, then each entry numbered
    with its type, title, address and note."""
    found = read_packet(request)
    lines = [found.title or UNTITLED, ""]
    for number, entry in enumerate(found.entries, 1):
        kind = entry.type_label + (" (members only)" if entry.is_members_only else "")
        address = page_address(request, entry)
        lines += [f"{number}. {entry.title}", f"   Type: {kind}", f"   {address}"]
        note = found.notes.get(entry.pk, "").split("\n")
        if note != [""]:
            lines += ["   Note: " + note[0], *(f"   {line}" for line in note[1:])]
        lines.append("")
    if not found.entries:
        lines += ["This packet has no entries.", ""]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    return download(request, response)


def download(request: HttpRequest, response: HttpResponse, extension: str = "") -> HttpResponse:
    """An export: a file to save (CSV, calendar) or text to read (plain text), never indexed."""
    if extension:
        response["Content-Disposition"] = f'attachment; filename="packet.{extension}"'
    response["X-Robots-Tag"] = "noindex"
    return personal(request, response)


def personal(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A member's answer (members-only entries in it) is kept by no cache, theirs included."""
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_store=True)
    return response
