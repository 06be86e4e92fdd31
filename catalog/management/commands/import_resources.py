"""`manage.py import_resources FILE`: resources from CSV, all or nothing (catalog.imports)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from catalog.imports import ImportFileError, check_rows, read_rows, write_rows


class Command(BaseCommand):
    help = "Import resources from a CSV file; any bad row stops the whole file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--publish", action="store_true", help="publish (default: drafts)")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    def handle(self, *args, file: Path, publish: bool, dry_run: bool, **options) -> None:
        try:
            rows = read_rows(file.read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        except ImportFileError as error:
            raise CommandError(str(error)) from error

        def progress(done: int, total: int) -> None:
            self.stdout.write(
                f"\r  checked {done:,} / {total:,} rows", ending="\n" if done == total else ""
            )
            self.stdout.flush()

        check_rows(rows, progress)
        bad = [row for row in rows if row.errors]
        if bad:
            for row in bad:
                self.stderr.write(f"line {row.line}: {'; '.join(row.errors)}")
            raise CommandError(f"{len(bad)} bad rows: nothing was imported.")
        if dry_run:
            self.stdout.write("All rows are good (dry run: nothing written).")
            return
        try:
            done = write_rows(rows, publish)
        except ValidationError as error:
            raise CommandError(f"Nothing was imported: {'; '.join(error.messages)}") from error
        self.stdout.write(
            f"{done['create']} created, {done['update']} updated, {done['unchanged']} unchanged"
            f"{' (published)' if publish else ' (as drafts)'}."
        )
