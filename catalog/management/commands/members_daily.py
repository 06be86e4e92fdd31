"""`manage.py members_daily`: the members' daily run, for cron (catalog.members.renewal): renewal
reminders, memberships that ended taken out of the Members group, old declined requests erased.
Safe to run more than once a day: each reminder goes once per expiry date."""

from django.core.management.base import BaseCommand

from catalog.members.renewal import run_members_daily


class Command(BaseCommand):
    help = "Send renewal reminders, end lapsed memberships and erase old declined requests."

    def handle(self, *args, **options) -> None:
        report = run_members_daily.call()
        self.stdout.write(
            f"Reminders sent: {report['reminded']} (not sent, tried again tomorrow: "
            f"{report['not_sent']}); memberships ended: {report['lapsed']}; "
            f"declined requests erased: {report['erased']}."
        )
