"""The outcome of checking the external links of catalog entries (manage.py check_links)."""

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
