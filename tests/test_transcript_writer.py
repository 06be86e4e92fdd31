"""The WebVTT file the feed links: whatever a speaker's name or a line holds, each cue is written
as one timing line and one line of text, and reading the file back gives the same lines."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.transcripts import Cue, parse_transcript, to_webvtt

HEADER = "WEBVTT\n\n00:00.000 --> 00:02.000\n"


def written_blocks(cues: list[Cue]) -> list[list[str]]:
    """The cue blocks of the file written for `cues`, each as its lines."""
    vtt = to_webvtt(cues)
    assert vtt.startswith("WEBVTT\n\n") and vtt.endswith("\n")
    return [block.split("\n") for block in vtt.removesuffix("\n").split("\n\n")[1:]]


@pytest.mark.parametrize(
    ("name", "speaker"),
    [
        ("Alex&#10;Morgan", "Alex Morgan"),  # an encoded newline inside the voice tag
        ("Alex&#10;&#10;Morgan", "Alex Morgan"),  # a blank line would end the cue
        ("Alex&#13;--&gt;&#10;00:01.000", "Alex --> 00:01.000"),
        ("A &gt; B", "A > B"),
        ("Sam &lt;Patel&gt; &amp; co", "Sam <Patel> & co"),
        ("&#123;\\an8}Riley", "{\\an8}Riley"),
    ],
)
def test_a_speaker_read_from_a_file_is_written_back_in_a_closed_voice_tag(name, speaker):
    cues = parse_transcript(f"{HEADER}<v {name}>We screen every case.\n")
    assert [(cue.speaker, cue.text) for cue in cues] == [(speaker, "We screen every case.")]
    [[timing, text]] = written_blocks(cues)
    assert timing == "00:00:00.000 --> 00:00:02.000"
    assert text.startswith("<v ") and text.endswith(">We screen every case.")
    assert parse_transcript(to_webvtt(cues)) == cues


def test_names_and_lines_holding_line_breaks_and_markup_are_written_on_one_line_each():
    cues = [
        Cue(1, 2, "Alex\nMorgan", "First\n\nline"),
        Cue(2, 3, "A\r\n\r\nB", "5 < 6 & 7 > 2 --> {\\an8}"),
        Cue(3, 4, "-->", "x\u2028y\x00"),
        Cue(4, 5, "", "No one in particular."),
        Cue(5, 6, "Nobody", " \n "),  # nothing to read: left out
    ]
    blocks = written_blocks(cues)
    assert [len(block) for block in blocks] == [2, 2, 2, 2]
    assert [(cue.speaker, cue.text) for cue in parse_transcript(to_webvtt(cues))] == [
        ("Alex Morgan", "First line"),
        ("A B", "5 < 6 & 7 > 2 --> {\\an8}"),
        ("-->", "x y\ufffd"),
        ("", "No one in particular."),
    ]


def one_line(text: str) -> str:
    return " ".join(text.replace("\x00", "\ufffd").split())


milliseconds = st.integers(0, 200 * 3600 * 1000)
cues = st.lists(
    st.builds(
        lambda start, length, speaker, text: Cue(
            start / 1000, (start + length) / 1000, speaker, text
        ),
        milliseconds,
        milliseconds,
        st.text(),
        st.text(min_size=1),
    ),
    max_size=5,
)


def as_written(cue: Cue) -> tuple[int, int, str, str]:
    """A cue's times in milliseconds (as WebVTT gives them) and its speaker and text."""
    return round(cue.start * 1000), round(cue.end * 1000), cue.speaker, cue.text


@settings(max_examples=300, derandomize=True, database=None)
@given(cues)
def test_any_lines_read_back_as_they_were_written(cues):
    readable = [cue for cue in cues if one_line(cue.text)]
    expected = [Cue(c.start, c.end, one_line(c.speaker), one_line(c.text)) for c in readable]
    if not expected:
        assert to_webvtt(cues) == "WEBVTT\n"
        return
    read_back = parse_transcript(to_webvtt(cues))
    assert [as_written(cue) for cue in read_back] == [as_written(cue) for cue in expected]
