"""A curriculum's agenda in one spreadsheet cell, and back.

The format, one line each (blank lines are skipped):

    Day 1: Recognizing exploitation
    09:00-10:30 What exploitation looks like: a survivor's account | Survivor leader
    13:00-14:30 Screening at intake | CAC director | CAC leadership; Victim advocacy
        What the session covers: an indented line (or several) under its session.
    - Lunch with the trainers

A line that starts with a time range ("09:00-10:30", or 9:00–10:30) or with "- " (a session
without times) is a session: its title, then after "|" the presenter's role, then after another
"|" the disciplines it is meant for, by name or slug, separated by ";". An indented line belongs
to the description of the session above it. Any other line starts a day, and is its title. So a
day's title may not start with a time range or "- ", and "|" cannot appear in a session's title or
role.

Sessions are checked as the agenda's editor checks them (a session may not end before it starts
or overlap another that day), here without the database queries the blocks' own checks make.
"""

import datetime
import itertools
import re
from decimal import Decimal

from wagtail.models import Page

from catalog.importing.columns import (
    SEPARATOR,
    Column,
    ColumnError,
    Value,
    Vocabulary,
    cell_for_message,
    list_items,
    stream_data,
)
from catalog.models import Discipline

SESSION = re.compile(r"(?:(\d{1,2}[:.]\d{2})\s*[-–]\s*(\d{1,2}[:.]\d{2})|-)\s+(.*)")
DISCIPLINES_SEPARATOR = ";"


def parse_time(text: str) -> datetime.time:
    hour, minute = (int(part) for part in re.split(r"[:.]", text))
    return datetime.time(hour, minute)  # ValueError for 25:00 or 09:60


def parse_agenda(cell: str, vocabulary: Vocabulary) -> list[dict]:
    """The agenda StreamField's data for the text `cell`; a ColumnError names the line at fault."""
    days: list[dict] = []
    session: dict | None = None
    for line in cell.splitlines():
        if not line.strip():
            if session is not None and session["description"]:
                session["description"] += "\n"  # a paragraph break, if more description follows
            continue
        try:
            if line[0].isspace():
                if session is None:
                    raise ColumnError("an indented line describes a session: put a session above")
                session["description"] += ("\n" if session["description"] else "") + line.strip()
                continue
            session = parse_session(line, vocabulary)
            if session is None:
                days.append({"type": "day", "value": {"title": line.strip(), "sessions": []}})
            elif not days:
                raise ColumnError("a session before any day: begin with a day's title")
            else:
                days[-1]["value"]["sessions"].append(session)
        except ColumnError as error:
            raise ColumnError(f"agenda, “{cell_for_message(line.strip())}”: {error}") from None
    for day in days:
        for item in day["value"]["sessions"]:
            item["description"] = re.sub(r"\n{3,}", "\n\n", item["description"]).strip()
        check_times(day["value"])
    return days


def parse_session(line: str, vocabulary: Vocabulary) -> dict | None:
    """A session line as block data; None if the line is not a session's."""
    match = SESSION.fullmatch(line.strip())
    if match is None:
        return None
    start, end, rest = match.groups()
    parts = [part.strip() for part in rest.split(SEPARATOR)]
    if len(parts) > 3:
        raise ColumnError("a session is “times title | presenter role | disciplines”")
    title, role, disciplines = (*parts, "", "")[:3]
    if not title:
        raise ColumnError("the session has no title")
    times: list[str | None] = [None, None]  # "- Title": a session without times
    if start:
        try:
            times = [parse_time(start).isoformat("minutes"), parse_time(end).isoformat("minutes")]
        except ValueError:
            raise ColumnError(f"{start}-{end} is not a time range like 09:00-10:30") from None
    names = [name.strip() for name in disciplines.split(DISCIPLINES_SEPARATOR) if name.strip()]
    try:
        terms = vocabulary.terms(Discipline).find(names)
    except ColumnError as error:
        raise ColumnError(f"disciplines: {error}") from None
    return {
        "start": times[0],
        "end": times[1],
        "title": title,
        "description": "",
        "presenter_role": role,
        "disciplines": [term.pk for term in terms],
    }


