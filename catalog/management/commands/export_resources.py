"""`manage.py export_resources [FILE] [--kind curricula]`: every entry of a kind as CSV in the
import format (catalog.importing)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from catalog.importing.exporting import export_csv
from catalog.importing.registry import KINDS


class Command(BaseCommand):
    help = "Export every resource, curriculum or podcast episode as CSV for import_resources."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, nargs="?", help="default: standard output")
        parser.add_argument("--kind", choices=list(KINDS), default="resources",
                            help="what to export (default: resources)")  # fmt: skip

    def handle(self, *args, file: Path | None, kind: str, **options) -> None:
        text = export_csv(KINDS[kind])
        if file is None:
            self.stdout.write(text, ending="")
        else:
            file.write_text(text, encoding="utf-8", newline="")
