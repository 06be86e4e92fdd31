"""Time a resource import at the size limit: checking, then writing, ~13,000 new rows (~2 MB).

    python bench/import.py                    # a fresh SQLite database in a temporary folder
    DATABASE_URL=postgres://... python bench/import.py --rows 13000
    python bench/import.py --rows 1000 --through-worker   # queued, run by `manage.py db_worker`

The database is migrated first (it should be an empty one made for this: the import is written
and then rolled back, but migrations stay; --through-worker keeps what the worker wrote). Prints
the file size, the seconds each step took and the SQL queries the check made, as JSON on stdout.
"""

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalog.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-any-deployment")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench-import.sqlite3"

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from catalog.import_tasks import import_resources_later  # noqa: E402
from catalog.importing.checking import check_rows  # noqa: E402
from catalog.importing.files import read_rows  # noqa: E402
from catalog.importing.resources import RESOURCES  # noqa: E402
from catalog.importing.writing import write_rows  # noqa: E402
from catalog.models import Audience, Discipline, HomePage, ToolkitPage, Topic  # noqa: E402


class RolledBack(Exception):
    """Raised to undo the import once it has been timed."""


def catalog_to_import_into() -> str:
    """A toolkit and a few terms (made once), returning the toolkit's slug."""
    home = HomePage.objects.get()
    kit = ToolkitPage.objects.filter(slug="bench-toolkit").first()
    if kit is None:
        kit = ToolkitPage(title="Bench toolkit", slug="bench-toolkit")
        home.add_child(instance=kit)
        kit.save_revision().publish()
    for model, names in (
        (Discipline, ["Medical", "Victim advocacy", "Forensic interviewing"]),
        (Audience, ["CAC staff", "Caregivers"]),
        (Topic, ["Identification and screening", "Housing and shelter"]),
    ):
        for name in names:
            model.objects.get_or_create(name=name)
    return kit.slug


def csv_content(rows: int, parent: str) -> bytes:
    """`rows` new resources in the import format, about 150 bytes each."""
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(RESOURCES.header)
    for number in range(1, rows + 1):
        writer.writerow([
            parent, f"resource-{number}", f"Resource {number}", f"About resource {number}.",
            "guide", f"https://example.org/{number}", "NCA", "2021-03-31", "en",
            "victim-advocacy", "cac-staff", "housing-and-shelter",
        ])  # fmt: skip
    return output.getvalue().encode()


def measure(rows: int, write: bool) -> dict:
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    content = csv_content(rows, catalog_to_import_into())
    timings: dict = {"database": connection.vendor, "rows": rows, "bytes": len(content)}
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        read = read_rows(content.decode(), RESOURCES.header, RESOURCES.required)
        checked = check_rows(RESOURCES, read)
    timings["check_seconds"] = round(time.perf_counter() - started, 2)
    timings["check_queries"] = len(queries)
    bad = [row for row in checked if row.errors]
    if bad:
        raise SystemExit(f"{len(bad)} bad rows, e.g. line {bad[0].line}: {bad[0].errors}")
    if write:
        started = time.perf_counter()
        try:
            with transaction.atomic():
                timings["written"] = write_rows(RESOURCES, checked, publish=False)
                timings["write_seconds"] = round(time.perf_counter() - started, 2)
                raise RolledBack
        except RolledBack:
            pass
    return timings


def measure_through_worker(rows: int) -> dict:
    """Queue the file as the admin does for a large import, then time a real worker process
    (`manage.py db_worker --batch`) checking and writing it."""
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    content = csv_content(rows, catalog_to_import_into())
    importer, _ = get_user_model().objects.get_or_create(
        username="bench-importer", defaults={"is_superuser": True, "is_staff": True}
    )
    job = import_resources_later.enqueue(
        content=content.decode(), user_id=importer.pk, publish=False
    )
    started = time.perf_counter()
    worker = [sys.executable, "manage.py", "db_worker", "--backend", "imports", "--batch",
              "--no-startup-delay", "--no-reload", "--verbosity", "0"]  # fmt: skip
    subprocess.run(worker, check=True, cwd=Path(__file__).resolve().parent.parent)
    seconds = time.perf_counter() - started
    result = import_resources_later.get_result(job.id)
    return {"database": connection.vendor, "rows": rows, "bytes": len(content),
            "status": str(result.status), "outcome": result.return_value,
            "worker_seconds": round(seconds, 1),
            "ms_per_row": round(1000 * seconds / rows, 1)}  # fmt: skip


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=13_000)
    parser.add_argument("--check-only", action="store_true", help="time the check, not the write")
    parser.add_argument("--through-worker", action="store_true", help="queue it; time the worker")
    arguments = parser.parse_args()
    if arguments.through_worker:
        print(json.dumps(measure_through_worker(arguments.rows)))
    else:
        print(json.dumps(measure(arguments.rows, write=not arguments.check_only)))
