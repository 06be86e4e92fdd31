"""Related entries: other visible entries ranked by the taxonomy terms they share with one entry."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest

from catalog.listing import NEWEST_FIRST, prepare_for_display, visible_entries
from catalog.models.base import CatalogEntryPage
from catalog.safety_exit import concerns_readers_at_risk
from catalog.vocabulary import TAXONOMY, through_model


def _shared_terms(kind: str, term_ids: list[int]) -> Coalesce:
    """How many of `term_ids` each outer entry carries in the vocabulary of `kind`."""
    through, term_column = through_model(kind)
    shared = (
        through.objects.filter(
            catalogentrypage_id=OuterRef("pk"), **{f"{term_column}__in": term_ids}
        )
        .values("catalogentrypage_id")
        .annotate(shared=Count("pk"))
        .values("shared")
    )
    return Coalesce(Subquery(shared, output_field=IntegerField()), Value(0))


def _for_readers_at_risk() -> Exists:
    """Whether each outer entry carries a live audience marked for "Exit this page"."""
    through, _ = through_model("audience")
    return Exists(
        through.objects.filter(
            catalogentrypage_id=OuterRef("pk"), audience__safety_exit=True, audience__live=True
        )
    )


def related_entries(entry: CatalogEntryPage, request: HttpRequest, limit: int = 4) -> list:
    """Up to `limit` entries this visitor may see that share the most terms with `entry`.

    On an entry for readers at risk (catalog.safety_exit), entries for them come first, so the
    journey stays among pages written for them.
    """
    score = None
    at_risk = False
    # Each vocabulary weighs as its model says (a shared topic counts double).
    for kind, (model, field) in TAXONOMY.items():
        terms = list(getattr(entry, field).live())
        if kind == "audience":
            at_risk = concerns_readers_at_risk(terms)
        term_ids = [term.pk for term in terms]
        if term_ids:
            weighted = _shared_terms(kind, term_ids) * model.relatedness
            score = weighted if score is None else score + weighted
    if score is None:
        return []
    order: tuple[str, ...] = ("-relatedness", *NEWEST_FIRST)
    candidates = (
        visible_entries(request)
        .exclude(pk=entry.pk)
        .annotate(relatedness=score)
        .filter(relatedness__gt=0)
    )
    if at_risk:
        candidates = candidates.annotate(for_readers_at_risk=_for_readers_at_risk())
        order = ("-for_readers_at_risk", *order)
    candidates = candidates.order_by(*order)
    return prepare_for_display(candidates[:limit], request)
