"""Keeping the catalog index in step with the pages, in the same transaction as each change.

Wagtail's signals say what changed; each receiver rewrites the rows it affects, at once:
- an entry published (also scheduled, copied live) → its row; unpublished or expired → removed;
- a page deleted → its rows go with it (the table's foreign key cascades);
- a page moved, or a page above entries renamed or given a new slug → the rows beneath it;
- a view restriction saved, deleted or given other groups (or a group deleted) → the rows
  beneath its page;
- a term saved (published, unpublished, renamed) or deleted → the rows of its entries;
- an unpublished section's draft saved in the admin (which writes it onto the page, and its
  new slug onto the live entries beneath) → the rows beneath it (`section_edited`, a hook).
Aliases of entries are not indexed: search lists each entry once, at its own page.
Saving a draft changes nothing. Requests that change something run in one transaction
(catalog.middleware.AtomicWritesMiddleware), so a failed index write undoes the change that
caused it.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from catalog.index.backend import index_backend
from catalog.index.documents import CHUNK, documents
from catalog.models import VOCABULARIES, CatalogEntryPage, ChapterPage, PodcastPage
from catalog.vocabulary import through_model

# Fields Wagtail writes when it saves a draft or a revision, not the live content.
DRAFT_FIELDS = {"latest_revision", "has_unpublished_changes", "draft_title", "locked",
                "locked_at", "locked_by", "live_revision", "last_published_at",
                "first_published_at", "latest_revision_created_at",
                "wagtail_admin_comments"}  # fmt: skip
# Pages whose title is part of the entries beneath them (chapter and show names).
NAMED_SECTIONS = (ChapterPage, PodcastPage)


def reindex(page_ids) -> None:
    """Rewrite the rows of `page_ids`: live entries get theirs, the others lose any."""
    page_ids = list(page_ids)
    backend = index_backend()
    # Within the change's own transaction (a request's, Wagtail's), without a savepoint: if the
    # index cannot be written, the change fails with it.
    with transaction.atomic(savepoint=False):
        for start in range(0, len(page_ids), CHUNK):
            chunk = page_ids[start : start + CHUNK]
            backend.replace(chunk, documents(chunk))


def reindex_beneath(path: str) -> None:
    """Rewrite the rows of every entry at or beneath the page at `path`."""
    reindex(
        CatalogEntryPage.objects.filter(path__startswith=path)
        .order_by()
        .values_list("pk", flat=True)
    )


def entry_published(sender, instance, **kwargs) -> None:
    if isinstance(instance, CatalogEntryPage):
        reindex([instance.pk])
    elif getattr(instance, "_index_before", None) != index_fields(instance):
        reindex_beneath(instance.path)


def index_fields(page) -> tuple:
    """What the rows beneath a section page take from it: its URL and (chapters, shows) title."""
    return (page.url_path, page.title if isinstance(page, NAMED_SECTIONS) else "")


def section_saving(sender, instance, update_fields=None, **kwargs) -> None:
    """Before a full save of a page above entries: remember what its rows took from it."""
    if not isinstance(instance, Page) or isinstance(instance, CatalogEntryPage) or not instance.pk:
        return
    if update_fields is not None and set(update_fields) <= DRAFT_FIELDS:
        return
    before = Page.objects.filter(pk=instance.pk).values_list("url_path", "title").first()
    if before is not None:
        url_path, title = before
        instance._index_before = (url_path, title if isinstance(instance, NAMED_SECTIONS) else "")


def entry_unpublished(sender, instance, **kwargs) -> None:
    if isinstance(instance, CatalogEntryPage):
        reindex([instance.pk])


def page_moved(sender, instance, **kwargs) -> None:
    reindex_beneath(instance.path)


def deleted_with_its_page(origin) -> bool:
    """Whether a restriction goes because its page (or a page above) is being deleted."""
    if isinstance(origin, QuerySet):
        return not issubclass(origin.model, PageViewRestriction)
    return origin is not None and not isinstance(origin, PageViewRestriction | Group)


def restriction_changed(sender, instance, **kwargs) -> None:
    if deleted_with_its_page(kwargs.get("origin")):
        return
    path = Page.objects.filter(pk=instance.page_id).values_list("path", flat=True).first()
    if path is not None:
        reindex_beneath(path)


def restriction_groups_changed(sender, instance, action, **kwargs) -> None:
    if isinstance(instance, Group):  # group.pageviewrestriction_set changed
        if action == "pre_clear":  # the restrictions are unknown once cleared
            # Noted on the instance that Django hands to post_clear too, as the term handlers do.
            instance._index_paths = restricted_paths(groups=instance)  # type: ignore[attr-defined]
        elif action == "post_clear":
            for path in getattr(instance, "_index_paths", ()):
                reindex_beneath(path)
        elif action in ("post_add", "post_remove"):
            for path in restricted_paths(pk__in=kwargs.get("pk_set") or ()):
                reindex_beneath(path)
    elif action in ("post_add", "post_remove", "post_clear"):
        reindex_beneath(instance.page.path)


def restricted_paths(**conditions) -> list[str]:
    restrictions = PageViewRestriction.objects.filter(**conditions)
    return list(restrictions.values_list("page__path", flat=True))


def section_edited(request, page) -> None:
    """Wagtail's admin saves an unpublished page's draft onto the page itself: a section's new
    slug or title then reaches the live entries beneath it without a publish."""
    if not page.live and not isinstance(page.specific_deferred, CatalogEntryPage):
        reindex_beneath(page.path)


def group_deleting(sender, instance, **kwargs) -> None:
    instance._index_paths = restricted_paths(groups=instance)


def group_deleted(sender, instance, **kwargs) -> None:
    for path in getattr(instance, "_index_paths", ()):
        reindex_beneath(path)


def tagged_with(term) -> list[int]:
    through, column = through_model(type(term).kind())
    return list(
        through.objects.filter(**{column: term.pk}).values_list("catalogentrypage_id", flat=True)
    )


def term_saved(sender, instance, created=False, update_fields=None, **kwargs) -> None:
    if created:
        return  # nothing is tagged with it yet
    if update_fields is not None and set(update_fields) <= DRAFT_FIELDS:
        return
    reindex(tagged_with(instance))


def term_deleting(sender, instance, **kwargs) -> None:
    instance._index_entries = tagged_with(instance)


def term_deleted(sender, instance, **kwargs) -> None:
    reindex(getattr(instance, "_index_entries", ()))


def connect() -> None:
    """Connect the receivers (from the app's ready())."""
    uid = "catalog-index-"
    page_published.connect(entry_published, dispatch_uid=uid + "published")
    page_unpublished.connect(entry_unpublished, dispatch_uid=uid + "unpublished")
    post_page_move.connect(page_moved, dispatch_uid=uid + "moved")
    pre_save.connect(section_saving, dispatch_uid=uid + "section-saving")
    for signal in (post_save, post_delete):
        signal.connect(
            restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"{uid}restriction-{signal}",
        )
    m2m_changed.connect(
        restriction_groups_changed,
        sender=PageViewRestriction.groups.through,
        dispatch_uid=uid + "restriction-groups",
    )
    pre_delete.connect(group_deleting, sender=Group, dispatch_uid=uid + "group-deleting")
    post_delete.connect(group_deleted, sender=Group, dispatch_uid=uid + "group-deleted")
    for model in VOCABULARIES.values():
        post_save.connect(term_saved, sender=model, dispatch_uid=f"{uid}term-saved-{model}")
        pre_delete.connect(term_deleting, sender=model, dispatch_uid=f"{uid}term-deleting-{model}")
        post_delete.connect(term_deleted, sender=model, dispatch_uid=f"{uid}term-deleted-{model}")
