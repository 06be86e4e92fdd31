"""The pages the search benchmark loads, as rotating lists of URLs over the demo vocabulary."""

import itertools
import tomllib
from pathlib import Path

from django.utils.text import slugify

SCENARIOS = {
    "search": "query + 2 facets",
    "member": "query + 2 facets, member",
    "facets": "empty query + 2 facets",
    "browse": "browse page (1 topic)",
    "broad": "broad query (~half)",
    "floor": "trivial view (floor)",
}
# Who asks: a signed-in member gets every page computed (never the anonymous cache).
SIGNED_IN = {"member"}
QUERIES = ["screening", "forensic interview", "housing", "male victims", "trauma", "trafficking",
           "caregiver", "protocol"]  # fmt: skip
# A word bench/text.py puts in about half of the generated entries ("foster care placement",
# "foster homes", "Foster parents"); the benchmark measures the share it finds and prints it.
BROAD_QUERY = "foster"
MEMBER_USERNAME = "bench-member"
VOCABULARY = Path(__file__).resolve().parent.parent / "catalog/demo/content/vocabulary.toml"


def slugs(kind: str) -> list[str]:
    with VOCABULARY.open("rb") as file:
        return [slugify(term["name"]) for term in tomllib.load(file)[kind]]


def scenario_urls(name: str, per_page: int = 20) -> list[str]:
    """About forty URLs of one scenario, so the load does not hit one cached query."""
    disciplines, audiences, topics = slugs("disciplines"), slugs("audiences"), slugs("topics")
    size = f"&per_page={per_page}"
    if name in ("search", "member"):
        combos = zip(
            itertools.cycle(QUERIES), itertools.cycle(disciplines), itertools.cycle(audiences)
        )
        return [f"/search/?q={q.replace(' ', '+')}&discipline={d}&audience={a}{size}"
                for q, d, a in itertools.islice(combos, 40)]  # fmt: skip
    if name == "facets":
        pairs = zip(itertools.cycle(disciplines), itertools.cycle(topics))
        return [f"/search/?discipline={d}&topic={t}{size}" for d, t in itertools.islice(pairs, 40)]
    if name == "browse":
        return [f"/browse/topics/{topic}/?per_page={per_page}" for topic in topics]
    if name == "broad":
        return [f"/search/?q={BROAD_QUERY}{size}"]
    return ["/healthz/"]


def member_session() -> str:
    """A signed-in session of a member in no group (made if missing), as `name=key` for a
    Cookie header. Needs Django set up, on the benchmark's database."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.utils.module_loading import import_string

    users = get_user_model().objects
    member = users.filter(username=MEMBER_USERNAME).first() or users.create_user(MEMBER_USERNAME)
    member.groups.clear()
    session = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    session[SESSION_KEY] = str(member.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # the one that signs in
    session[HASH_SESSION_KEY] = member.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
