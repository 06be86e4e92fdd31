"""Wagtail hooks: the taxonomy snippets in one "Catalog" menu, and the guard on entries' files."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from catalog.models import Audience, Discipline, Topic
from catalog.privacy import document_hidden_from


class TaxonomyViewSet(SnippetViewSet):
    """The listing and forms for one vocabulary; rows can be dragged into order."""

    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    ordering = ["sort_order", "name"]


class DisciplineViewSet(TaxonomyViewSet):
    model = Discipline
    icon = "group"
    menu_label = "Disciplines"


class AudienceViewSet(TaxonomyViewSet):
    model = Audience
    icon = "user"
    menu_label = "Audiences"


class TopicViewSet(TaxonomyViewSet):
    model = Topic
    icon = "tag"
    menu_label = "Topics"


class CatalogViewSetGroup(SnippetViewSetGroup):
    menu_label = "Catalog"
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (DisciplineViewSet, AudienceViewSet, TopicViewSet)


register_snippet(CatalogViewSetGroup)


@hooks.register("before_serve_document")
def guard_files_of_hidden_entries(document, request: HttpRequest) -> HttpResponse | None:
    """Send visitors to sign in for a members-only entry's file; hide drafts' files (404)."""
    if not document_hidden_from(document, request):
        return None
    if not request.user.is_authenticated:
        login_url = getattr(settings, "WAGTAIL_FRONTEND_LOGIN_URL", reverse("wagtailcore_login"))
        return redirect_to_login(request.get_full_path(), login_url)
    raise Http404("No such document.")
