"""How much of a long text fits in one entry of the search index, on every database.

PostgreSQL keeps an entry's body as one `tsvector`, whose lexemes and positions may take at most
1,048,575 bytes; beyond that, saving the entry fails ("string is too long for tsvector"), and
with it publishing the page. A long transcript with many distinct words (names, numbers, typos)
gets there within the upload limit. So a transcript goes into the index up to a byte budget
counted the way PostgreSQL stores it, per distinct word, with room to spare for the page's
other fields; the words after that are not searchable, and the editor is told (see
`catalog.transcript_warnings`). SQLite has no such limit, but the same cut applies there, so a
search finds the same episodes on both databases.
"""

import re
from dataclasses import dataclass

# What PostgreSQL's to_tsvector stores for one lexeme: its bytes, one byte of alignment, two for
# the count of positions and two for each position. Positions past 16,383 all read 16,383, so a
# body holds at most 16,383 positions plus one more per lexeme, whatever its length.
TSVECTOR_MAX_BYTES = 1_048_575
POSITIONS_BEFORE_THE_LAST = 16_383 * 2
# The transcript's share: with the positions, it leaves a third of the vector to the title's
# neighbours in the body (summary, show notes, guests, tags).
TRANSCRIPT_INDEX_BYTES = 600_000
ALPHANUMERIC_RUN = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class SearchablePart:
    """The words of a text that go into the search index, and how many of how many they are."""

    text: str
    words: int
    total_words: int

    @property
    def complete(self) -> bool:
        return self.words == self.total_words


def worst_case_bytes(word: str) -> int:
    """More than PostgreSQL can store for one distinct blank-separated word, whatever it holds.

    PostgreSQL's parser makes one lexeme of each run of letters or digits, and may add the whole
    compound or address ("follow-up", "example.com/a-b": the whole and its parts), so a byte can
    sit in two lexemes, and lower-casing can make a character a byte longer (Ⱥ to ⱥ): three bytes
    per byte of the word cover both. Each lexeme also costs up to seven bytes of alignment, count
    and positions (the first, and the one every lexeme may have past position 16,383): counted as
    ten, for the runs and the compound.
    """
    return 3 * len(word.encode()) + 10 * (len(ALPHANUMERIC_RUN.findall(word)) + 1)


def searchable_part(text: str, budget: int = TRANSCRIPT_INDEX_BYTES) -> SearchablePart:
    """The leading words of `text` whose distinct words fit in `budget` (see above).

    A word repeated costs nothing more than its positions, which are counted once for the whole
    vector: a long conversation in ordinary words is indexed whole.
    """
    words = text.split()
    seen: set[str] = set()
    spent = 0
    for count, word in enumerate(words):
        if word in seen:
            continue
        spent += worst_case_bytes(word)
        if spent > budget:
            return SearchablePart(" ".join(words[:count]), count, len(words))
        seen.add(word)
    return SearchablePart(" ".join(words), len(words), len(words))
