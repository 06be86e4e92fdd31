"""The CSV export: the current results, in the page's order, ready for a spreadsheet."""

import csv
import io

import pytest
from wagtail.models import Site

from tests import factories

pytestmark = pytest.mark.django_db


def exported(client, params) -> list[dict]:
    response = client.get("/search/export.csv", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    # Members' files stream; anonymous visitors' are written whole, to be cached.
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8")
    assert text.startswith("\ufeff")  # so Excel reads UTF-8
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_the_export_holds_the_filtered_results_with_their_tags(client, search_catalog):
    rows = exported(client, {"q": "housing", "audience": "caregivers", "sort": "newest"})
    assert [row["Title"] for row in rows] == ["Housing checklist", "Boys don't tell"]
    checklist = rows[0]
    site_address = Site.objects.get(is_default_site=True).root_url  # not the request's Host
    assert checklist == {
        "Title": "Housing checklist",
        "Type": "Checklist",
        "URL": f"{site_address}{search_catalog['entries']['housing checklist'].url}",
        "Disciplines": "Medical; Victim advocacy",
        "Audiences": "Caregivers",
        "Topics": "Housing and shelter",
        "Published": "2024-01-15",
        "Access": "Public",
    }
    assert rows[1]["Type"] == "Podcast episode"


def test_the_search_page_links_to_the_export_of_what_it_shows(client, search_catalog):
    html = client.get("/search/", {"q": "housing", "discipline": "medical"}).content.decode()
    assert 'href="/search/export.csv?q=housing&amp;discipline=medical"' in html


def test_members_only_entries_are_exported_to_members_only(client, member_client, search_catalog):
    assert "Members screening worksheet" not in {row["Title"] for row in exported(client, {})}
    rows = {row["Title"]: row for row in exported(member_client, {})}
    assert rows["Members screening worksheet"]["Access"] == "Members only"
    assert "Draft screening notes" not in rows


def test_cells_that_look_like_formulas_stay_text(client, home):
    factories.resource(title='=HYPERLINK("http://x")', summary="Formula title.")
    factories.resource(title="+1 tips", summary="Plus title.")
    titles = {row["Title"] for row in exported(client, {})}
    assert titles == {'\'=HYPERLINK("http://x")', "'+1 tips"}
