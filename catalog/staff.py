"""Who counts as staff: anyone who may open Wagtail's admin (the `wagtailadmin.access_admin`
permission, which superusers and both catalog roles have). Staff get the admin's script
exception (catalog.admin_policy), a shorter idle time (catalog.staff_sessions) and two-factor
sign-in (catalog.two_factor); members, who sign in only to read members-only material, get none
of these."""

from django.contrib.auth.models import AnonymousUser, User

ADMIN_ACCESS = "wagtailadmin.access_admin"


def is_staff(user: User | AnonymousUser) -> bool:
    """True for a signed-in, active user who may open the admin."""
    return bool(user.is_authenticated and user.is_active and user.has_perm(ADMIN_ACCESS))


# The role migration 0007 creates: moderators approve and publish, and unlock sign-ins.
MODERATORS = "Catalog moderators"


def is_moderator(user: User | AnonymousUser) -> bool:
    """True for superusers and members of the "Catalog moderators" group."""
    if not is_staff(user):
        return False
    return bool(user.is_superuser or user.groups.filter(name=MODERATORS).exists())
