"""manage.py rebuild_catalog_index [--check]: the catalog index rebuilt, or compared."""

import sys
import time

from django.core.management.base import BaseCommand

from catalog.index.rebuild import differences, rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the catalog index (search, browse, export) from the live pages; with --check, "
        "compare it with a fresh build instead and exit 1 on any difference."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Compare only; change nothing. Exit 1 if stale."
        )

    def handle(self, *args, check: bool = False, **options) -> None:
        if check:
            found = differences()
            for difference in found[:50]:
                self.stderr.write(str(difference))
            if found:
                self.stderr.write(
                    f"The catalog index differs from a fresh build: {len(found)} entries."
                )
                sys.exit(1)
            self.stdout.write("The catalog index matches a fresh build.")
            return
        started = time.monotonic()
        written = rebuild(self.progress if options["verbosity"] else None)
        if options["verbosity"]:
            self.stderr.write("")
        seconds = time.monotonic() - started
        self.stdout.write(f"Indexed {written:,} entries in {seconds:.1f} s.")

    def progress(self, done: int, total: int) -> None:
        width = 40
        filled = width * done // total if total else width
        self.stderr.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}", ending=""
        )
        self.stderr.flush()
