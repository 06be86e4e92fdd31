"""Editors' reports: due for review, missing tags, coverage matrix, and the dashboard panel.
(tests/test_review.py has the review dates and "Mark as reviewed"; tests/test_coverage.py the
matrix's empty cells.)"""

import csv
import datetime
import io
import re
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.models import CatalogEntryPage
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
MISSING = "/admin/reports/missing-tags/"


@pytest.fixture
def entries(home, settings):
    settings.CATALOG_REVIEW_MONTHS = 12
    medical, advocacy = factories.discipline("Medical"), factories.discipline("Victim advocacy")
    staff, caregivers = factories.audience("CAC staff"), factories.audience("Caregivers")
    topic = factories.topic("Screening")
    tagged = {"disciplines": [medical], "audiences": [staff], "topics": [topic]}
    return {
        "fresh": factories.resource(title="Fresh", last_reviewed=TODAY, **tagged),
        "stale": factories.resource(
            title="Stale", last_reviewed=TODAY - datetime.timedelta(days=400), **tagged
        ),
        "never": factories.resource(title="Never reviewed", last_reviewed=None, **tagged),
        "no topic": factories.resource(
            title="No topic", last_reviewed=TODAY, disciplines=[advocacy], audiences=[staff]
        ),
        "bare": factories.episode(title="Bare episode", last_reviewed=TODAY),
        "both": factories.curriculum(
            title="Both audiences",
            last_reviewed=TODAY,
            disciplines=[medical, advocacy],
            audiences=[staff, caregivers],
            topics=[topic],
        ),
        "private": factories.members_only(
            factories.resource(title="Members only", last_reviewed=TODAY, **tagged)
        ),
        "terms": {
            "medical": medical,
            "advocacy": advocacy,
            "staff": staff,
            "caregivers": caregivers,
        },
    }


def titles(admin_client, url: str) -> list[str]:
    response = admin_client.get(url)
    assert response.status_code == HTTPStatus.OK
    return [page.title for page in response.context["pages"]]


def exported(admin_client, url: str) -> list[dict]:
    response = admin_client.get(url, {"export": "csv"})
    assert response.status_code == HTTPStatus.OK
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_due_for_review_lists_the_oldest_review_first(admin_client, entries):
    url = "/admin/reports/due-for-review/"
    # "Never reviewed" was published just now: its first review, not due for a year.
    assert titles(admin_client, url) == ["Stale"]
    CatalogEntryPage.objects.filter(pk=entries["never"].pk).update(
        first_published_at=timezone.now() - datetime.timedelta(days=800)
    )
    assert titles(admin_client, url) == ["Never reviewed", "Stale"]
    rows = exported(admin_client, url)
    assert [(row["Title"], row["Last reviewed"]) for row in rows] == [
        ("Never reviewed", ""),
        ("Stale", str(TODAY - datetime.timedelta(days=400))),
    ]


def test_missing_tags_lists_entries_without_a_discipline_audience_or_topic(admin_client, entries):
    url = "/admin/reports/missing-tags/"
    assert titles(admin_client, url) == ["Bare episode", "No topic"]
    rows = exported(admin_client, url)
    assert [(row["Title"], row["Missing"]) for row in rows] == [
        ("Bare episode", "discipline, audience, topic"),
        ("No topic", "topic"),
    ]
    page = admin_client.get(url).content.decode()
    assert re.search(r">No topic</a></td>\s*<td>[^<]+</td>\s*<td[^>]*>topic</td>", page)


@pytest.fixture
def caregiver_guides(entries):
    """Guides without a discipline: for caregivers only (live and draft), and for caregivers and
    staff; and one for caregivers only without a topic either."""
    terms = entries["terms"]
    topic = factories.topic("Safety planning")
    tags = {"topics": [topic]}
    return {
        "only": factories.resource(title="For caregivers", audiences=[terms["caregivers"]], **tags),
        "draft": factories.resource(
            title="Draft for caregivers", live=False, audiences=[terms["caregivers"]], **tags
        ),
        "mixed": factories.resource(
            title="For caregivers and staff",
            audiences=[terms["caregivers"], terms["staff"]],
            **tags,
        ),
        "no topic": factories.resource(
            title="Caregivers, no topic", audiences=[terms["caregivers"]]
        ),
    }


