"""Reading a transcript takes time in proportion to its length, whatever the file holds.

An editor's upload is read in the request that saves the episode: a pattern that backtracks or a
scan that restarts at every character lets one 300 KB file hold a worker for minutes (repeated
"{\\" took 30 s). Hypothesis builds files from the characters the patterns care about, repeated
to 300 KB, and each must be read (or refused), written back as WebVTT and searched for moments
within the time budget, on a loaded two-core CI machine too.
"""

import time
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.search.moments import attach_moments
from catalog.transcripts import TranscriptError, parse_transcript, to_webvtt, turns

SIZE = 300_000  # characters, like the file that hung a worker
BUDGET_SECONDS = 2.0  # each file takes well under 0.5 s; quadratic code took 15 s and more
TIMING = "00:00.000 --> 00:01.000\n"
PIECES = [
    *("{\\", "{", "}", "\\", "<", ">", "<v ", "<v.", "<v.a", "<c.", "</v>", "<i>", "-->", "->"),
    *(" ", "\t", "\n", "\r", "\r\n", "\n\n", "0", "9", "00", "12345", ":", ".", ","),
    *("&", "&#", "&#x", "&amp", "&#0", ";", "a", "v", "WEBVTT", "NOTE", "1", TIMING),
]
HEADERS = ["", "WEBVTT\n\n", f"WEBVTT\n\n{TIMING}", "1\n00:00:01,000 --> 00:00:02,000\n"]
SEARCHED = ["00", "aaaa", "v", "screening"]  # words a visitor might search for

pieces = st.lists(st.sampled_from(PIECES), max_size=4).map("".join)
repeated = st.lists(st.sampled_from(PIECES), min_size=1, max_size=4).map("".join)


def adversarial(header: str, head: str, body: str, tail: str) -> str:
    """`body` repeated to SIZE characters, after a header and a head (an opening "<v " then
    300 KB of blanks is a different problem from "<v " repeated)."""
    return header + head + body * (SIZE // len(body)) + tail


def seconds_to_read(text: str) -> float:
    """How long the site takes with `text` as a transcript: read it (or refuse it), write it
    back as WebVTT, group it for the page and look for a searched moment in it."""
    started = time.monotonic()
    try:
        cues = parse_transcript(text)
    except TranscriptError:
        return time.monotonic() - started
    to_webvtt(cues)
    turns(cues)
    attach_moments([SimpleNamespace(episode_cues=[cue.as_json() for cue in cues])], SEARCHED)
    return time.monotonic() - started


@settings(max_examples=60, derandomize=True, database=None, deadline=None)
@given(st.sampled_from(HEADERS), pieces, repeated, pieces)
def test_any_300_kb_of_awkward_characters_reads_in_well_under_a_second(header, head, body, tail):
    text = adversarial(header, head, body, tail)
    assert seconds_to_read(text) < BUDGET_SECONDS, (header, head, body, tail)


@pytest.mark.parametrize(
    ("head", "body"),
    [
        ("", "{\\"),  # the reported file: every "{\" scanned to the end for its "}"
        ("<v ", " "),  # a voice tag's blanks read by two patterns in turn
        ("<v ", "\t "),
        ("<v ", "{\\"),
        ("", "<v {\\ "),
        ("", "<"),
    ],
)
def test_files_that_took_seconds_to_minutes_read_at_once(head, body):
    text = adversarial(f"WEBVTT\n\n{TIMING}", head, body, "")
    assert seconds_to_read(text) < BUDGET_SECONDS


def test_a_character_reference_with_thousands_of_digits_is_read_not_a_server_error():
    # html.unescape's int() refuses over 4,300 digits with a ValueError (a 500 on upload).
    cues = parse_transcript(f"WEBVTT\n\n{TIMING}<v A&#{'0' * 5000}66;>x &#{'9' * 5000}; &#65;")
    assert [(cue.speaker, cue.text) for cue in cues] == [("AB", "x \ufffd A")]