def check_times(day: dict) -> None:
    """Refuse a session that ends before it starts or overlaps another that day (the rules of
    catalog.blocks.AgendaDayBlock.clean, whose chooser blocks would cost a query each here)."""
    timed = []
    for session in day["sessions"]:
        if session["start"] and session["end"] <= session["start"]:
            raise ColumnError(f"agenda, “{session['title']}”: the session ends before it starts")
        if session["start"]:
            timed.append(session)
    timed.sort(key=lambda session: (session["start"], session["end"]))
    for first, second in itertools.pairwise(timed):
        if second["start"] < first["end"]:
            raise ColumnError(
                f"agenda, “{second['title']}”: the session overlaps “{first['title']}” "
                f"({first['start']}-{first['end']}) on “{day['title']}”"
            )


def sessions_of(raw: Value) -> list[tuple[str, list[dict]]]:
    """(day title, sessions) for each day of an agenda, stored or parsed."""
    return [
        (day["value"]["title"], list_items(day["value"].get("sessions")))
        for day in stream_data(raw)
    ]


def hhmm(value: str | None) -> str:
    return value[:5] if value else ""


def agenda_text(raw: Value, vocabulary: Vocabulary) -> str:
    """The agenda, stored or parsed, in the cell's format."""
    disciplines = vocabulary.terms(Discipline)
    lines = []
    for title, sessions in sessions_of(raw):
        lines.append(title)
        for session in sessions:
            times = f"{hhmm(session['start'])}-{hhmm(session['end'])}" if session["start"] else "-"
            names = disciplines.names_of(list_items(session.get("disciplines")))
            parts = [session["title"], session.get("presenter_role") or "",
                     f"{DISCIPLINES_SEPARATOR} ".join(names)]  # fmt: skip
            while parts[-1] == "":
                parts.pop()
            lines.append(f"{times} {f' {SEPARATOR} '.join(parts)}")
            description = session.get("description") or ""
            lines.extend(f"    {line}".rstrip() for line in description.splitlines())
    return "\n".join(lines)


def minutes(value: str) -> int:
    time = parse_time(hhmm(value))
    return time.hour * 60 + time.minute


def timed_hours(raw: Value) -> Decimal | None:
    """The hours of the agenda's timed sessions together (as CurriculumPage.agenda_hours works
    them out when the page is saved); None if no session is timed."""
    lengths = [
        minutes(session["end"]) - minutes(session["start"])
        for _, sessions in sessions_of(raw)
        for session in sessions
        if session["start"] and session["end"]
    ]
    minutes_in_all = sum(lengths)
    return (Decimal(minutes_in_all) / 60).quantize(Decimal("0.01")) if lengths else None


class AgendaColumn(Column):
    """The agenda: days and their sessions, in the format above."""

    def parse(self, cell: str, vocabulary: Vocabulary) -> Value:
        return parse_agenda(cell, vocabulary)

    def stored(self, content: dict) -> Value:
        return content.get(self.field)

    def same(self, content: dict, value: Value) -> bool:
        return agenda_lines(self.stored(content)) == agenda_lines(value)

    def text(self, content: dict, vocabulary: Vocabulary) -> str:
        return agenda_text(self.stored(content), vocabulary)

    def apply(self, page: Page, value: Value) -> None:
        setattr(page, self.field, value)


def agenda_lines(raw: Value) -> list[tuple]:
    """The agenda reduced to what the format carries (terms by id), to compare."""
    return [
        (title, [(hhmm(s["start"]), hhmm(s["end"]), s["title"], s.get("presenter_role") or "",
                  (s.get("description") or "").strip(), sorted(list_items(s.get("disciplines"))))
                 for s in sessions])
        for title, sessions in sessions_of(raw)
    ]  # fmt: skip
