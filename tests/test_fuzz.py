"""Generated input at every public URL: whatever a visitor, a bot or a scanner sends, the site
answers with a page, a redirect or a refusal (4xx), never a server error (5xx).

Hypothesis generates query strings (the parameter names the catalog reads, with any values,
repeated keys, very long values, any Unicode including NUL, broken percent-encoding), form posts,
header values and paths. The test client re-raises any exception a view lets escape, so an error
fails the test with the input that caused it. Each test checks that it ran its share of EXAMPLES;
`make test` prints the total (tests/conftest.py).
"""

import datetime
import functools
import operator
from collections.abc import Callable
from http import HTTPStatus
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.demo.files import silent_mp3
from tests import factories

pytestmark = pytest.mark.django_db

# Generated cases per test, at least 1,000 together; `fuzz` fails a test that ran fewer.
EXAMPLES = {"query_strings": 400, "paths": 200, "form_posts": 250, "headers": 250, "hosts": 50}

# Derandomized: every run of the same code, on either database, sends the same inputs. A failure
# in CI then reproduces locally with the same command, and a change is never failed by an input
# an earlier run merely did not draw. New inputs come with new strategies or counts.
# database=None: no example database is written into the working tree.
FUZZ = settings(derandomize=True, database=None, deadline=None)  # request times vary by machine

VTT = "WEBVTT\n\n00:00.000 --> 00:02.000\n<v Alex Morgan>Welcome to the show.\n"
PARAMETERS = [
    *("q", "page", "per_page", "sort", "type", "discipline", "audience", "topic"),
    *("format", "language", "chapter", "year", "month", "next", "p"),  # p: sitemap pages
]
VALUES = [
    *("", "0", "1", "2", "-1", "relevance", "newest", "title", "resource", "curriculum"),
    *("episode", "guide", "checklist", "in-person", "online", "en", "es", "victim-advocacy"),
    *("cac-staff", "housing-and-shelter", "pennsylvania", "1969", "2024", "2024-01", "screening"),
    *("OR", "NOT", "NEAR(", "__", "a*", '"', "x:y", "//evil.example/", "/\\evil", "javascript:x"),
    f"{datetime.date.today():%Y-%m}",
]
PERCENT_JUNK = ["%", "%%", "%G1", "%FF", "%00", "%C0%80", "%ED%A0%80", "%E2%82", "+", "%26", "%3D"]
SEGMENTS = [
    *("browse", "disciplines", "audiences", "topics", "search", "documents", "calendar"),
    *("upcoming", "feed", "transcript", "admin", "_util", "login", "images", "..", "."),
    *("%2e%2e", "%00", "%2F", "sitemap.xml", "robots.txt", "export.csv", "victim-advocacy"),
]
GET_ONLY = ["/search/", "/search/suggest/", "/search/export.csv", "/healthz/", "/robots.txt"]
INDEX_ROUTES = ["upcoming/", "calendar/", "calendar/victim-advocacy/"]  # of the chapter index
OTHERS = ["/", "/sitemap.xml", "/_util/login/", "/sign-out/"]
SIGN_IN = ["/_util/login/", "/admin/login/"]
FORMS = [*SIGN_IN, "/sign-out/", "/documents/authenticate_with_password/1/"]
COOKIE_NAMES = ["sessionid", "csrftoken", "messages"]  # the cookies Django reads


def wsgi(text: str) -> str:
    """Text as a WSGI server hands over raw bytes of a request: UTF-8 read as Latin-1."""
    return text.encode().decode("latin-1")


def header_safe(text: str) -> str:
    """What a proxy passes on in a header value: no line break or NUL byte."""
    return text.translate(dict.fromkeys(map(ord, "\r\n\x00")))


text = st.text(max_size=30)  # any Unicode but lone surrogates, NUL included
long_text = st.builds(operator.mul, st.text(min_size=1, max_size=3), st.integers(300, 3000))
number = st.integers().map(str) | st.integers(10**18, 10**40).map(str)
value = st.sampled_from(VALUES) | text | long_text | number
encoded = (
    value.map(lambda item: quote(item, safe=""))
    | value.map(wsgi)
    | st.lists(st.sampled_from(PERCENT_JUNK) | value.map(quote), max_size=4).map("".join)
)
key = st.sampled_from(PARAMETERS) | encoded
pair = st.builds("{}={}".format, key, encoded) | key  # a key without "=" too
query_strings = st.builds(str.join, st.sampled_from(["&", ";", "&&"]), st.lists(pair, max_size=8))
header_text = (text.map(wsgi) | st.text(st.characters(max_codepoint=255))).map(header_safe)


def http_date(day: str, month: str, year: int, numbers: list[int], zone: str) -> str:
    """A date as HTTP writes them ("Sun, 06 Nov 1994 08:49:37 GMT"), with any parts."""
    date, hour, minute, second = numbers
    return f"{day}, {date:02} {month} {year} {hour:02}:{minute:02}:{second:02} {zone}"


