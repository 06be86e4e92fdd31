"""Members who can get in (issue 18): people ask for access on the site, moderators approve or
decline in the admin, approved members set their own password, and memberships run for
CATALOG_MEMBERSHIP_MONTHS before the member renews.

- `access`: the "Members" group, membership dates, and the sign-in rule for lapsed members.
- `forms`, `limits`, `views`, `urls`: the public side (request, account, renewal, passwords).
- `decisions`, `renewal`: what approving, declining and renewing do; the daily run.
- `window`: when a member may renew themselves, and when only a moderator may.
- `mail`: every message, as plain text and simple HTML from templates/email/.
- `admin`, `personal_data`: the moderators' listing, decisions, dashboard panel, and one
  person's data exported or erased.
"""
