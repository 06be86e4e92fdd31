"""What a visitor asked for: the words, the order and the page size, cleaned and explained.

Nothing here raises on bad input. A query string from a shared link, a bot or a typo gives a page
of results and, where something was changed or ignored, a notice saying what and why.
"""

import re
import unicodedata

from django import forms

MAX_QUERY_LENGTH = 200
PAGE_SIZES = (10, 20, 50, 100)
DEFAULT_PAGE_SIZE = 20
SORTS = {"relevance": "Best match", "newest": "Newest first", "title": "Title A–Z"}
WORD = re.compile(r"\w+")


def search_words(text: str) -> list[str]:
    """The words of a query: letters and digits in any script; punctuation and symbols are
    separators, so no character can reach the search engine as syntax."""
    return WORD.findall(unicodedata.normalize("NFKC", text))


class SearchForm(forms.Form):
    """The search box, the sort order and the page size. Read `query`, `sort`, `per_page`."""

    # Plain fields: no field-level validation (a NUL byte fails CharField's), so every value
    # reaches the clean_* methods below, which correct it rather than fail.
    q = forms.Field(required=False, label="Search for")
    sort = forms.Field(required=False, label="Sort by")
    per_page = forms.Field(required=False, label="Results per page")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.notices: list[str] = []

    def clean_q(self) -> str:
        raw = self.data.get("q", "")
        words = search_words(raw)
        query = " ".join(words)
        if len(query) > MAX_QUERY_LENGTH:
            query = query[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0]
            self.notices.append(
                f"Your search was shortened to its first {MAX_QUERY_LENGTH} characters."
            )
        elif raw.strip() and not words:
            self.notices.append(
                "Search words need letters or numbers, so everything is listed instead."
            )
        return query

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
        if value.isdigit() and int(value) in PAGE_SIZES:
            return int(value)
        if value:
            sizes = ", ".join(str(size) for size in PAGE_SIZES)
            self.notices.append(f"Pages show {DEFAULT_PAGE_SIZE} results: choose {sizes}.")
        return DEFAULT_PAGE_SIZE

    @property
    def query(self) -> str:
        return self.cleaned_data["q"]

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
