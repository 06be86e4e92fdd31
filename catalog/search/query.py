"""What a visitor asked for: the words, the order and the page size, cleaned and explained.

Nothing here raises on bad input. A query string from a shared link, a bot or a typo gives a page
of results and, where something was changed or ignored, a notice saying what and why.
"""

import re
import unicodedata

from django import forms
from django.conf import settings

from catalog.index.backend import Words

MAX_QUERY_LENGTH = 200
MAX_ITEMS = 32  # words and phrases in one search
PAGE_SIZES = (10, 20, 50, 100)  # offered beside the default, settings.CATALOG_PAGE_SIZE
SORTS = {"relevance": "Best match", "newest": "Newest first", "title": "Title A–Z"}
WORD = re.compile(r"\w+")


def default_page_size() -> int:
    """How many results a page shows unless the visitor chooses: every list's page size."""
    return settings.CATALOG_PAGE_SIZE


def page_sizes() -> list[int]:
    """The sizes a visitor may choose, the default among them."""
    return sorted({*PAGE_SIZES, default_page_size()})


# A quoted phrase (the closing quote may be missing), or a run without spaces.
ITEM = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def search_words(text: str) -> list[str]:
    """The words of a query: letters and digits in any script; punctuation and symbols are
    separators, so no character can reach the search engine as syntax."""
    return WORD.findall(unicodedata.normalize("NFKC", text))


def parse_words(text: str) -> Words:
    """What to find, in web-search syntax: `"a phrase"`, `-word` (or `-"a phrase"`) to exclude.

    Words joined by punctuation ("survivor-led", "e.g.") are a phrase. A bare "or" is left out:
    it is a stop word, and PostgreSQL's web-search parser would read it as an operator.
    """
    wanted: list[tuple[str, ...]] = []
    excluded: list[tuple[str, ...]] = []
    for match in ITEM.finditer(unicodedata.normalize("NFKC", text)):
        minus, quoted, bare = match.groups()
        if quoted is not None:
            words, negated = tuple(WORD.findall(quoted)), bool(minus)
        else:
            negated = bare.startswith("-") and len(bare) > 1
            words = tuple(WORD.findall(bare))
            if len(words) == 1 and words[0].casefold() == "or":
                continue
        if words:
            (excluded if negated else wanted).append(words)
    return Words(tuple(wanted[:MAX_ITEMS]), tuple(excluded[: MAX_ITEMS - len(wanted[:MAX_ITEMS])]))


def shortened(words: Words, length: int) -> Words:
    """`words` without its last items until its text fits in `length` characters."""
    while len(words.text) > length and (words.wanted or words.excluded):
        if words.excluded:
            words = Words(words.wanted, words.excluded[:-1])
        else:
            words = Words(words.wanted[:-1], words.excluded)
    return words


class SearchForm(forms.Form):
    """The search box, the sort order and the page size. Read `query`, `sort`, `per_page`."""

    # Plain fields: no field-level validation (a NUL byte fails CharField's), so every value
    # reaches the clean_* methods below, which correct it rather than fail.
    q = forms.Field(required=False, label="Search for")
    sort = forms.Field(required=False, label="Sort by")
    per_page = forms.Field(required=False, label="Results per page")
    exact = forms.Field(required=False, label="Search for exactly these words")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.notices: list[str] = []
        self.words = Words()

    def clean_q(self) -> str:
        raw = self.data.get("q", "")
        words = parse_words(raw)
        if len(words.text) > MAX_QUERY_LENGTH:
            words = shortened(words, MAX_QUERY_LENGTH)
            self.notices.append(
                f"Your search was shortened to its first {MAX_QUERY_LENGTH} characters."
            )
        elif raw.strip() and not words:
            self.notices.append(
                "Search words need letters or numbers, so everything is listed instead."
            )
        self.words = words
        return words.text

    def clean_exact(self) -> bool:
        return self.data.get("exact", "") == "1"

    def clean_sort(self) -> str:
        value = self.data.get("sort", "")
        default = "relevance" if self.cleaned_data.get("q") else "newest"
        if value in SORTS and not (value == "relevance" and default == "newest"):
            return value
        if value and value != "relevance":
            self.notices.append(f"Results are sorted by “{SORTS[default]}”: no such order.")
        return default

    def clean_per_page(self) -> int:
        value = self.data.get("per_page", "")
        if value.isascii() and value.isdigit() and int(value) in page_sizes():
            return int(value)
        if value:
            sizes = ", ".join(str(size) for size in page_sizes())
            self.notices.append(f"Pages show {default_page_size()} results: choose {sizes}.")
        return default_page_size()

    @property
    def query(self) -> str:
        return self.cleaned_data["q"]

    @property
    def is_exact(self) -> bool:
        """Whether to search for exactly what was typed, without suggesting another spelling."""
        return self.cleaned_data["exact"]

    @property
    def highlight_words(self) -> list[str]:
        """The wanted words (not the excluded ones), for marking in results."""
        return [word for item in self.words.wanted for word in item]

    @property
    def sort_order(self) -> str:
        return self.cleaned_data["sort"]

    @property
    def page_size(self) -> int:
        return self.cleaned_data["per_page"]

    @property
    def typed_query(self) -> str:
        """What the visitor typed, for the search box (capped: it is echoed into the page)."""
        return self.data.get("q", "")[: MAX_QUERY_LENGTH * 2]
