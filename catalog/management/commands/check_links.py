"""`manage.py check_links`: check every external link of the catalog and store the outcome."""

from django.core.management.base import BaseCommand, CommandParser

from catalog.links import check_links


class Command(BaseCommand):
    help = (
        "Check the external links of live resources and episodes, at public addresses only; "
        "broken and refused ones appear in the Broken links report."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--concurrency", type=int, default=8, help="requests at a time")
        parser.add_argument("--timeout", type=float, default=10, help="seconds per request")

    def handle(self, *args, concurrency: int, timeout: float, **options) -> None:
        if concurrency < 1 or timeout <= 0:
            self.stderr.write("--concurrency must be 1 or more and --timeout above 0.")
            raise SystemExit(2)

        def progress(done: int, total: int) -> None:
            end = "\n" if done == total else ""
            self.stdout.write(f"\r  checked {done:,} / {total:,} links", ending=end)
            self.stdout.flush()

        checks = check_links(concurrency, timeout, progress)
        broken = [check for check in checks if not check.ok]
        self.stdout.write(f"{len(checks):,} links checked, {len(broken):,} broken.")
        for check in broken:
            self.stdout.write(f"  {check.outcome}: {check.url}")