def test_an_entry_only_for_caregivers_needs_no_discipline(admin_client, caregiver_guides):
    assert caregiver_guides["only"].audiences.get().slug == "caregivers"
    rows = {row["Title"]: row["Missing"] for row in exported(admin_client, MISSING)}
    assert rows == {
        "Bare episode": "discipline, audience, topic",
        "Caregivers, no topic": "topic",
        "For caregivers and staff": "discipline",
        "No topic": "topic",
    }
    html = admin_client.get("/admin/").content.decode()
    assert "4 entries missing a discipline, audience or topic" in html


def test_which_audiences_need_no_discipline_is_a_setting(admin_client, caregiver_guides, settings):
    settings.CATALOG_TAGS_NOT_NEEDED = {}
    rows = {row["Title"]: row["Missing"] for row in exported(admin_client, MISSING)}
    assert rows["For caregivers"] == rows["Draft for caregivers"] == "discipline"
    assert rows["Caregivers, no topic"] == "discipline, topic"
    settings.CATALOG_TAGS_NOT_NEEDED = {"discipline": ["caregivers", "cac-staff"]}
    rows = {row["Title"]: row["Missing"] for row in exported(admin_client, MISSING)}
    assert "For caregivers and staff" not in rows


def test_a_live_entry_is_judged_by_its_published_audiences(admin_client, caregiver_guides):
    # Staff taken back to a draft term: visitors see the guide as for caregivers only.
    staff = caregiver_guides["mixed"].audiences.get(slug="cac-staff")
    type(staff).objects.filter(pk=staff.pk).update(live=False)
    rows = {row["Title"]: row["Missing"] for row in exported(admin_client, MISSING)}
    assert "For caregivers and staff" not in rows


def test_the_missing_tags_query_count_does_not_grow_with_rows(admin_client, entries):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(MISSING).status_code == HTTPStatus.OK
        return len(captured)

    queries()  # warm caches
    few = queries()
    for number in range(5):
        factories.resource(title=f"Untagged {number}", live=number % 2 == 0)
    assert queries() == few


def html_of(response) -> str:
    return response.content.decode()


def cells(html: str) -> dict[str, int]:
    """{search URL: count} for every cell of the matrix."""
    return {
        url.replace("&amp;", "&"): int(count)
        for url, count in re.findall(r'<td><a href="([^"]+)">(\d+)<span', html)
    }


def test_each_coverage_cell_equals_the_search_count_for_that_pair(admin_client, entries):
    response = admin_client.get("/admin/reports/coverage/")
    assert response.status_code == HTTPStatus.OK
    matrix = cells(response.content.decode())
    terms = entries["terms"]
    url = f"/search/?discipline={terms['medical'].slug}&audience={terms['staff'].slug}"
    assert matrix[url] == 5  # fresh, stale, never, both, and the members-only one (editors see it)
    assert '5<span class="w-sr-only"> entries for Medical and CAC staff</span>' in html_of(response)
    assert len(matrix) == 4
    for url, count in matrix.items():
        search = admin_client.get(url).context["search"]
        assert search.page.paginator.count == count, url


def test_the_coverage_matrix_exports_as_csv(admin_client, entries):
    response = admin_client.get("/admin/reports/coverage/", {"export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Discipline", "CAC staff", "Caregivers"]
    assert rows[1:] == [["Medical", "5", "1"], ["Victim advocacy", "2", "1"]]


def test_the_dashboard_counts_what_needs_doing(admin_client, entries):
    html = admin_client.get("/admin/").content.decode()
    assert "1 entry due for review" in html  # "Stale"; "Never reviewed" was published just now
    assert "2 entries missing a discipline, audience or topic" in html
    assert "0 pages awaiting review" in html
    assert "last reviewed, or first published, over 12 months ago" in html


def test_the_dashboard_says_one_entry_and_two_entries(admin_client, entries, settings):
    entries["no topic"].delete()
    settings.CATALOG_REVIEW_MONTHS = 1
    html = admin_client.get("/admin/").content.decode()
    assert "1 entry missing a discipline, audience or topic" in html
    assert "last reviewed, or first published, over a month ago" in html
    CatalogEntryPage.objects.filter(pk=entries["never"].pk).update(
        first_published_at=timezone.now() - datetime.timedelta(days=60)
    )
    html = admin_client.get("/admin/").content.decode()
    assert "2 entries due for review" in html


def test_reports_are_for_the_admin_only(client, member_client, entries):
    for url in ("/admin/reports/due-for-review/", "/admin/reports/coverage/"):
        assert client.get(url).status_code == HTTPStatus.FOUND  # to the admin sign-in
        assert member_client.get(url).status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