dates = st.builds(
    http_date,
    st.sampled_from(["Sun", "Mon", "xyz", ""]),
    st.sampled_from(["Jan", "Nov", "Feb", "Foo"]),
    st.integers(-1, 10**12),
    st.lists(st.integers(-1, 99), min_size=4, max_size=4),
    st.sampled_from(["GMT", "UTC", "+0000", "-9999", "+99999999999", ""]),
)
byte_position = st.just("") | st.integers(-5, 10**22).map(str)
byte_ranges = st.builds(
    "{}={}".format,
    st.sampled_from(["bytes", "Bytes", "items", ""]),
    st.lists(st.builds("{}-{}".format, byte_position, byte_position), max_size=3).map(",".join),
)
# A quoted cookie value may carry octal escapes, which the cookie parser decodes (\000 is NUL).
escapes = st.sampled_from(["\\000", "\\377", '\\"', "\u00e9"]) | st.text("abcdef0123", min_size=8)
quoted = st.lists(escapes, max_size=4).map(lambda parts: f'"{"".join(parts)}"')
cookie_value = header_text | quoted | st.sampled_from(['"\\000abcdefgh"', '"\\377"', '"'])
cookie_jar = st.fixed_dictionaries({}, optional=dict.fromkeys(COOKIE_NAMES, cookie_value))
cookies = st.builds(operator.or_, st.dictionaries(header_text, cookie_value), cookie_jar).map(
    lambda jar: "; ".join(f"{name}={value}" for name, value in jar.items())
)


def headers_for(site) -> st.SearchStrategy:
    """Every header the site or Django reads, each present or not, with arbitrary values."""
    validators = st.sampled_from(site.validators) | header_text
    urls = st.sampled_from(["https://testserver/", "http://evil.example/", "null"]) | header_text
    return st.fixed_dictionaries(
        {},
        optional={
            "Accept": st.sampled_from(["text/html", "*/*", "application/json;q=x"]) | header_text,
            "Accept-Language": st.sampled_from(["es", "en-US,en;q=0.5", "*;q=-1"]) | header_text,
            "Range": byte_ranges | header_text,
            "If-Range": validators | dates,
            "If-None-Match": validators | header_text,
            "If-Match": validators | header_text,
            "If-Modified-Since": dates | header_text,
            "If-Unmodified-Since": dates | header_text,
            "Cookie": cookies,
            "Referer": urls,
            "Origin": urls,
            "User-Agent": header_text,
            "X-Forwarded-Proto": st.sampled_from(["https", "http", "https, http"]) | header_text,
            "X-Forwarded-For": header_text,
            "X-CSRFToken": header_text,
        },
    )


@pytest.fixture
def site(home):
    """A small catalog with every page type, and the URLs a visitor (or a bot) can reach."""
    tags = {
        "disciplines": [factories.discipline("Victim advocacy")],
        "audiences": [factories.audience("CAC staff")],
        "topics": [factories.topic("Housing and shelter")],
    }
    kit = factories.toolkit()
    handout = factories.document("Handout", "handout.pdf", b"%PDF-1.4 " * 200)
    resource = factories.resource(kit, resource_type="checklist", document=handout, **tags)
    members_file = factories.document("Worksheet", "worksheet.pdf")
    members = factories.members_only(factories.resource(kit, document=members_file, **tags))
    draft = factories.resource(kit, live=False, **tags)
    chapter = factories.chapter(slug="pennsylvania")
    materials = [
        {"type": "resource", "value": resource.pk},
        {"type": "document", "value": handout.pk},
    ]
    curriculum = factories.curriculum(chapter, materials=materials, **tags)
    offering = factories.offering(curriculum)
    factories.offering(curriculum, days_from_today=-40, status="cancelled")
    show = factories.podcast()
    audio = factories.document("Episode", "episode.mp3", silent_mp3(3))
    episode = factories.episode(show, audio_file=audio, transcript=VTT, **tags)
    index = chapter.get_parent()
    routes = [index.url + route for route in INDEX_ROUTES]
    routes += [f"{chapter.url}calendar/", f"{curriculum.url}calendar/", f"{show.url}feed/"]
    routes += [f"{curriculum.url}calendar/{offering.key}/", f"{episode.url}transcript/"]
    browse = [f"/browse/{field}/{terms[0].slug}/" for field, terms in tags.items()]
    pages = [home, kit, resource, members, draft, index, chapter, curriculum, show, episode]
    documents = [handout.url, audio.url, members_file.url]
    whole_file = answered(Client().get(handout.url))  # read to its end, so the file is closed
    restriction = members.get_view_restrictions().get()
    return SimpleNamespace(
        get_only=GET_ONLY + browse,
        urls=[*GET_ONLY, *browse, *(page.url for page in pages), *routes, *documents, *OTHERS],
        documents=documents,
        forms=[*FORMS, f"/_util/authenticate_with_password/{restriction.pk}/{members.pk}/"],
        validators=[whole_file["ETag"], whole_file["Last-Modified"], "*", 'W/"x", "y"'],
    )


