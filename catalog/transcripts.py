"""Episode transcripts: WebVTT and SRT files read into timed lines with speakers, and back to VTT.

Editors upload (or paste) the file their transcription service produced. It is parsed strictly
enough that a broken file is refused with the number of the line that is wrong, and leniently
enough that what real tools write is accepted: a byte-order mark, Windows line ends, hours
beyond 99, cue settings, NOTE/STYLE/REGION blocks, formatting tags and empty cues.
Speakers come from WebVTT voice tags (`<v Name>`), in either format.
"""

import html
import re
from dataclasses import dataclass

MAX_TRANSCRIPT_CHARACTERS = 2_000_000  # a three-hour conversation is about 200,000

# A WebVTT timestamp (hours optional) or an SRT one (comma before the milliseconds).
TIMESTAMP = r"(?:(\d{1,5}):)?([0-5]\d):([0-5]\d)[.,](\d{3})"
TIMING = re.compile(rf"^{TIMESTAMP}[ \t]+-->[ \t]+{TIMESTAMP}(?:[ \t]+.*)?$")
# Every pattern below reads in linear time, whatever the text (tests/test_transcript_cost.py).
# None may span the character that starts another match ("<", "{"), so a file full of unclosed
# tags is read once, not once per tag; and no two repeated parts may match the same characters
# (a voice tag's name starts after exactly one blank, and the name is stripped afterwards).
VOICE = re.compile(r"<v(?:\.[^\s<>]*)?[ \t]([^<>]*)>")
TAG = re.compile(r"<[^<>]*>")
SRT_STYLE_OVERRIDE = re.compile(r"\{\\[^{}]*\}")  # e.g. {\an8}, from subtitle editors
# The references html.unescape reads (its own pattern), with the digits of numeric ones apart.
CHARACTER_REFERENCE = re.compile(r"&(?:#[xX]([0-9a-fA-F]+)|#([0-9]+)|[^\t\n\f <&#;]{1,32});?")
# More significant digits than U+10FFFF has name no character; html.unescape reads them as
# U+FFFD, but only after int() of every digit, which refuses over 4,300 (a ValueError, a 500).
MOST_CODE_POINT_DIGITS = 7
VTT_BLOCKS_WITHOUT_CUES = ("NOTE", "STYLE", "REGION")


