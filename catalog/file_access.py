"""Who may download a file, and who may change one that the live site shows: deny by default.

A document (a resource's file, a curriculum's handout, an episode's audio) is served to a visitor
only when a live page that visitor may see uses it, through any field, block or rich-text link
(Wagtail's reference index records these from each page's live content). Nothing else is served
to visitors: not a file replaced by a newer one, not the file of a deleted entry, not one attached
only in a draft, not an upload no page uses yet. Staff also get the files of the pages they may
edit and the files they may change themselves, so that they can check a draft before review.

Editing a document in use on the live site would change what visitors get without review, so
only someone who may publish every live page using it may replace its file or rename it.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry
from wagtail.query import PageQuerySet

from catalog.privacy import visibility_for
from catalog.staff import is_staff
from catalog.two_factor import owed_second_factor


def pages_using(document) -> PageQuerySet:
    """Every page whose saved content uses `document` (live content, for live pages)."""
    page_ids = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )
    return Page.objects.filter(pk__in=[int(pk) for pk in page_ids])


def staff_may_download(document, user, using: QuerySet[Page]) -> bool:
    """Staff who may change the document, or edit a page that uses it, may check it."""
    documents = policy_registry.get_by_type(get_document_model())
    if documents.user_has_permission_for_instance(user, "change", document):
        return True
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return using.filter(pk__in=editable.values("pk")).exists()


def may_download(document, request: HttpRequest) -> bool:
    """Whether the visitor making `request` may have `document`."""
    using = pages_using(document)
    if visibility_for(request).apply(using).exists():
        return True
    user = request.user
    if not is_staff(user) or owed_second_factor(user):  # a password alone opens no staff file
        return False
    return staff_may_download(document, user, using)


def live_pages_not_publishable_by(document, user) -> list[Page]:
    """The live pages using `document` that `user` may not publish: a change to the file or its
    title would reach their visitors without review."""
    policy = PagePermissionPolicy()
    return [
        page
        for page in pages_using(document).live()
        if not policy.user_has_permission_for_instance(user, "publish", page)
    ]


def refuse_unreviewed_change(document, user, fields: list[str]) -> None:
    """Refuse a change of `fields` (file, title) to a document that live pages show, unless
    `user` may publish each of them."""
    pages = live_pages_not_publishable_by(document, user)
    if not pages:
        return
    titles = ", ".join(f"“{page.title}”" for page in pages[:3]) + (" …" if len(pages) > 3 else "")
    message = (
        f"This document is in use on live pages ({titles}), and a change to it would reach their "
        "visitors without review. Upload the new version as a new document, choose it on the "
        "page and submit the page for review, or ask a moderator."
    )
    raise ValidationError(dict.fromkeys(fields, message))
