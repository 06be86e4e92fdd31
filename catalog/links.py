"""Checking the catalog's external links: which answer, which are broken.

Each URL of a live entry gets a HEAD request (GET when the server refuses HEAD), follows
redirects, and counts as broken on a 4xx/5xx answer, a timeout or a connection error. Only
public addresses are asked, on every redirect too (catalog.public_requests): a link to this
machine or a private network is recorded as refused, never fetched. Requests run a few at a
time, each with a timeout, so a slow host cannot hold up the run.
"""

import http.client
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from catalog.models import (
    CatalogEntryPage,
    EpisodeGuest,
    LinkCheck,
    PodcastEpisodePage,
    ResourcePage,
)
from catalog.public_requests import LinkProblem, status_of


@dataclass(frozen=True)
class Outcome:
    ok: bool
    status_code: int | None
    error: str


def external_links() -> list[tuple[int, str]]:
    """(entry id, URL) for every external link of live resources and episodes.

    A live page's row holds its published content, so a link only in a draft is not asked.
    """
    resources = ResourcePage.objects.live().exclude(external_url="")
    episodes = PodcastEpisodePage.objects.live().exclude(audio_url="")
    guests = EpisodeGuest.objects.filter(episode__live=True).exclude(link="")
    links = set(resources.values_list("pk", "external_url"))
    links |= set(episodes.values_list("pk", "audio_url"))
    links |= set(guests.values_list("episode_id", "link"))
    return sorted(links)


def check(url: str, timeout: float) -> Outcome:
    """Ask for `url` once (HEAD, or GET if HEAD is refused)."""
    for method in ("HEAD", "GET"):
        try:
            status = status_of(url, method, timeout)
        except LinkProblem as problem:
            return Outcome(False, None, str(problem))
        except TimeoutError:
            return Outcome(False, None, "timed out")
        except (http.client.HTTPException, OSError, ValueError) as error:
            return Outcome(False, None, (str(error).strip() or type(error).__name__)[:300])
        if method == "HEAD" and status in (405, 501):
            continue  # the server does not do HEAD: ask with GET
        return Outcome(200 <= status < 300, status, "")
    return Outcome(False, None, "no answer")


# progress(done, total, broken so far): once before the first request (0 done), then per link.
Progress = Callable[[int, int, int], None]


def check_links(
    concurrency: int = 8, timeout: float = 10, progress: Progress | None = None
) -> list[LinkCheck]:
    """Check every external link and store each outcome; the stored checks of this run.

    The outcomes are stored together at the end: a run that stops half-way changes nothing.
    """
    links = external_links()

    def outcomes() -> Iterator[tuple[tuple[int, str], Outcome]]:
        broken = 0
        if progress:
            progress(0, len(links), broken)
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            results = pool.map(lambda link: (link, check(link[1], timeout)), links)
            for done, result in enumerate(results, start=1):
                broken += not result[1].ok
                if progress:
                    progress(done, len(links), broken)
                yield result

    checked_at = timezone.now()
    checks = [
        LinkCheck(page_id=page_id, url=url, checked_at=checked_at, **vars(outcome))
        for (page_id, url), outcome in outcomes()
    ]
    current = set(links)
    gone = [
        check.pk
        for check in LinkCheck.objects.only("pk", "page_id", "url")
        if (check.page_id, check.url) not in current
    ]
    with transaction.atomic():
        existing = set(CatalogEntryPage.objects.filter(pk__in={c.page_id for c in checks})
                       .values_list("pk", flat=True))  # fmt: skip
        checks = [check for check in checks if check.page_id in existing]  # deleted meanwhile
        LinkCheck.objects.filter(pk__in=gone).delete()  # links no longer in the catalog
        LinkCheck.objects.bulk_create(
            checks,
            update_conflicts=True,
            unique_fields=["page", "url"],
            update_fields=["ok", "status_code", "error", "checked_at"],
        )
    return checks
