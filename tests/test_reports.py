"""Editors' reports: due for review, missing tags, coverage matrix, and the dashboard panel."""

import csv
import datetime
import io
import re
from http import HTTPStatus

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


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


def test_due_for_review_lists_never_reviewed_then_the_oldest(admin_client, entries):
    url = "/admin/reports/due-for-review/"
    assert titles(admin_client, url) == ["Never reviewed", "Stale"]
    rows = exported(admin_client, url)
    assert [(row["Title"], row["Last reviewed"]) for row in rows] == [
        ("Never reviewed", ""),
        ("Stale", str(TODAY - datetime.timedelta(days=400))),
    ]


def test_the_review_period_is_a_setting(admin_client, entries, settings):
    settings.CATALOG_REVIEW_MONTHS = 24
    assert titles(admin_client, "/admin/reports/due-for-review/") == ["Never reviewed"]


def test_missing_tags_lists_entries_without_a_discipline_audience_or_topic(admin_client, entries):
    url = "/admin/reports/missing-tags/"
    assert titles(admin_client, url) == ["Bare episode", "No topic"]
    rows = exported(admin_client, url)
    assert [(row["Title"], row["Missing"]) for row in rows] == [
        ("Bare episode", "discipline, audience, topic"),
        ("No topic", "topic"),
    ]


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
    assert "2 due for review" in html
    assert "2 missing a discipline, audience or topic" in html
    assert "0 awaiting review" in html


def test_reports_are_for_the_admin_only(client, member_client, entries):
    for url in ("/admin/reports/due-for-review/", "/admin/reports/coverage/"):
        assert client.get(url).status_code == HTTPStatus.FOUND  # to the admin sign-in
        assert member_client.get(url).status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
