"""`manage.py export_resources [FILE]`: every resource as CSV in the import format."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from catalog.resource_export import export_rows


class Command(BaseCommand):
    help = "Export every resource as CSV (the format import_resources reads)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, nargs="?", help="default: standard output")

    def handle(self, *args, file: Path | None, **options) -> None:
        text = export_rows()
        if file is None:
            self.stdout.write(text, ending="")
        else:
            file.write_text(text, encoding="utf-8", newline="")
