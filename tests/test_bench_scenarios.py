"""The search benchmark measures what issue 13 asks: a real member, a broad query, the writes."""

import random
import re

from django.test import Client
from wagtail.signals import page_published

from bench.publish import RECEIVER, statements_to_publish
from bench.scenarios import BROAD_QUERY, MEMBER_USERNAME, member_session, scenario_urls
from bench.search import print_table
from bench.text import entry_text
from catalog.models import ResourcePage
from tests import factories


def test_the_member_session_signs_in_a_member_who_sees_members_only_entries(search_catalog):
    worksheet = f'href="{search_catalog["members"].url}"'
    client = Client()
    client.cookies.load(member_session())
    response = client.get("/search/", {"q": "worksheet"})
    assert response.wsgi_request.user.username == MEMBER_USERNAME
    assert not response.wsgi_request.user.groups.exists()
    assert worksheet in response.content.decode()
    assert worksheet not in Client().get("/search/", {"q": "worksheet"}).content.decode()


def test_a_second_member_session_reuses_the_member(django_user_model):
    """The bench makes a session per run on a kept database: one member, however many runs."""
    first, second = member_session(), member_session()
    assert first != second
    assert django_user_model.objects.filter(username=MEMBER_USERNAME).count() == 1


def test_the_member_loads_the_anonymous_searches_and_the_broad_query_is_one_word():
    assert scenario_urls("member") == scenario_urls("search")
    assert scenario_urls("broad", per_page=10) == [f"/search/?q={BROAD_QUERY}&per_page=10"]


def test_the_broad_word_is_in_about_half_of_the_generated_entries():
    """bench/text.py's sentences, as bench/generate.py draws them (the bench also prints the
    share the index finds, so a change to either is seen)."""
    rng = random.Random(1)  # noqa: S311 - test data
    texts = [entry_text(rng, ["Topic"], ResourcePage) for _ in range(2_000)]
    word = re.compile(rf"\b{BROAD_QUERY}\b", re.IGNORECASE)
    share = sum(bool(word.search(" ".join(text.values()))) for text in texts) / len(texts)
    assert 0.4 < share < 0.6


def test_publishing_counts_the_index_statements_and_leaves_the_receiver_connected(home):
    entry = factories.resource(title="Published once")
    revisions = entry.revisions.count()
    with_index = statements_to_publish(ResourcePage, with_index=True)
    without = statements_to_publish(ResourcePage, with_index=False)
    assert with_index > without
    assert any(uid == RECEIVER for (uid, _sender), *_ in page_published.receivers)
    assert entry.revisions.count() == revisions  # each measured publish was rolled back


def row(page: str, clients: int, p50: float, cache: str = "computed") -> dict:
    return {"page": page, "cache": cache, "clients": clients, "p50_ms": p50, "p95_ms": p50 * 2,
            "throughput": 10.0, "errors": 0, "queries": [3, 3]}  # fmt: skip


def test_the_table_has_both_concurrencies_the_member_the_broad_query_and_the_writes(capsys):
    result = {
        "entries": 100_000,
        "rows": [row("search", 1, 40), row("member", 1, 44), row("broad", 1, 90),
                 row("floor", 1, 2), row("search", 8, 120), row("member", 8, 126),
                 row("floor", 8, 10), row("search", 8, 5, cache="cached")],
        "broad": {"query": "foster", "matches": 49_000, "entries": 100_000},
        "rebuild_seconds": 41.0, "index_seconds": 300.0,
        "publish_statements": {"resource": {"index": 4}, "episode": {"index": 5}},
    }  # fmt: skip
    print_table([result])
    printed = capsys.readouterr().out
    table = {}
    for line in printed.splitlines():
        if line.startswith("| 100,000"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            table[cells[1], cells[2], cells[3]] = cells[4:]  # page, cache, clients → the rest
    assert table["query + 2 facets", "computed", "1"] == [
        "40.0",
        "80.0",
        "10",
        "0",
        "3 / 3",
        "20.0×",
    ]
    # Each row's p50 beside the floor's at the same concurrency.
    assert table["query + 2 facets", "computed", "8"][-1] == "12.0×"
    assert table["query + 2 facets, member", "computed", "8"][-1] == "12.6×"
    assert table["broad query (~half)", "computed", "1"][-1] == "45.0×"
    assert table["query + 2 facets", "cached", "8"][-1] == "0.5×"
    assert "1 client: member search p50 44.0 ms, anonymous 40.0 ms (1.10×)" in printed
    assert "8 clients: member search p50 126.0 ms, anonymous 120.0 ms (1.05×)" in printed
    assert "broad query “foster” finds 49,000 of 100,000 (49%)" in printed
    assert "rebuild_catalog_index 41.0 s" in printed
    assert "publish one page: 5 SQL statements for the index (resource 4, episode 5)" in printed
