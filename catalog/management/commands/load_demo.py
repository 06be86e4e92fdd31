"""`manage.py load_demo`: the demo content and accounts, created once (see catalog.demo)."""

from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from catalog.demo.loader import DEMO_PASSWORD, DEMO_USERS, DemoLoader


class Command(BaseCommand):
    help = "Load the demo content and accounts. Safe to run again: it only adds what is missing."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Load even with DEBUG off. The demo accounts have a published password.",
        )

    def handle(self, *args, allow_without_debug: bool = False, **options) -> None:
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError(
                "The demo creates accounts with a published password, so it only runs with "
                "DEBUG on (`make run`). Pass --allow-without-debug to load it anyway."
            )
        created = DemoLoader().run()
        if created:
            call_command("update_index", stdout=StringIO())
            self.stdout.write(f"Demo content: created {len(created)} items and indexed them.")
        else:
            self.stdout.write("Demo content: already loaded, nothing changed.")
        self.stdout.write("\nDemo accounts (for this local demo only):")
        for username, role, _flags in DEMO_USERS:
            self.stdout.write(f"  {username} / {DEMO_PASSWORD}  {role}")
        self.stdout.write("Admin: http://127.0.0.1:8000/admin/")
