"""`manage.py import_resources FILE [--kind curricula]`: catalog entries from CSV, all or nothing
(catalog.importing). New and changed entries go to review unless --publish."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import ngettext

from catalog.importing.checking import check_rows
from catalog.importing.files import ImportFileError, decode, read_rows
from catalog.importing.registry import KINDS
from catalog.importing.writing import ImportWriteError, summary, write_rows


class Command(BaseCommand):
    help = (
        "Import resources, curricula or podcast episodes from a CSV file; any bad row stops the "
        "whole file. New and changed entries are submitted to the review workflow."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", choices=list(KINDS), default="resources",
                            help="what the file holds (default: resources)")  # fmt: skip
        parser.add_argument("--publish", action="store_true", help="publish instead of review")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    def handle(self, *args, file: Path, kind: str, publish: bool, dry_run: bool, **options):
        entries = KINDS[kind]
        try:
            rows = read_rows(decode(file.read_bytes()), entries.header, entries.required)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except ImportFileError as error:
            raise CommandError(str(error)) from error

        def progress(done: int, total: int) -> None:
            self.stdout.write(
                f"\r  checked {done:,} / {total:,} rows", ending="\n" if done == total else ""
            )
            self.stdout.flush()

        check_rows(entries, rows, progress=progress)
        bad = [row for row in rows if row.errors]
        if bad:
            for row in bad:
                self.stderr.write(f"line {row.line}: {'; '.join(row.errors)}")
            count = ngettext("%(count)s bad row", "%(count)s bad rows", len(bad))
            raise CommandError(f"{count % {'count': len(bad)}}: nothing was imported.")
        if dry_run:
            actions = [row.action for row in rows]
            self.stdout.write(
                f"All rows are good (dry run: nothing written): {actions.count('create')} to "
                f"create, {actions.count('update')} to update, {actions.count('unchanged')} "
                "unchanged."
            )
            return
        try:
            done = write_rows(entries, rows, publish)
        except ImportWriteError as error:
            raise CommandError(f"Nothing was imported. {error}") from error
        self.stdout.write(" ".join(summary(entries, done)))
