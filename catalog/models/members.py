"""Members who ask for access and the memberships moderators grant (catalog.members).

A request holds only what the public form asks (name, work email, organisation, role, state, a
reason) until a moderator decides; approval makes an account and its Membership, which says
until when the member may read members-only material. Nothing else about a member is kept.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

# The states, district and territories a CAC or chapter may be in (USPS codes).
STATES = [
    ("AL", "Alabama"), ("AK", "Alaska"), ("AZ", "Arizona"), ("AR", "Arkansas"),
    ("CA", "California"), ("CO", "Colorado"), ("CT", "Connecticut"), ("DE", "Delaware"),
    ("DC", "District of Columbia"), ("FL", "Florida"), ("GA", "Georgia"), ("HI", "Hawaii"),
    ("ID", "Idaho"), ("IL", "Illinois"), ("IN", "Indiana"), ("IA", "Iowa"), ("KS", "Kansas"),
    ("KY", "Kentucky"), ("LA", "Louisiana"), ("ME", "Maine"), ("MD", "Maryland"),
    ("MA", "Massachusetts"), ("MI", "Michigan"), ("MN", "Minnesota"), ("MS", "Mississippi"),
    ("MO", "Missouri"), ("MT", "Montana"), ("NE", "Nebraska"), ("NV", "Nevada"),
    ("NH", "New Hampshire"), ("NJ", "New Jersey"), ("NM", "New Mexico"), ("NY", "New York"),
    ("NC", "North Carolina"), ("ND", "North Dakota"), ("OH", "Ohio"), ("OK", "Oklahoma"),
    ("OR", "Oregon"), ("PA", "Pennsylvania"), ("RI", "Rhode Island"), ("SC", "South Carolina"),
    ("SD", "South Dakota"), ("TN", "Tennessee"), ("TX", "Texas"), ("UT", "Utah"),
    ("VT", "Vermont"), ("VA", "Virginia"), ("WA", "Washington"), ("WV", "West Virginia"),
    ("WI", "Wisconsin"), ("WY", "Wyoming"), ("AS", "American Samoa"), ("GU", "Guam"),
    ("MP", "Northern Mariana Islands"), ("PR", "Puerto Rico"), ("VI", "U.S. Virgin Islands"),
]  # fmt: skip


class MembershipRequest(models.Model):
    """Someone asking to become a member, or a member asking to renew with changed details;
    waits for a moderator to approve or decline it."""

    class Kind(models.TextChoices):
        NEW = "new", "New member"
        RENEWAL = "renewal", "Renewal with changes"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NEW)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    name = models.CharField(max_length=150)
    email = models.EmailField("work email", max_length=150)
    organisation = models.CharField(
        max_length=200, help_text="The Children's Advocacy Center or chapter they work for."
    )
    role = models.CharField("role or discipline", max_length=100)
    state = models.CharField(max_length=2, choices=STATES)
    reason = models.TextField(
        max_length=1000, blank=True, help_text="Why they ask for access, in their words."
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="membership_requests",
        help_text="The member renewing, or the account an approval made.",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(
        blank=True, help_text="What the moderator wrote to the person with the decision."
    )

    class Meta:
        verbose_name = "member request"
        ordering = ["-created_at"]
        permissions = [("decide_membershiprequest", "Can approve or decline member requests")]

    def __str__(self) -> str:
        return f"{self.name}, {self.organisation}"


class Membership(models.Model):
    """What a member told us when they were approved, and until when they may read
    members-only material. Past `expires_on` they cannot sign in until they renew."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    name = models.CharField(max_length=150)
    organisation = models.CharField(max_length=200)
    role = models.CharField("role or discipline", max_length=100)
    state = models.CharField(max_length=2, choices=STATES)
    expires_on = models.DateField(db_index=True, help_text="The last day of the membership.")
    reminded_for = models.DateField(
        null=True,
        blank=True,
        help_text="The expiry date a renewal reminder was last sent for (one per expiry).",
    )

    class Meta:
        verbose_name = "membership"

    def __str__(self) -> str:
        return f"{self.name}, {self.organisation}"

    def is_current(self, today: datetime.date | None = None) -> bool:
        """Whether the membership still runs on `today` (the site's today by default)."""
        return self.expires_on >= (today or timezone.localdate())
