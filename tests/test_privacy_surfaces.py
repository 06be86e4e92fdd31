"""Every surface that shows entries, checked with a public, a members-only (signed-in), a
group-only and a draft entry of each type, all sharing their terms: anonymous visitors see only
public entries, members also see members-only ones where the surface is theirs, and nobody sees
a group-only entry (the member is in no group) or a draft.

Feeds, calendars, the sitemap and structured data are shared output, public-only whoever asks
(podcast and calendar apps do not sign in; see catalog/feeds.py and catalog/calendar.py).
Adding a surface is one line in SURFACES (or ROUTES, for what hidden entries must not serve).
"""

from collections.abc import Callable, Set
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import GroupPagePermission

from tests.privacy_catalog import (
    DRAFTS,
    GROUP,
    HIDDEN,
    KINDS,
    MEMBERS,
    PUBLIC,
    RESOURCE_TYPES,
    SHARED_WORD,
    STRAY_FILES,
    TRANSCRIPT_WORD,
    WORDS,
    YEARS,
    Catalog,
    Key,
    build_catalog,
    counts_expected,
    counts_shown,
    entries_shown,
    of,
    structured_data,
    text_of,
)

pytestmark = pytest.mark.django_db

SIGN_IN = "/_util/login/"
ALL = of(*KINDS)
PUBLIC_CURRICULUM, PUBLIC_EPISODE = ("public", "curriculum"), ("public", "episode")
HIDDEN_RESOURCES = HIDDEN & of("resource")
# Facet values that only hidden entries have: their years and resource types.
HIDDEN_VALUES = urlencode(
    [("year", YEARS[access]) for access, _ in sorted(HIDDEN_RESOURCES)]
    + [("format", RESOURCE_TYPES[access]) for access, _ in sorted(HIDDEN_RESOURCES)]
)


@dataclass(frozen=True)
class Surface:
    """A URL that lists entries: the catalog's entries it lists when they are visible, whether
    members see members-only entries there, and how to read it (see privacy_catalog)."""

    name: str
    url: Callable[[Catalog], str]
    lists: Set[Key]
    for_members: bool = True  # False: shared output, the same public entries for everyone
    read: Callable[[HttpResponse], str] = text_of
    follow: bool = False  # read the page it redirects to


def shared(name: str, url, lists: Set[Key], read=text_of) -> Surface:
    """A surface made for apps and crawlers that do not sign in: public entries only."""
    return Surface(name, url, lists, False, read)


def at(url: str) -> Callable[[Catalog], str]:
    return lambda catalog: url


def every_entry(catalog: Catalog) -> str:
    """A trainer's packet of every entry, drafts and hidden ones included, each with a note."""
    ids = [entry.pk for entry in catalog.entries.values()]
    notes = [(f"note-{pk}", f"Note on {pk}") for pk in ids]
    return urlencode([("e", ",".join(map(str, ids))), ("title", "Every entry"), *notes])


def page_url(key: Key, route: str = "") -> Callable[[Catalog], str]:
    return lambda catalog: catalog.entries[key].url + route


