"""Telling editors, when they save an episode, that search reads only part of its transcript.

The words past the search index's budget (catalog.search.index_budget) are not searchable; the
editor who saved the transcript hears it at once, and sees it again under the transcript field
(catalog.forms) whenever the episode is open for editing.
"""

from django.contrib import messages
from django.http import HttpRequest
from wagtail import hooks
from wagtail.models import Page


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_unsearchable_transcript(request: HttpRequest, page: Page) -> None:
    """Add the episode's transcript warning, if it has one, to the messages of the next page."""
    warning = getattr(page, "transcript_search_warning", "")
    if warning:
        messages.warning(request, warning)
