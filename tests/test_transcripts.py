"""Transcripts: WebVTT and SRT read into timed lines with speakers; broken files refused."""

import time

import pytest

from catalog.transcripts import Cue, TranscriptError, parse_transcript, to_webvtt, turns

VTT = """WEBVTT - One in Ten, episode 4

NOTE Made by the transcription service.
It may contain errors.

STYLE
::cue { color: yellow }

intro
00:00.000 --> 00:04.500 align:start position:10%
<v.host Alex Morgan>Welcome to <i>One in Ten</i> &amp; thanks for listening.</v>

00:04.500 --> 00:09.000
<v Alex Morgan>Today we talk about screening.

01:02:03.250 --> 01:02:08.000 line:0
<v Sam Patel>Every referral gets the same questions.

01:02:08.000 --> 01:02:09.000

"""


def test_webvtt_lines_have_times_speakers_and_plain_text():
    assert parse_transcript(VTT) == [
        Cue(0.0, 4.5, "Alex Morgan", "Welcome to One in Ten & thanks for listening."),
        Cue(4.5, 9.0, "Alex Morgan", "Today we talk about screening."),
        Cue(3723.25, 3728.0, "Sam Patel", "Every referral gets the same questions."),
    ]


def test_byte_order_mark_and_windows_line_ends_are_accepted():
    crlf = "\ufeff" + VTT.replace("\n", "\r\n")
    assert parse_transcript(crlf) == parse_transcript(VTT)


def test_srt_with_hours_formatting_and_empty_cues():
    srt = (
        "1\r\n00:00:01,000 --> 00:00:04,000\r\n<i>Hello</i> and\r\n{\\an8}welcome.\r\n\r\n"
        "2\r\n00:00:05,000 --> 00:00:06,000\r\n\r\n"
        "3\r\n12:00:05,500 --> 12:00:07,000\r\n<v Riley Chen>We screen every case.\r\n"
    )
    assert parse_transcript(srt) == [
        Cue(1.0, 4.0, "", "Hello and welcome."),
        Cue(43205.5, 43207.0, "Riley Chen", "We screen every case."),
    ]


def test_several_voices_in_one_cue_become_lines_of_their_own():
    cues = parse_transcript("WEBVTT\n\n00:01.000 --> 00:03.000\n<v A>Yes.</v> <v B>No.</v>\n")
    assert [(cue.speaker, cue.text) for cue in cues] == [("A", "Yes."), ("B", "No.")]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("WEBVTT\n\n00:00.000 -> 00:01.000\nHi\n", 3, "expected a timing line"),
        ("WEBVTT\n\n00:61.000 --> 00:62.000\nHi\n", 3, "is not a timing line"),
        ("WEBVTT\n\n00:00.000 --> 00:01\nHi\n", 3, "is not a timing line"),
        ("WEBVTT\n\n00:05.000 --> 00:01.000\nHi\n", 3, "ends before it starts"),
        ("WEBVTTX\n\n00:00.000 --> 00:01.000\nHi\n", 1, "starts with “WEBVTT”"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n00:01.000 --> 00:02.000\nThere\n", 5, "blank"),
        ("WEBVTT\n\nNOTE nothing else\n", 4, "no timed lines"),
        ("1\n00:00:01,000 --> 00:00:04,000\nHi\n\n2\n00:00:05.000 -> x\nThere\n", 6, "timing"),
        (
            "1\n00:00:01,000 --> 00:00:04,000\nHi\n\nchapter two\n00:00:05,000 --> 00:00:06,000\n",
            5,
            "cue number",
        ),
        ("Just some notes about the episode.\n", 1, "timing line"),
        ("", 1, "not a transcript"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000\nHi \x00 there\n", 4, "NUL"),
    ],
)
def test_malformed_transcripts_are_refused_with_the_line_number(text, line, message):
    with pytest.raises(TranscriptError) as refused:
        parse_transcript(text)
    assert refused.value.line == line
    assert str(refused.value).startswith(f"Line {line}: ")
    assert message in str(refused.value)


def test_transcripts_turn_back_into_valid_webvtt():
    cues = [Cue(3723.25, 3728.0, "Sam <Patel>", "5 < 6 & --> arrows")]
    vtt = to_webvtt(cues)
    assert vtt == (
        "WEBVTT\n\n01:02:03.250 --> 01:02:08.000\n"
        "<v Sam &lt;Patel&gt;>5 &lt; 6 &amp; --&gt; arrows\n"
    )
    assert parse_transcript(vtt) == cues


def test_lines_group_by_speaker_and_each_second_is_anchored_once():
    cues = [Cue(1.2, 2, "A", "One."), Cue(1.8, 3, "A", "Two."), Cue(5, 6, "B", "Three.")]
    grouped = turns(cues)
    assert [(turn.speaker, [line.anchor for line in turn.lines]) for turn in grouped] == [
        ("A", ["t=1", ""]),
        ("B", ["t=5"]),
    ]


def test_absurd_hours_are_refused_and_unclosed_tags_read_fast():
    with pytest.raises(TranscriptError, match="Line 3: "):
        parse_transcript("WEBVTT\n\n" + "9" * 5000 + ":00:00.000 --> 00:01.000\nHi\n")
    started = time.monotonic()
    parse_transcript("WEBVTT\n\n00:00.000 --> 00:01.000\n" + "<v " + "<" * 200_000 + "\n")
    assert time.monotonic() - started < 2