SURFACES = [
    Surface("home page", at("/"), ALL),
    Surface("toolkit", lambda c: c.kit.url, of("resource")),
    Surface("chapter index", lambda c: c.index.url, of("curriculum")),
    Surface("chapter", lambda c: c.chapter.url, of("curriculum")),
    Surface("podcast show", lambda c: c.show.url, of("episode")),
    Surface("upcoming trainings", lambda c: f"{c.index.url}upcoming/", of("curriculum")),
    *[
        Surface(f"browse {name}", lambda c, name=name: c.terms[name].get_absolute_url(), ALL)
        for name in ("discipline", "audience", "topic")
    ],
    Surface("search, no words", at("/search/"), ALL),
    Surface("search, a word of every summary", at(f"/search/?q={SHARED_WORD}"), ALL),
    Surface("search, by title", at(f"/search/?q={SHARED_WORD}&sort=title"), ALL),
    Surface("search, hidden facet values", at(f"/search/?{HIDDEN_VALUES}"), HIDDEN_RESOURCES),
    Surface("search, a transcript word", at(f"/search/?q={TRANSCRIPT_WORD}"), of("episode")),
    *[
        Surface(f"search {' '.join(key)}", at(f"/search/?q={WORDS[key]}"), {key})
        for key in sorted(HIDDEN)
    ],
    *[Surface(f"suggest {kind}", at(f"/search/suggest/?q={kind}"), of(kind)) for kind in KINDS],
    *[
        Surface(f"suggest {' '.join(key)}", at(f"/search/suggest/?q={WORDS[key][:4]}"), {key})
        for key in sorted(HIDDEN)
    ],
    *[Surface(f"public {kind} page, related", page_url(("public", kind)), ALL) for kind in KINDS],
    Surface("CSV export", at("/search/export.csv"), ALL),
    Surface("CSV, searched", at(f"/search/export.csv?q={SHARED_WORD}"), ALL),
    Surface(
        "CSV, hidden facet values", at(f"/search/export.csv?{HIDDEN_VALUES}"), HIDDEN_RESOURCES
    ),
    *[
        Surface(name, lambda c, path=path: f"{path}?{every_entry(c)}", lists)
        for name, path, lists in (
            ("packet of every entry", "/packet/", ALL),
            ("packet CSV", "/packet/packet.csv", ALL),
            ("packet text", "/packet/packet.txt", ALL),
            ("packet calendar", "/packet/packet.ics", of("curriculum")),
        )
    ],
    Surface("packet from a search", at(f"/packet/from-search/?q={SHARED_WORD}"), ALL, follow=True),
    shared("RSS feed", lambda c: f"{c.show.url}feed/", of("episode")),
    shared("curriculum calendar", page_url(PUBLIC_CURRICULUM, "calendar/"), {PUBLIC_CURRICULUM}),
    shared("chapter calendar", lambda c: f"{c.chapter.url}calendar/", of("curriculum")),
    shared("chapter index calendar", lambda c: f"{c.index.url}calendar/", of("curriculum")),
    shared(
        "discipline calendar",
        lambda c: f"{c.index.url}calendar/{c.terms['discipline'].slug}/",
        of("curriculum"),
    ),
    shared("sitemap page", at("/sitemap-pages.xml"), ALL),  # /sitemap.xml: its index
    shared("robots.txt", at("/robots.txt"), set()),
    shared(
        "JSON-LD, curriculum", page_url(PUBLIC_CURRICULUM), {PUBLIC_CURRICULUM}, structured_data
    ),
    shared("JSON-LD, episode", page_url(PUBLIC_EPISODE), {PUBLIC_EPISODE}, structured_data),
    shared("JSON-LD, show", lambda c: c.show.url, of("episode"), structured_data),
    shared("JSON-LD, toolkit", lambda c: c.kit.url, of("resource"), structured_data),
    shared("JSON-LD, chapter index", lambda c: c.index.url, of("curriculum"), structured_data),
    shared("JSON-LD, chapter", lambda c: c.chapter.url, of("curriculum"), structured_data),
    shared("JSON-LD, home", at("/"), set(), structured_data),
]


@dataclass(frozen=True)
class Route:
    """Something a hidden entry of these kinds would serve: its page, a sub-route, its file."""

    name: str
    kinds: tuple[str, ...]
    url: Callable[[Catalog, Key], str]
    is_file: bool = False
    headers: dict[str, str] = field(default_factory=dict)


def entry_url(route: str = "") -> Callable[[Catalog, Key], str]:
    return lambda catalog, key: catalog.entries[key].url + route


def offering_calendar_url(catalog: Catalog, key: Key) -> str:
    return f"{catalog.entries[key].url}calendar/{catalog.offerings[key].key}/"


def file_url(catalog: Catalog, key: Key) -> str:
    return catalog.files[key].url


