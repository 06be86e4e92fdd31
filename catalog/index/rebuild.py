"""Rebuilding the catalog index in bulk, and checking the kept table against a fresh build."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from catalog.index.backend import index_backend
from catalog.index.documents import all_documents, live_entry_count
from catalog.models import IndexEntry


def rebuild(progress: Callable[[int, int], None] | None = None) -> int:
    """Empty the index and write every live entry's row, in one transaction; the rows written."""
    backend = index_backend()
    total, written = live_entry_count(), 0
    with transaction.atomic():
        backend.clear()
        backend.begin_bulk()
        for chunk in all_documents():
            if chunk:
                backend.write(chunk)
            written += len(chunk)
            if progress is not None:
                progress(written, total)
        backend.end_bulk()
    return written


@dataclass
class Difference:
    page_id: int
    what: str

    def __str__(self) -> str:
        return f"page {self.page_id}: {self.what}"


def kept_rows() -> tuple[dict[int, dict], dict[int, str]]:
    backend = index_backend()
    rows = {}
    for entry in IndexEntry.objects.all():
        row = {field.attname: getattr(entry, field.attname) for field in IndexEntry._meta.fields}
        row["page_id"] = row.pop("page_id")
        rows[entry.page_id] = row
    return rows, backend.text_rows()


def differences() -> list[Difference]:
    """How the index differs from a fresh build (nothing is written: the build is rolled back)."""
    kept, kept_text = kept_rows()
    with transaction.atomic():
        rebuild()
        fresh, fresh_text = kept_rows()
        transaction.set_rollback(True)
    found = []
    tallies = index_backend().tally_differences()
    if tallies:
        found.append(Difference(0, f"{tallies} facet tallies differ from the entries"))
    for page_id in sorted(kept.keys() | fresh.keys()):
        if page_id not in fresh:
            found.append(Difference(page_id, "in the index, but not a live entry"))
        elif page_id not in kept:
            found.append(Difference(page_id, "a live entry missing from the index"))
        else:
            changed = [
                name for name in fresh[page_id] if fresh[page_id][name] != kept[page_id][name]
            ]
            if kept_text.get(page_id) != fresh_text.get(page_id):
                changed.append("text")
            if changed:
                found.append(Difference(page_id, "differs in " + ", ".join(changed)))
    return found
