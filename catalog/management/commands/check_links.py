"""`manage.py check_links`: check every external link of the catalog and store the outcome, for
cron. It records a run as the admin's "Check links now" does (catalog.link_tasks), with nobody as
its starter, so the dashboard says when the links were last checked; while another run is in
progress it leaves the work to that one."""

from django.core.management.base import BaseCommand, CommandParser

from catalog.link_tasks import claim_run, run_check


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
        run, new = claim_run(user=None)
        if not new:
            self.stdout.write(
                f"A link check is already in progress ({run.done:,} / {run.total:,} links); "
                "this one is left to it."
            )
            return

        def progress(done: int, total: int, broken: int) -> None:
            end = "\n" if done == total else ""
            self.stdout.write(f"\r  checked {done:,} / {total:,} links", ending=end)
            self.stdout.flush()

        checks = run_check(run.pk, concurrency, timeout, progress) or []
        broken = [check for check in checks if not check.ok]
        self.stdout.write(f"{len(checks):,} links checked, {len(broken):,} broken.")
        for check in broken:
            self.stdout.write(f"  {check.outcome}: {check.url}")