@pytest.fixture
def fuzz(record_property) -> Callable:
    """Runs `check` on EXAMPLES[name] generated inputs and fails if Hypothesis ran fewer."""

    def run(name: str, check: Callable[..., None], **strategies: st.SearchStrategy) -> None:
        ran = 0

        @functools.wraps(check)  # Hypothesis derandomizes from the check's own source
        def counted(**inputs) -> None:
            nonlocal ran
            ran += 1
            check(**inputs)

        settings(FUZZ, max_examples=EXAMPLES[name])(given(**strategies)(counted))()
        record_property("generated_cases", ran)
        print(f"{name}: {ran} generated cases")
        assert ran >= EXAMPLES[name], f"Hypothesis ran {ran} of {EXAMPLES[name]} {name} cases"

    return run


def answered(response):
    """The response, read to its end (a streamed export or file fails only while it is read)."""
    if response.streaming:
        b"".join(response.streaming_content)
    assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, response
    return response


def test_query_strings_at_every_url(site, fuzz, member, settings):
    settings.CATALOG_PAGE_CACHE_SECONDS = 300  # as in production: anonymous pages are cached

    def check(url: str, query: str, signed_in: bool) -> None:
        client = Client()
        if signed_in:  # a member sees members-only entries, uncached
            client.force_login(member)
        answered(client.get(url, QUERY_STRING=query))

    urls = st.sampled_from(site.urls)
    fuzz("query_strings", check, url=urls, query=query_strings, signed_in=st.booleans())


def test_paths_below_every_url(site, fuzz):
    segment = (
        st.sampled_from(SEGMENTS)
        | text.map(lambda item: quote(item, safe=""))
        | text
        | st.integers(-1, 10**25).map(str)
    )

    def check(base: str, segments: list[str], slash: str) -> None:
        path = base + "/".join(segments) + slash
        answered(Client().get("/" + path.lstrip("/")))  # "//x" would name a host, not a path

    bases = st.sampled_from(["/", "/browse/", "/images/", *site.urls])
    slash = st.sampled_from(["/", ""])  # without one, Django looks for the URL with one
    fuzz("paths", check, base=bases, segments=st.lists(segment, max_size=4), slash=slash)


def test_form_posts_to_every_url(site, fuzz, member):
    member.set_password("member-pass-1")
    member.save()
    fields = st.sampled_from(["username", "password", "next", "csrfmiddlewaretoken"]) | text
    values = value | st.sampled_from([member.username, "member-pass-1", *site.urls])
    body = st.lists(st.builds("{}={}".format, fields.map(quote), values.map(quote)), max_size=6)
    form = st.dictionaries(fields, values, max_size=6)
    password = st.just("member-pass-1") | value  # right often enough to sign in and redirect
    sign_in = st.fixed_dictionaries(
        {"username": st.just(member.username), "password": password}, optional={"next": values}
    )

    def check(post: tuple[str, str | dict]) -> None:
        url, data = post
        if isinstance(data, str):
            response = Client().post(url, data, "application/x-www-form-urlencoded")
        else:
            response = Client().post(url, data)  # multipart
        answered(response)
        if url in site.get_only:
            assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED

    sign_ins = st.tuples(st.sampled_from(SIGN_IN), st.builds(operator.or_, form, sign_in))
    urls = st.sampled_from(site.forms) | st.sampled_from(site.urls)
    others = st.tuples(urls, body.map("&".join) | query_strings | form)
    fuzz("form_posts", check, post=sign_ins | others)


def test_headers_at_every_url(site, fuzz):
    def check(method: str, url: str, headers: dict[str, str]) -> None:
        # CSRF checks on, so that cookies, Referer and Origin reach the code that reads them.
        client = Client(enforce_csrf_checks=True)
        answered(client.generic(method, url, headers=headers))

    urls = st.sampled_from(site.documents) | st.sampled_from(site.urls)
    methods = st.sampled_from(["GET", "HEAD", "POST", "OPTIONS"])
    fuzz("headers", check, method=methods, url=urls, headers=headers_for(site))


def test_a_host_we_do_not_serve_is_refused(site, fuzz):
    def check(url: str, host: str) -> None:
        response = answered(Client().get(url, headers={"Host": host}))
        assert response.status_code == HTTPStatus.BAD_REQUEST

    hosts = st.builds("evil{}".format, header_text)
    fuzz("hosts", check, url=st.sampled_from(site.urls), host=hosts)


def test_a_fuzz_test_that_runs_fewer_cases_than_its_share_fails(fuzz):
    """A strategy too narrow for its share (Hypothesis stops when it runs out of inputs) fails
    its test: the counts in EXAMPLES are cases actually sent, not merely asked for."""
    sent = []

    def check(host: str) -> None:
        sent.append(host)

    with pytest.raises(AssertionError, match=f"Hypothesis ran 3 of {EXAMPLES['hosts']} hosts"):
        fuzz("hosts", check, host=st.sampled_from(["a", "b", "c"]))
    assert sorted(sent) == ["a", "b", "c"]
