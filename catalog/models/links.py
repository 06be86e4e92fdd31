"""The outcome of checking the external links of catalog entries: each link's last check, and
each run of the check (started from the admin or by manage.py check_links)."""

from django.conf import settings
from django.db import models


class LinkCheck(models.Model):
    """The last check of one external URL of one entry: a resource's link, an episode's hosted
    audio or a guest's page."""

    page = models.ForeignKey(
        "catalog.CatalogEntryPage", on_delete=models.CASCADE, related_name="link_checks"
    )
    url = models.URLField(max_length=500)
    ok = models.BooleanField(help_text="Whether the link answered with a page (after redirects).")
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    checked_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "url"], name="one_check_per_link")]
        verbose_name = "link check"

    def __str__(self) -> str:
        return f"{self.url}: {'ok' if self.ok else self.outcome}"

    @property
    def outcome(self) -> str:
        """What went wrong, as an editor reads it: "404", "timed out", "refused: points at a
        private address" (catalog.public_requests)."""
        return self.error or (str(self.status_code) if self.status_code else "")


class LinkCheckRun(models.Model):
    """One run of the link check: who asked for it (nobody: the scheduled command), how far it
    has got, and what it found."""

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting to start"
        RUNNING = "running", "Checking"
        DONE = "done", "Finished"
        FAILED = "failed", "Stopped on an error"

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who started the run in the admin; empty for the scheduled command.",
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    total = models.PositiveIntegerField(default=0, help_text="Links to check.")
    done = models.PositiveIntegerField(default=0, help_text="Links checked so far.")
    broken = models.PositiveIntegerField(default=0, help_text="Links found broken.")
    task_id = models.CharField(max_length=64, blank=True, help_text="The background task's id.")

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = "link check run"

    def __str__(self) -> str:
        return f"Link check {self.requested_at:%Y-%m-%d %H:%M}: {self.get_state_display()}"
