"""Printing and sharing (issue 14): a printed page carries its address and the date, a printed
search says its words and filters, screen-only instructions stay off paper, the links that matter
spell out their address, and an entry page offers "Copy link" (script-shown) and an email link."""

import html
import re
from urllib.parse import quote

import pytest
from django.templatetags.static import static
from django.utils import timezone

from catalog.demo.files import silent_mp3
from catalog.models import Audience, Discipline
from tests import factories

pytestmark = pytest.mark.django_db

ROOT = "http://localhost"  # the default Site's root URL, which the canonical address uses
VTT = "WEBVTT\n\n00:00:04.000 --> 00:00:09.000\n<v Host>Today: screening every referral.\n"


def page_html(client, url: str, params: dict | None = None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 200, url
    return response.content.decode()


def print_address(markup: str) -> str:
    """The text of the footer's print-only line."""
    match = re.search(r'<p class="print-only print-address[^"]*">(.*?)</p>', markup, re.S)
    assert match, "no print-only address line"
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1)))


def element(markup: str, pattern: str) -> str:
    match = re.search(pattern, markup, re.S)
    assert match, pattern
    return match.group(0)


@pytest.fixture
def entries(home):
    """One entry of each type, each with the links that matter on paper."""
    handout = factories.document("Day 1 slides", "day-1.pdf")
    curriculum = factories.curriculum(
        title="Two-day training", materials=[{"type": "document", "value": handout.pk}]
    )
    factories.offering(curriculum, registration_url="https://example.org/register")
    return {
        "resource": factories.resource(
            title="Screening & intake tool", document=factories.document("Tool", "tool.pdf")
        ),
        "curriculum": curriculum,
        "episode": factories.episode(
            audio_file=factories.document("Episode", "episode.mp3", silent_mp3(2)), transcript=VTT
        ),
    }


def test_every_printed_page_carries_its_canonical_address_and_the_date(client, entries):
    today = timezone.localdate()
    for url in ["/", entries["resource"].url, "/search/?q=screening&discipline=medical"]:
        markup = page_html(client, url)
        canonical = element(markup, r'<link rel="canonical" href="([^"]+)">')
        address = html.unescape(re.search(r'href="([^"]+)"', canonical).group(1))
        assert print_address(markup) == f"Printed from {address} on {today:%-d %B %Y}", url
        assert f'datetime="{today:%Y-%m-%d}" data-print-date' in markup
        # The reader's date replaces a cached page's, just before printing.
        assert f'<script src="{static("js/print-date.js")}" defer></script>' in markup
    assert print_address(page_html(client, entries["resource"].url)).startswith(
        f"Printed from {ROOT}{entries['resource'].url} on "
    )


def test_a_printed_search_names_its_words_and_filters(client, search_catalog):
    advocacy = Discipline.objects.get(name="Victim advocacy")
    staff = Audience.objects.get(name="CAC staff")
    params = {"q": "screening", "discipline": advocacy.slug, "audience": staff.slug}
    markup = page_html(client, "/search/", params)
    summary = element(markup, r'<p class="print-only search-summary">(.*?)</p>')
    assert html.unescape(re.sub(r"<[^>]+>", "", summary)) == (
        "Search: “screening” · Discipline: Victim advocacy · Audience: CAC staff"
    )
    # Inside the region the live search swaps, so it follows every change of filter.
    assert markup.index('id="search-live"') < markup.index("search-summary")


def test_a_search_with_filters_only_starts_with_the_first_filter(client, search_catalog):
    markup = page_html(client, "/search/", {"discipline": "medical"})
    summary = element(markup, r'<p class="print-only search-summary">(.*?)</p>')
    assert html.unescape(re.sub(r"<[^>]+>", "", summary)) == "Discipline: Medical"
    assert "search-summary" not in page_html(client, "/search/")


def test_screen_only_instructions_are_marked_to_stay_off_paper(client, search_catalog, entries):
    search = page_html(client, "/search/", {"q": "screening"})
    assert 'class="hint screen-only">Try a topic' in search
    episode = page_html(client, entries["episode"].url)
    assert (
        '<p class="transcript__help screen-only" data-needs-script hidden>Select a time' in episode
    )


def test_links_that_matter_print_their_full_address(client, entries):
    resource = entries["resource"]
    markup = page_html(client, resource.url)
    download = element(markup, r'<a class="button" href="[^"]+"[^>]*>Download')
    assert f'data-print-href="{ROOT}{resource.document.url}"' in download

    markup = page_html(client, entries["curriculum"].url)
    register = 'data-print-href="https://example.org/register"'
    assert register in element(markup, r'<a class="next-offering__register"[^>]*>')
    assert register in element(markup, r'<p class="offering__actions"><a [^>]*>Register')
    material = element(markup, r"<a [^>]*>Day 1 slides</a>")
    href = re.search(r' href="(/[^"]+)"', material).group(1)
    assert f'data-print-href="{ROOT}{href}"' in material

    episode = entries["episode"]
    markup = page_html(client, episode.url)
    audio = element(markup, r"<a [^>]*>Download the episode<")
    assert f'data-print-href="{ROOT}{episode.audio_src}"' in audio
    transcript = element(markup, r"<a [^>]*>Download the transcript<")
    assert f'data-print-href="{ROOT}{episode.url}' in transcript


@pytest.mark.parametrize("kind", ["resource", "curriculum", "episode"])
def test_every_entry_offers_copy_link_and_an_email_link(client, entries, kind):
    page = entries[kind]
    markup = page_html(client, page.url)
    address = f"{ROOT}{page.url}"
    head = markup[: markup.index("</head>")]
    assert f'<script src="{static("js/copy-link.js")}" defer></script>' in head
    # Shown by the script, which needs the clipboard; without JavaScript it is never seen.
    button = element(markup, r"<button [^>]*data-copy-link[^>]*>Copy link</button>")
    assert " hidden" in button
    assert 'role="status" aria-live="polite" data-copy-link-status' in markup
    subject, body = quote(page.title, safe=""), quote(address, safe="")
    assert f'href="mailto:?subject={subject}&amp;body={body}"' in markup


def test_the_email_link_encodes_what_would_break_it(client, entries):
    markup = page_html(client, entries["resource"].url)
    assert "mailto:?subject=Screening%20%26%20intake%20tool&amp;body=http%3A%2F%2F" in markup
