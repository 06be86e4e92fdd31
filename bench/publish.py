"""SQL statements the catalog index adds to publishing one entry (JSON on stdout).

Run by bench/search.py with the benchmark database's environment. For one live entry of each
kind, a new revision is published twice, each in a transaction rolled back afterwards: once as
deployed, once with the index's `page_published` receiver disconnected. The difference in
statements is the index's share; everything else a publish does (Wagtail's own tables, the
admin's search index, the page cache's version) is the same both times.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalog.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.signals import page_published  # noqa: E402

from catalog.index.sync import entry_published  # noqa: E402
from catalog.models import CurriculumPage, PodcastEpisodePage, ResourcePage  # noqa: E402

RECEIVER = "catalog-index-published"  # the dispatch_uid catalog.index.sync connects it with
KINDS = {"resource": ResourcePage, "curriculum": CurriculumPage, "episode": PodcastEpisodePage}
RUNS = 3  # the fewest statements of a few runs: the first may fill per-process caches


def statements_to_publish(model, with_index: bool) -> int:
    """Statements that publishing a new revision of the model's first live entry runs."""
    if not with_index:
        page_published.disconnect(dispatch_uid=RECEIVER)
    try:
        with transaction.atomic():
            page = model.objects.live().order_by("pk").first()
            if page is None:
                raise SystemExit(f"no live {model.__name__} to publish")
            revision = page.save_revision()
            with CaptureQueriesContext(connection) as captured:
                revision.publish()
            transaction.set_rollback(True)
    finally:
        if not with_index:
            page_published.connect(entry_published, dispatch_uid=RECEIVER)
    return len(captured)


def index_statements() -> dict:
    counts = {}
    for kind, model in KINDS.items():
        with_index = min(statements_to_publish(model, True) for _ in range(RUNS))
        without = min(statements_to_publish(model, False) for _ in range(RUNS))
        counts[kind] = {"with_index": with_index, "without_index": without,
                        "index": with_index - without}  # fmt: skip
    return counts


if __name__ == "__main__":
    print(json.dumps(index_statements()))