class TranscriptError(ValueError):
    """A transcript that cannot be read, with the (1-based) line where reading failed."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        super().__init__(f"Line {line}: {message}")


@dataclass(frozen=True)
class Cue:
    """One timed line of speech."""

    start: float  # seconds from the start of the episode
    end: float
    speaker: str
    text: str

    @property
    def second(self) -> int:
        """The whole second the line starts at, as `#t=` links and feeds give it."""
        return int(self.start)

    @property
    def time_label(self) -> str:
        return clock(self.second)

    def as_json(self) -> list:
        return [self.start, self.end, self.speaker, self.text]

    @classmethod
    def from_json(cls, row: list) -> "Cue":
        return cls(*row)


def clock(seconds: int) -> str:
    """Seconds as a player shows them: 4:05, or 1:02:03 past the hour."""
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


def seconds_of(hours: str | None, minutes: str, seconds: str, milliseconds: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(milliseconds) / 1000


def parse_transcript(text: str) -> list[Cue]:
    """The cues of a WebVTT or SRT transcript, in file order; raises TranscriptError."""
    if len(text) > MAX_TRANSCRIPT_CHARACTERS:
        raise TranscriptError(1, "the transcript is too long (over two million characters).")
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if "\x00" in text:
        raise TranscriptError(
            1 + text[: text.index("\x00")].count("\n"), "the file contains a NUL character."
        )
    if re.match(r"WEBVTT(?:[ \t]|$)", lines[0]):
        return _read_cues(lines, first_block=_end_of_block(lines, 0), webvtt=True)
    if lines[0].startswith("WEBVTT"):
        raise TranscriptError(1, "a WebVTT file starts with “WEBVTT” alone on its first line.")
    return _read_cues(lines, first_block=0, webvtt=False)


def _end_of_block(lines: list[str], index: int) -> int:
    while index < len(lines) and lines[index].strip():
        index += 1
    return index


def _read_cues(lines: list[str], first_block: int, webvtt: bool) -> list[Cue]:
    cues: list[Cue] = []
    index = first_block
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        end = _end_of_block(lines, index)
        block = lines[index:end]
        if webvtt and block[0].split(" ")[0].split("\t")[0] in VTT_BLOCKS_WITHOUT_CUES:
            index = end
            continue
        cues += _read_cue(block, index + 1, webvtt)
        index = end
    if not cues:
        raise TranscriptError(
            len(lines) if webvtt else 1,
            "no timed lines with text found."
            if webvtt
            else "not a transcript: a WebVTT file starts with “WEBVTT”, an SRT file with “1” "
            "and a timing line such as 00:00:01,000 --> 00:00:04,000.",
        )
    return cues


def _read_cue(block: list[str], first_line: int, webvtt: bool) -> list[Cue]:
    """The cue of one block (or the cues): an optional identifier, a timing line, then the text."""
    if "-->" in block[0]:
        timing_at = 0
    elif len(block) > 1 and "-->" in block[1]:
        timing_at = 1  # the first line names the cue: any text in WebVTT, a number in SRT
        if not webvtt and not block[0].strip().isdigit():
            raise TranscriptError(first_line, "expected a cue number before the timing line.")
    else:
        after_name = block[0].strip().isdigit()
        raise TranscriptError(
            first_line + after_name,
            "expected a timing line such as 00:01:02.000 --> 00:01:05.000.",
        )
    timing = TIMING.match(block[timing_at].strip())
    line_number = first_line + timing_at
    if timing is None:
        raise TranscriptError(
            line_number,
            f"“{block[timing_at].strip()[:60]}” is not a timing line such as "
            "00:01:02.000 --> 00:01:05.000 (hours optional, minutes and seconds below 60).",
        )
    start, end = seconds_of(*timing.groups()[:4]), seconds_of(*timing.groups()[4:])
    if end < start:
        raise TranscriptError(line_number, "the line ends before it starts.")
    payload = block[timing_at + 1 :]
    for offset, line in enumerate(payload, start=line_number + 1):
        if "-->" in line:
            raise TranscriptError(
                offset, "a timing line inside a cue's text; is a blank line missing before it?"
            )
    return [
        Cue(start, end, speaker, text)
        for speaker, text in _voices(" ".join(payload))
        if text  # an empty cue (or voice) holds nothing to read
    ]


def _voices(payload: str) -> list[tuple[str, str]]:
    """The cue text split at voice tags: [(speaker, plain text), …]."""
    pieces = VOICE.split(payload)  # text, name, text, name, text…
    spoken = [("", pieces[0]), *zip(pieces[1::2], pieces[2::2], strict=True)]
    return [(one_line(unescape(name)), plain_text(text)) for name, text in spoken]


def plain_text(markup: str) -> str:
    """Cue text without formatting tags or entities, on one line."""
    return one_line(unescape(TAG.sub("", SRT_STYLE_OVERRIDE.sub("", markup))))


def one_line(text: str) -> str:
    """The text with every run of blanks and line breaks (of any kind) as one space."""
    return " ".join(text.split())


def unescape(markup: str) -> str:
    """html.unescape, in linear time also for numeric references with thousands of digits."""

    def character(reference: re.Match) -> str:
        hexadecimal, decimal = reference.groups()
        if hexadecimal is None and decimal is None:
            return html.unescape(reference.group())  # a named reference such as &amp;
        digits = (hexadecimal or decimal).lstrip("0") or "0"
        if len(digits) > MOST_CODE_POINT_DIGITS:
            return "\ufffd"
        return html.unescape(f"&#{'x' if hexadecimal else ''}{digits};")

    return CHARACTER_REFERENCE.sub(character, markup) if "&" in markup else markup


def vtt_timestamp(seconds: float) -> str:
    milliseconds = round(seconds * 1000)
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02}:{minutes:02}:{rest // 1000:02}.{rest % 1000:03}"


def vtt_text(text: str) -> str:
    """Text as a cue holds it: on one line, tags and references escaped (which also keeps
    "-->" out), and nothing a reader would take for an SRT style override or a NUL."""
    text = html.escape(one_line(text.replace("\x00", "\ufffd")), quote=False)
    return text.replace("{\\", "&#123;\\")


def to_webvtt(cues: list[Cue]) -> str:
    """The transcript as a clean WebVTT file (what the feed links), whatever format came in.

    Speaker names and text may hold anything (the stored lines come from older parses too): each
    cue is written as one timing line and one text line, so a reader finds the same lines again.
    """
    blocks = ["WEBVTT"]
    for cue in cues:
        text, speaker = vtt_text(cue.text), vtt_text(cue.speaker)
        if not text:
            continue  # an empty line would end the cue: there is nothing to read anyway
        if speaker:
            text = f"<v {speaker}>{text}"
        blocks.append(f"{vtt_timestamp(cue.start)} --> {vtt_timestamp(cue.end)}\n{text}")
    return "\n\n".join(blocks) + "\n"


@dataclass(frozen=True)
class Line:
    """A cue as the page shows it; `anchor` is its second's id (`t=754`) if it is the first
    line starting in that second (ids are unique), else empty."""

    cue: Cue
    anchor: str


@dataclass
class Turn:
    """Consecutive lines of one speaker, as the transcript reads on the page."""

    speaker: str
    lines: list[Line]


def turns(cues: list[Cue]) -> list[Turn]:
    grouped: list[Turn] = []
    anchored: set[int] = set()
    for cue in cues:
        anchor = "" if cue.second in anchored else f"t={cue.second}"
        anchored.add(cue.second)
        if grouped and grouped[-1].speaker == cue.speaker:
            grouped[-1].lines.append(Line(cue, anchor))
        else:
            grouped.append(Turn(cue.speaker, [Line(cue, anchor)]))
    return grouped
