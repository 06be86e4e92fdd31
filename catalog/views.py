"""Views outside the page tree: browsing the catalog by one taxonomy term."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from catalog.listing import paginate_entries, visible_entries
from catalog.models import VOCABULARIES


def browse(request: HttpRequest, vocabulary: str, slug: str) -> HttpResponse:
    """Every entry tagged with one discipline, audience or topic, newest first."""
    model = VOCABULARIES.get(vocabulary)
    if model is None:
        raise Http404("No such vocabulary.")
    term = get_object_or_404(model, slug=slug)
    entries = visible_entries(request).filter(**{vocabulary: term})
    return TemplateResponse(
        request,
        "catalog/browse.html",
        {
            "term": term,
            "vocabulary": model._meta.verbose_name,
            "entries": paginate_entries(request, entries),
        },
    )