ROUTES = [
    Route("page", KINDS, entry_url()),
    Route("calendar", ("curriculum",), entry_url("calendar/")),
    Route("offering calendar", ("curriculum",), offering_calendar_url),
    Route("transcript", ("episode",), entry_url("transcript/")),
    Route("file", KINDS, file_url, is_file=True),
    Route(
        "file, a byte range", KINDS, file_url, is_file=True, headers={"HTTP_RANGE": "bytes=0-10"}
    ),
]
HIDDEN_ROUTES = [
    pytest.param(route, key, id=f"{' '.join(key)} {route.name}")
    for route in ROUTES
    for key in sorted(HIDDEN)
    if key[1] in route.kinds
]
# Search and browse pages count what each facet value would list.
COUNTED = [surface for surface in SURFACES if surface.name.startswith(("search", "browse"))]
VISITORS = [
    pytest.param("client", PUBLIC, id="anonymous"),
    pytest.param("member_client", PUBLIC | MEMBERS, id="member"),
    # Signed in, so a member on the site; in the admin, rights on the podcast alone.
    pytest.param("section_staff_client", PUBLIC | MEMBERS, id="section staff"),
]
SIGNED_IN = [param for param in VISITORS if param.id != "anonymous"]


@pytest.fixture(scope="module")
def catalog(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once per module, as Django's setUpTestData does: each test runs in a savepoint of
    this transaction, which is rolled back at the end. (Publishing twelve entries with their
    files for each of two hundred tests took minutes.)"""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        yield build_catalog()
        transaction.set_rollback(True)


@pytest.fixture
def member(catalog, django_user_model):
    """Replaces the suite's: signed in with force_login, so no password to hash (half a second)."""
    return django_user_model.objects.create_user("member")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def member_client(member) -> Client:
    return signed_in(member)


@pytest.fixture
def section_staff_client(catalog, django_user_model) -> Client:
    """Staff with admin access and page rights on the podcast alone, and none on collections."""
    group = Group.objects.create(name="Podcast producers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page"):
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.create(group=group, page=catalog.show, permission=permission)
    user = django_user_model.objects.create_user("producer")
    user.groups.add(group)
    return signed_in(user)


@pytest.fixture
def editor_client(catalog, django_user_model) -> Client:
    """One of the "Catalog editors" (migration 0007): they may change every document."""
    user = django_user_model.objects.create_user("editor")
    user.groups.add(Group.objects.get(name="Catalog editors"))
    return signed_in(user)


@pytest.fixture
def editor_without_code_client(catalog, django_user_model) -> Client:
    """A catalog editor with an authenticator app who has given the password but not the code."""
    user = django_user_model.objects.create_user("editor-owing-a-code")
    user.groups.add(Group.objects.get(name="Catalog editors"))
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return signed_in(user)


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(catalog):
    """Replaces the suite's: the files stay in the catalog's media folder; the cache is emptied."""
    cache.clear()


def entries_on(client, catalog: Catalog, surface: Surface) -> set[Key]:
    response = client.get(surface.url(catalog), follow=surface.follow)
    assert response.status_code == HTTPStatus.OK
    return entries_shown(catalog, surface.read(response))


@pytest.mark.parametrize("surface", SURFACES, ids=lambda surface: surface.name)
def test_anonymous_visitors_see_only_public_entries(client, catalog, surface):
    assert entries_on(client, catalog, surface) == surface.lists & PUBLIC


@pytest.mark.parametrize("surface", SURFACES, ids=lambda surface: surface.name)
@pytest.mark.parametrize(("visitor", "_visible"), SIGNED_IN)
def test_members_also_see_members_only_entries_where_the_surface_is_theirs(
    request, catalog, surface, visitor, _visible
):
    shown = entries_on(request.getfixturevalue(visitor), catalog, surface)
    if surface.for_members:
        assert surface.lists & MEMBERS <= shown <= PUBLIC | MEMBERS
    else:
        assert shown == surface.lists & PUBLIC


@pytest.mark.parametrize("surface", COUNTED, ids=lambda surface: surface.name)
@pytest.mark.parametrize(("visitor", "visible"), VISITORS)
def test_facet_counts_count_only_the_entries_the_visitor_may_see(
    request, catalog, surface, visitor, visible
):
    response = request.getfixturevalue(visitor).get(surface.url(catalog))
    assert response.status_code == HTTPStatus.OK
    expected = counts_expected(catalog, surface.lists & visible)
    assert counts_shown(response.content.decode()) == expected


def assert_sends_to_sign_in(response: HttpResponse) -> None:
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(SIGN_IN)


@pytest.mark.parametrize(("route", "key"), HIDDEN_ROUTES)
def test_hidden_entries_send_anonymous_visitors_to_sign_in_or_are_not_found(
    client, catalog, route, key
):
    response = client.get(route.url(catalog, key), **route.headers)
    if key in DRAFTS and not route.is_file:
        assert response.status_code == HTTPStatus.NOT_FOUND
    else:  # a file does not tell whether its entry is a draft
        assert_sends_to_sign_in(response)


@pytest.mark.parametrize(("route", "key"), HIDDEN_ROUTES)
def test_members_are_served_members_only_entries_and_nothing_else_hidden(
    member_client, catalog, route, key
):
    response = member_client.get(route.url(catalog, key), **route.headers)
    if key in MEMBERS:
        expected = HTTPStatus.PARTIAL_CONTENT if route.headers else HTTPStatus.OK
        assert response.status_code == expected
        if not route.is_file:  # no shared cache may keep it
            assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    elif key in GROUP and not route.is_file:  # Wagtail asks to sign in as someone in the group
        assert_sends_to_sign_in(response)
    else:
        assert response.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("key", sorted(HIDDEN & of("curriculum")), ids=" ".join)
def test_a_public_curriculum_does_not_serve_a_hidden_curriculums_offering(client, catalog, key):
    public = catalog.entries[PUBLIC_CURRICULUM]
    url = f"{public.url}calendar/{catalog.offerings[key].key}/"
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("key", sorted(MEMBERS), ids=" ".join)
def test_members_only_files_are_kept_from_shared_caches(client, member_client, catalog, key):
    url = catalog.files[key].url
    for response, status in (
        (member_client.get(url), HTTPStatus.OK),
        (member_client.get(url, HTTP_RANGE="bytes=0-3"), HTTPStatus.PARTIAL_CONTENT),
        (client.get(url), HTTPStatus.FOUND),  # the sign-in redirect is this visitor's alone
    ):
        assert response.status_code == status
        assert "private" in response.get("Cache-Control", "")


@pytest.mark.parametrize("key", sorted(HIDDEN), ids=" ".join)
def test_section_staff_get_only_their_sections_hidden_files(section_staff_client, catalog, key):
    """Admin access alone opens no file: the podcast's files (drafts' and group-only ones
    included) are theirs to check; elsewhere they are a signed-in member like any other."""
    response = section_staff_client.get(catalog.files[key].url)
    if key[1] == "episode" or key in MEMBERS:
        assert response.status_code == HTTPStatus.OK
        assert "private" in response["Cache-Control"]
    else:
        assert response.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("name", STRAY_FILES)
@pytest.mark.parametrize(
    ("visitor", "status"),
    [
        pytest.param("client", HTTPStatus.FOUND, id="anonymous"),  # to sign in, as for any file
        pytest.param("member_client", HTTPStatus.NOT_FOUND, id="member"),
        pytest.param("section_staff_client", HTTPStatus.NOT_FOUND, id="section staff"),
        pytest.param("editor_client", HTTPStatus.OK, id="catalog editor"),
        # A password alone opens no staff file: the second factor comes first.
        pytest.param("editor_without_code_client", HTTPStatus.NOT_FOUND, id="editor owing a code"),
    ],
)
def test_files_no_live_page_uses_are_served_only_to_staff_who_may_change_them(
    request, catalog, name, visitor, status
):
    url = catalog.stray_files[name].url
    for headers in ({}, {"HTTP_RANGE": "bytes=0-3"}):
        response = request.getfixturevalue(visitor).get(url, **headers)
        expected = HTTPStatus.PARTIAL_CONTENT if status == HTTPStatus.OK and headers else status
        assert response.status_code == expected
        if status == HTTPStatus.FOUND:
            assert_sends_to_sign_in(response)
