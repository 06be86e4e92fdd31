"""The pages the search benchmark loads, as rotating lists of URLs over the demo vocabulary."""

import itertools
import tomllib
from pathlib import Path

from django.utils.text import slugify

SCENARIOS = {
    "search": "query + 2 facets",
    "facets": "empty query + 2 facets",
    "browse": "browse page (1 topic)",
    "floor": "trivial view (floor)",
}
QUERIES = ["screening", "forensic interview", "housing", "male victims", "trauma", "trafficking",
           "caregiver", "protocol"]  # fmt: skip
VOCABULARY = Path(__file__).resolve().parent.parent / "catalog/demo/content/vocabulary.toml"


def slugs(kind: str) -> list[str]:
    with VOCABULARY.open("rb") as file:
        return [slugify(term["name"]) for term in tomllib.load(file)[kind]]


def scenario_urls(name: str, per_page: int = 20) -> list[str]:
    """About forty URLs of one scenario, so the load does not hit one cached query."""
    disciplines, audiences, topics = slugs("disciplines"), slugs("audiences"), slugs("topics")
    size = f"&per_page={per_page}"
    if name == "search":
        combos = zip(
            itertools.cycle(QUERIES), itertools.cycle(disciplines), itertools.cycle(audiences)
        )
        return [f"/search/?q={q.replace(' ', '+')}&discipline={d}&audience={a}{size}"
                for q, d, a in itertools.islice(combos, 40)]  # fmt: skip
    if name == "facets":
        combos = zip(itertools.cycle(disciplines), itertools.cycle(topics))
        return [f"/search/?discipline={d}&topic={t}{size}" for d, t in itertools.islice(combos, 40)]
    if name == "browse":
        return [f"/browse/topics/{topic}/?per_page={per_page}" for topic in topics]
    return ["/healthz/"]
