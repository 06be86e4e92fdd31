"""Which pages a visitor may see in lists.

Wagtail checks view restrictions when it serves a page; every surface that *lists* pages
(listings, browse, search, facet counts, feeds, sitemap, related entries) applies the same rule
through `visibility_for(request).apply(queryset)`: live pages outside each private section the
visitor does not pass. Members-only entries are pages under a Wagtail view restriction.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.db.models.functions import Substr
from django.db.models.lookups import In
from django.http import HttpRequest
from wagtail.models import PageViewRestriction
from wagtail.query import PageQuerySet


def outermost_sections(paths: Iterable[str]) -> list[str]:
    """The tree paths that have no ancestor among the others (a section covers its subtree)."""
    outermost: list[str] = []
    for path in sorted(set(paths), key=lambda path: (len(path), path)):
        if not any(path.startswith(ancestor) for ancestor in outermost):
            outermost.append(path)
    return outermost


def within_sections(paths: Iterable[str]) -> Q | None:
    """A condition true for pages in any of the sections rooted at `paths`, or None if none.

    Treebeard paths of one depth share a length, so the test is one hashed `IN` per depth
    (prefix of the page's path against the section paths), whatever the number of sections.
    """
    by_length: dict[int, list[str]] = defaultdict(list)
    for path in outermost_sections(paths):
        by_length[len(path)].append(path)
    if not by_length:
        return None
    return reduce(
        or_, (Q(In(Substr("path", 1, length), group)) for length, group in by_length.items())
    )


@dataclass(frozen=True)
class Visibility:
    """What one visitor may see: the private sections closed to them, and all private ones."""

    hidden_sections: frozenset[str]
    private_sections: frozenset[str]

    def apply(self, queryset: PageQuerySet) -> PageQuerySet:
        """The live pages of `queryset` this visitor may see."""
        queryset = queryset.live()
        hidden = within_sections(self.hidden_sections)
        return queryset.exclude(hidden) if hidden is not None else queryset

    def for_everyone(self) -> "Visibility":
        """The rule for shared output (feeds): every private section hidden, whoever asks."""
        return Visibility(self.private_sections, self.private_sections)

    def is_private(self, page) -> bool:
        """Whether the page is in a private (members-only) section, for labelling it."""
        return any(page.path.startswith(section) for section in self.private_sections)

    def mark_members_only(self, pages: Iterable) -> None:
        """Give each page `is_members_only`, the flag its badge, card, export line and structured
        data read. (Cards built from the catalog index read the same fact from its `access`.)"""
        for page in pages:
            page.is_members_only = self.is_private(page)


def _passes(kind: str, group_ids: set[int], user, user_group_ids) -> bool:
    if kind == PageViewRestriction.LOGIN:
        return user.is_authenticated
    if kind == PageViewRestriction.GROUPS:
        return user.is_superuser or bool(group_ids & user_group_ids())
    # Shared-password restrictions are switched off in settings; never list what one guards.
    return False


def visibility_for_user(user) -> Visibility:
    """The visibility rule for `user`, in at most two queries."""
    restrictions: dict[int, tuple[str, str, set[int]]] = {}
    rows = PageViewRestriction.objects.values_list("pk", "page__path", "restriction_type", "groups")
    for pk, path, kind, group_id in rows:
        restrictions.setdefault(pk, (path, kind, set()))[2].add(group_id)

    cache: list[set[int]] = []

    def user_group_ids() -> set[int]:
        if not cache:
            cache.append(set(user.groups.values_list("pk", flat=True)) if user.pk else set())
        return cache[0]

    hidden = {
        path
        for path, kind, group_ids in restrictions.values()
        if not _passes(kind, group_ids, user, user_group_ids)
    }
    private = {path for path, _kind, _groups in restrictions.values()}
    return Visibility(frozenset(hidden), frozenset(private))


def visibility_for(request: HttpRequest | None) -> Visibility:
    """The visibility rule for the visitor making `request`, worked out once per request."""
    if request is None:
        return visibility_for_user(AnonymousUser())
    cached = getattr(request, "_catalog_visibility", None)
    if cached is None:
        cached = visibility_for_user(getattr(request, "user", AnonymousUser()))
        # Kept for the rest of this request only: the object Django drops when it ends.
        request._catalog_visibility = cached  # type: ignore[attr-defined]
    return cached


def public_pages(queryset: PageQuerySet, request: HttpRequest | None = None) -> PageQuerySet:
    """The live pages of `queryset` anyone may see: for feeds, sitemaps and other shared output.

    Whoever makes `request` (a member, say) sees the same; the request only lends the view
    restrictions already read for it, saving a query.
    """
    return visibility_for(request).for_everyone().apply(queryset)
