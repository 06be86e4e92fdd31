"""Turn off two-factor sign-in for one account, e.g. when its phone is lost: its authenticator
devices are deleted, and the next admin visit asks it to enrol again (if the setting requires
it) or lets it in with the password alone."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Remove an account's two-factor devices (a lost phone): manage.py remove_two_factor NAME"

    def add_arguments(self, parser) -> None:
        parser.add_argument("username", help="the account's username")

    def handle(self, *args, username: str, **options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account is called {username!r}.")
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        devices = ngettext("two-factor device", "two-factor devices", removed)
        self.stdout.write(f"Removed {removed} {devices} of {username}.")
