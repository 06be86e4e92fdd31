"""Short text cut at a sentence's end, never mid-sentence: blurbs and link-preview descriptions."""

import html
import re

from django.utils.html import strip_tags
from django.utils.text import Truncator

# A sentence ends at . ! or ? (with any closing quote or bracket) before a space.
SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s)")


def plain_text(value: object) -> str:
    """Rich text or plain text as one line of plain text."""
    return " ".join(html.unescape(strip_tags(str(value or ""))).split())


def whole_sentences(value: object, limit: int) -> str:
    """As many whole sentences of `value` as fit in `limit` characters; the first sentence
    alone if even it is longer (cut at a word, with an ellipsis: there is nothing shorter)."""
    text = plain_text(value)
    if len(text) <= limit:
        return text
    kept = ""
    for match in SENTENCE_END.finditer(text):
        candidate = text[: match.end()]
        if len(candidate) > limit:
            break
        kept = candidate
    return kept or Truncator(text).chars(limit)
