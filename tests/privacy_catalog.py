"""A catalog of public, members-only (signed-in), group-only and draft entries of every type, all
sharing their terms, and how to read which of them a response shows (tests/test_privacy_surfaces).

The member of the tests is in no group: group-only entries are hidden from them as from anyone.
"""

import datetime
import html
import json
import re
from collections import Counter
from collections.abc import Set
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.http import HttpResponse
from django.utils.html import strip_tags
from django.utils.text import slugify
from wagtail.documents.models import AbstractDocument
from wagtail.models import BaseViewRestriction, Page, PageViewRestriction

from catalog.demo.files import silent_mp3
from catalog.models import (
    ChapterIndexPage,
    ChapterPage,
    CurriculumOffering,
    PodcastPage,
    TaxonomyTerm,
    ToolkitPage,
)
from tests import factories

Key = tuple[str, str]  # (access, kind), e.g. ("members", "episode")
KINDS = ("resource", "curriculum", "episode")
# One distinctive word per entry, in its title, slug and file names: a leak is easy to spot.
WORDS: dict[Key, str] = {
    ("public", "resource"): "aurora",
    ("public", "curriculum"): "bramble",
    ("public", "episode"): "cobalt",
    ("members", "resource"): "marmalade",
    ("members", "curriculum"): "mistletoe",
    ("members", "episode"): "mongoose",
    ("group", "resource"): "gazebo",
    ("group", "curriculum"): "gondola",
    ("group", "episode"): "gargoyle",
    ("draft", "resource"): "quillwort",
    ("draft", "curriculum"): "quagmire",
    ("draft", "episode"): "quokka",
}
ACCESS = ("public", "members", "group", "draft")
PUBLIC, MEMBERS, GROUP, DRAFTS = (
    frozenset(key for key in WORDS if key[0] == access) for access in ACCESS
)
HIDDEN = MEMBERS | GROUP | DRAFTS
# Drafts are the newest, so any list that forgot them would show them first; each access level
# has its own year, language and resource type, so a leak also shows up in those facets' counts.
YEARS = {"public": 2020, "members": 2022, "group": 2023, "draft": 2024}
LANGUAGES = {"public": "en", "members": "es", "group": "fr", "draft": "ko"}
RESOURCE_TYPES = {"public": "guide", "members": "template", "group": "report", "draft": "protocol"}
SHARED_WORD = "casework"  # in every summary
TRANSCRIPT_WORD = "lighthouse"  # in every transcript, and nowhere else


def of(*kinds: str) -> frozenset[Key]:
    """The entries of these kinds, at every access level."""
    return frozenset(key for key in WORDS if key[1] in kinds)


@dataclass
class Catalog:
    terms: dict[str, TaxonomyTerm]  # facet name (discipline, audience, topic) → the shared term
    kit: ToolkitPage
    index: ChapterIndexPage
    chapter: ChapterPage
    show: PodcastPage
    entries: dict[Key, Page] = field(default_factory=dict)
    files: dict[Key, AbstractDocument] = field(default_factory=dict)  # file, handout or audio
    offerings: dict[Key, CurriculumOffering] = field(default_factory=dict)  # of the curricula
    stray_files: dict[str, AbstractDocument] = field(default_factory=dict)  # see STRAY_FILES


# Files that no live page uses (catalog.file_access): served to nobody but staff who may edit
# the page or change the file; before deny-by-default, each of them was public.
STRAY_FILES = (
    "replaced",  # a members-only resource's earlier file, replaced by a moderator and published
    "deleted",  # the file of a members-only resource that was deleted
    "draft only",  # attached to the public resource only in a draft not yet published
    "unattached",  # uploaded, used by no page yet
)


def group_only(page: Page) -> Page:
    """Put `page` behind a view restriction to one group (which the tests' member is not in)."""
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=BaseViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get_or_create(name="Chapter staff")[0])
    return page


def _add_entry(catalog: Catalog, access: str, kind: str) -> None:
    key, live = (access, kind), access != "draft"
    title = f"{access.capitalize()} {kind} {WORDS[key]}"
    slug = slugify(title)
    fields = {
        "title": title,
        "slug": slug,
        "summary": f"Notes on {SHARED_WORD}.",
        "publication_date": datetime.date(YEARS[access], 6, 1),
        "language": LANGUAGES[access],
        **{f"{name}s": [term] for name, term in catalog.terms.items()},
    }
    if kind == "resource":
        file = factories.document(f"{title} file", f"{slug}.pdf")
        fields |= {"resource_type": RESOURCE_TYPES[access], "document": file}
        page = factories.resource(catalog.kit, live, **fields)
    elif kind == "curriculum":
        file = factories.document(f"{title} handout", f"{slug}.pdf")
        fields["materials"] = [{"type": "document", "value": file.pk}]
        if access == "public":  # it also names the hidden resources and curricula
            resources = [catalog.entries[other].pk for other in sorted(HIDDEN & of("resource"))]
            fields["materials"] += [{"type": "resource", "value": pk} for pk in resources]
            curricula = [catalog.entries[other] for other in sorted(HIDDEN & of("curriculum"))]
            fields["prerequisites"] = curricula
        page = factories.curriculum(catalog.chapter, live, **fields)
        catalog.offerings[key] = factories.offering(
            page, venue=f"{title} venue", registration_url=f"https://example.org/{slug}/"
        )
    else:
        file = factories.document(f"{title} audio", f"{slug}.mp3", silent_mp3(3))
        fields["transcript"] = (
            f"WEBVTT\n\n00:00.000 --> 00:02.000\n<v Host>{title}: {TRANSCRIPT_WORD}.\n"
        )
        page = factories.episode(catalog.show, live, audio_file=file, **fields)
    if access == "members":
        factories.members_only(page)
    elif access == "group":
        group_only(page)
    catalog.entries[key], catalog.files[key] = page, file


