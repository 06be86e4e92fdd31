"""Related entries: other visible entries ranked by the taxonomy terms they share with one entry."""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest

from catalog.listing import NEWEST_FIRST, prepare_for_display, visible_entries
from catalog.models.base import CatalogEntryPage

# A shared topic says more about relatedness than a shared audience: topics count double.
WEIGHTS = {"topics": 2, "disciplines": 1, "audiences": 1}


def _shared_terms(field: str, term_ids: list[int]) -> Subquery:
    """How many of `term_ids` each outer entry carries in the vocabulary `field`."""
    relation = CatalogEntryPage._meta.get_field(field)
    through = relation.remote_field.through
    term_column = f"{relation.remote_field.model._meta.model_name}_id"
    shared = (
        through.objects.filter(
            catalogentrypage_id=OuterRef("pk"), **{f"{term_column}__in": term_ids}
        )
        .values("catalogentrypage_id")
        .annotate(shared=Count("pk"))
        .values("shared")
    )
    return Coalesce(Subquery(shared, output_field=IntegerField()), Value(0))


def related_entries(entry: CatalogEntryPage, request: HttpRequest, limit: int = 4) -> list:
    """Up to `limit` entries this visitor may see that share the most terms with `entry`."""
    score = None
    for field, weight in WEIGHTS.items():
        term_ids = [term.pk for term in getattr(entry, field).live()]
        if term_ids:
            weighted = _shared_terms(field, term_ids) * weight
            score = weighted if score is None else score + weighted
    if score is None:
        return []
    candidates = (
        visible_entries(request)
        .exclude(pk=entry.pk)
        .annotate(relatedness=score)
        .filter(relatedness__gt=0)
        .order_by("-relatedness", *NEWEST_FIRST)
    )
    return prepare_for_display(candidates[:limit], request)
