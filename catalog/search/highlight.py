"""Marking the searched-for words in result titles and summaries."""

import re
from collections.abc import Callable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def word_stem(word: str) -> str:
    """A crude stem, so "screening" also marks "screen" and "screened" (as search matched them)."""
    return word if len(word) <= 4 else word[: max(4, len(word) - 3)]


def stem_pattern(words: list[str]) -> re.Pattern | None:
    """Words starting with a searched stem, longest stems first; None if nothing to look for."""
    stems = sorted({word_stem(word.casefold()) for word in words if len(word) > 1}, key=len)
    if not stems:
        return None
    return re.compile(
        r"\b(?:" + "|".join(re.escape(stem) for stem in reversed(stems)) + r")\w*",
        re.IGNORECASE,
    )


def highlighter(words: list[str]) -> Callable[[str], SafeString] | None:
    """A function that escapes text and wraps words starting with a searched stem in <mark>."""
    pattern = stem_pattern(words)
    if pattern is None:
        return None

    def highlight(text: str) -> SafeString:
        pieces: list[str] = []
        position = 0
        for match in pattern.finditer(text):
            pieces.append(escape(text[position : match.start()]))
            pieces.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
        pieces.append(escape(text[position:]))
        # Safe: every piece of the stored text was escaped above; only <mark> is added.
        return mark_safe("".join(pieces))  # noqa: S308

    return highlight