def build_catalog() -> Catalog:
    """Hidden entries first: the public curriculum names them as materials and prerequisites."""
    catalog = Catalog(
        terms={
            "discipline": factories.discipline("Forensic interviewing"),
            "audience": factories.audience("CAC staff"),
            "topic": factories.topic("Identification and screening"),
        },
        kit=factories.toolkit(title="Toolkit", slug="toolkit"),
        index=factories.chapter_index(),
        chapter=factories.chapter(title="CACs of Pennsylvania", slug="pennsylvania"),
        show=factories.podcast(title="One in Ten", slug="one-in-ten"),
    )
    for access in reversed(ACCESS):
        for kind in KINDS:
            _add_entry(catalog, access, kind)
    _add_stray_files(catalog)
    return catalog


def _add_stray_files(catalog: Catalog) -> None:
    """The files of STRAY_FILES, each around entries already built (so no listing changes)."""
    stray = {name: factories.document(f"Stray {name} file", "stray.pdf") for name in STRAY_FILES}
    key = ("members", "resource")
    page = catalog.entries[key]
    for file in (stray["replaced"], catalog.files[key]):  # the earlier file was live, once
        page.document = file
        page.save_revision().publish()

    withdrawn = factories.resource(catalog.kit, document=stray["deleted"], title="Withdrawn")
    factories.members_only(withdrawn).delete()

    key = ("public", "resource")
    draft = catalog.entries[key]
    draft.document = stray["draft only"]
    draft.save_revision()
    catalog.entries[key] = Page.objects.get(pk=draft.pk).specific
    catalog.stray_files = stray


# --- Reading responses --------------------------------------------------------------------------

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
FACET_OPTION = re.compile(
    r'name="(\w+)" value="([^"]*)"[^>]*>\s*<label[^>]*>[^<]*<span class="facet__count">(\d+)<'
)
RESULTS_HEADING = re.compile(r'id="results-heading"[^>]*>([^<]*)<')


def body(response: HttpResponse) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def text_of(response: HttpResponse) -> str:
    """What a response says, in a form where entry titles and slugs can be looked for."""
    text = body(response)
    content_type = response["Content-Type"]
    if content_type.startswith("text/html"):  # tags removed too: search marks split titles
        return text + html.unescape(strip_tags(text))
    if content_type.startswith("text/calendar"):  # long lines are folded (RFC 5545, 3.1)
        return text.replace("\r\n ", "")
    return text


def structured_data(response: HttpResponse) -> str:
    """The page's JSON-LD blocks, parsed (so each is valid JSON) and written out again."""
    blocks = LD_JSON.findall(body(response))
    assert blocks, "the page has no JSON-LD"
    return json.dumps([json.loads(block) for block in blocks])


def entries_shown(catalog: Catalog, text: str) -> set[Key]:
    """The entries whose title or slug (in links and file names) the text contains."""
    return {key for key, page in catalog.entries.items() if page.title in text or page.slug in text}


def counts_shown(page_html: str) -> Counter:
    """{(facet, value): count} for every non-zero facet count, and ("results", "") for the total."""
    counts = Counter(
        {(facet, value): int(n) for facet, value, n in FACET_OPTION.findall(page_html) if n != "0"}
    )
    heading = RESULTS_HEADING.search(page_html).group(1)
    total = re.search(r"of (\d+)", heading)
    if total:
        counts["results", ""] = int(total.group(1))
    return counts


def counts_expected(catalog: Catalog, keys: Set[Key]) -> Counter:
    """The facet counts the search page should show a visitor who may see `keys`."""
    counts = Counter()
    for access, kind in keys:
        counts["results", ""] += 1
        counts["type", kind] += 1
        counts["year", str(YEARS[access])] += 1
        counts["language", LANGUAGES[access]] += 1
        counts.update((name, term.slug) for name, term in catalog.terms.items())
        if kind == "resource":
            counts["format", RESOURCE_TYPES[access]] += 1
        if kind == "curriculum":
            counts["chapter", catalog.chapter.slug] += 1
    return counts
