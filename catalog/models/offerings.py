"""Offerings: the dated, placed instances of a curriculum that trainers register for, each day
with its own hours, and the links that add them to a web calendar (Google Calendar, Outlook)."""

import datetime
from typing import NamedTuple
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from catalog.models.choices import DeliveryFormat, OfferingStatus, TimeZone

GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"
OUTLOOK = "https://outlook.live.com/calendar/0/action/compose"
OUTLOOK_TIME = "%Y-%m-%dT%H:%M:%SZ"
ONE_DAY = datetime.timedelta(days=1)


def offering_key(pk: int) -> str:
    """An offering's public name (its "add to calendar" address, its calendar UID): a keyed hash
    of its id, stable while SECRET_KEY is, so that nothing public counts offerings, hidden ones
    included."""
    return salted_hmac("catalog.calendar.offering-uid", str(pk)).hexdigest()[:32]


class OfferingDay(NamedTuple):
    """One day of an offering with that day's own hours: a calendar event, a web-calendar link."""

    number: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime

    @property
    def date(self) -> datetime.date:
        return self.starts_at.date()  # the offering's own date (templates would convert)


class WebCalendar(NamedTuple):
    """A web calendar's "new event" form, filled in: one link for the whole offering, or (when
    the service cannot repeat the event honestly) one link per day."""

    name: str
    links: list[tuple[OfferingDay, str]]

    @property
    def per_day(self) -> bool:
        return len(self.links) > 1

    @property
    def url(self) -> str:
        return self.links[0][1]


def agenda_hours(agenda) -> list[tuple[datetime.time, datetime.time] | None]:
    """Each agenda day's first session start and last session end (None: no timed session),
    from its stored data: no query (the blocks would look up each session's disciplines)."""
    hours = []
    for day in agenda.raw_data:
        sessions = [item.get("value", item) for item in day["value"]["sessions"]]  # or bare
        timed = [(s["start"], s["end"]) for s in sessions if s.get("start") and s.get("end")]
        times = [datetime.time.fromisoformat(str(time)) for pair in timed for time in pair]
        hours.append((min(times[::2]), max(times[1::2])) if times else None)
    return hours


def utc(moment: datetime.datetime, form: str = "%Y%m%dT%H%M%SZ") -> str:
    """A moment in UTC as a web calendar's form takes it (Google's by default)."""
    return moment.astimezone(datetime.UTC).strftime(form)


def google_calendar_url(offering, day: OfferingDay, details: str, repeat: int = 1) -> str:
    """Google Calendar's new-event form; `repeat` days in a row, all alike, as one event."""
    query = {
        "action": "TEMPLATE",
        "text": offering.event_title(day, repeated=repeat > 1),
        "dates": f"{utc(day.starts_at)}/{utc(day.ends_at)}",
        "ctz": offering.time_zone,  # repeats, and shows, in the offering's zone
        "details": details,
        "location": offering.location,
    }
    if repeat > 1:
        query["recur"] = f"RRULE:FREQ=DAILY;COUNT={repeat}"
    return f"{GOOGLE_CALENDAR}?{urlencode(query, safe='/', quote_via=quote)}"


def outlook_url(offering, day: OfferingDay, details: str) -> str:
    """Outlook on the web's new-event form (it cannot repeat an event: one day)."""
    query = {
        "subject": offering.event_title(day),
        "startdt": utc(day.starts_at, OUTLOOK_TIME),
        "enddt": utc(day.ends_at, OUTLOOK_TIME),
        "body": details,
        "location": offering.location,
    }
    return f"{OUTLOOK}?{urlencode(query, safe='/', quote_via=quote)}"


class CurriculumOffering(Orderable):
    """One offering of a curriculum: when (in its own time zone), where, and how to register.

    Times are kept as the wall-clock times people read on the flyer, with the zone they are in,
    so a training at 9:00 in Pittsburgh stays at 9:00 Eastern whatever the server's zone.
    """

    curriculum = ParentalKey(
        "catalog.CurriculumPage", on_delete=models.CASCADE, related_name="offerings"
    )
    start_date = models.DateField(help_text="The first day.")
    start_time = models.TimeField(help_text="When the first day starts, local time.")
    end_date = models.DateField(
        null=True, blank=True, help_text="The last day, for trainings over several days."
    )
    end_time = models.TimeField(help_text="When the last day ends, local time.")
    time_zone = models.CharField(
        max_length=40,
        choices=TimeZone.choices,
        default=TimeZone.EASTERN,
        help_text="The time zone the times above are in.",
    )
    delivery_format = models.CharField(
        "format",
        max_length=16,
        choices=DeliveryFormat.choices,
        default=DeliveryFormat.IN_PERSON,
        help_text=(
            "How this offering takes place: at a venue, online, or both (hybrid). It may differ "
            "from the curriculum's usual format; the upcoming-trainings Format filter reads it."
        ),
    )
    venue = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where it takes place: venue, street, city. Leave empty for online offerings.",
    )
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many participants it takes, if limited."
    )
    registration_url = models.URLField(
        "registration link", max_length=500, blank=True, help_text="Where people register."
    )
    registration_deadline = models.DateField(
        null=True, blank=True, help_text="The last day to register."
    )
    status = models.CharField(
        max_length=16,
        choices=OfferingStatus.choices,
        default=OfferingStatus.OPEN,
        help_text="Cancelled offerings stay listed, marked cancelled, and calendars are told.",
    )

    panels = [
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
        FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time"), FieldPanel("time_zone")]),
        FieldRowPanel([FieldPanel("delivery_format"), FieldPanel("venue")]),
        FieldRowPanel([FieldPanel("registration_url"), FieldPanel("registration_deadline")]),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("status")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "offering"

    def __str__(self) -> str:
        return f"{self.start_date:%B %-d, %Y} ({self.get_status_display()})"

    def clean(self) -> None:
        super().clean()
        if not self.online and not self.venue.strip():
            raise ValidationError({"venue": "Give the venue, or choose the “Online” format."})
        if None in (self.start_date, self.start_time, self.end_time):
            return  # the form reports the missing field
        if self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The last day is before the first day."})
        if self.ends_at <= self.starts_at:
            raise ValidationError({"end_time": "The offering must end after it starts."})
        if self.registration_deadline and self.registration_deadline > self.last_day:
            message = "The deadline is after the offering ends."
            raise ValidationError({"registration_deadline": message})

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def last_day(self) -> datetime.date:
        return self.end_date or self.start_date

    @property
    def starts_at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.start_date, self.start_time, tzinfo=self.zone)

    @property
    def ends_at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.last_day, self.end_time, tzinfo=self.zone)

    @property
    def key(self) -> str:
        return offering_key(self.pk)

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def is_cancelled(self) -> bool:
        return self.status == OfferingStatus.CANCELLED

    @property
    def online(self) -> bool:
        """Online only: there is no venue to go to."""
        return self.delivery_format == DeliveryFormat.ONLINE

    @property
    def joinable_online(self) -> bool:
        """Online or hybrid: some people take part from wherever they are, in their own zone."""
        return self.delivery_format != DeliveryFormat.IN_PERSON

    @property
    def location(self) -> str:
        if self.online:
            return "Online"
        if self.delivery_format == DeliveryFormat.HYBRID:
            return f"{self.venue}, or online"
        return self.venue

    @property
    def first_day_ends_at(self) -> datetime.datetime:
        """When the first day ends: the hours shown are each day's."""
        return datetime.datetime.combine(self.start_date, self.end_time, tzinfo=self.zone)

    @property
    def zone_label(self) -> str:
        """The zone as people write it on a flyer for that date: EST, EDT, CST…"""
        return self.starts_at.tzname() or self.time_zone

    @cached_property
    def days(self) -> list[OfferingDay]:
        """Each day with its own hours. The offering's two times cover a one-day offering; over
        several days, day N runs from the agenda's day N first session start to its last
        session end, where the agenda times that day, else from the offering's start time to
        its end time (the hours the page shows as each day's)."""
        count = (self.last_day - self.start_date).days + 1
        hours = agenda_hours(self.curriculum.agenda) if count > 1 else []
        hours += [None] * (count - len(hours))
        days = []
        for index in range(count):
            date = self.start_date + index * ONE_DAY
            start, end = hours[index] or (self.start_time, self.end_time)
            at = datetime.datetime.combine
            days.append(
                OfferingDay(index + 1, at(date, start, self.zone), at(date, end, self.zone))
            )
        return days

    def event_title(self, day: OfferingDay, repeated: bool = False) -> str:
        """A day's event title: the curriculum's, with "(day 2 of 3)" when there are several."""
        title = self.curriculum.title
        if repeated or len(self.days) == 1:
            return title
        return f"{title} (day {day.number} of {len(self.days)})"

    def description(self, page_url: str | None = None) -> str:
        """An event's text: the summary, where to register, where to read about it."""
        details = [self.curriculum.summary]
        if self.registration_url and not self.is_cancelled:
            details.append(f"Register: {self.registration_url}")
        if page_url:
            details.append(f"About the training: {page_url}")
        return "\n\n".join(details)

    @cached_property
    def web_calendars(self) -> list[WebCalendar]:
        """The links that add the offering to Google Calendar and Outlook: each opens the
        service's new-event form, filled in (nothing is asked of it until clicked). Over several
        days, Google gets one event repeated daily when every day is alike in UTC (the same
        hours, no clock change between); otherwise, and always for Outlook, whose form cannot
        repeat an event, each day gets its own link: a link for the first day alone would
        leave the others out. The text has no page address (without the request, a query per
        curriculum); the calendar file has it."""
        first, details = self.days[0], self.description()
        start, end = (moment.astimezone(datetime.UTC) for moment in first[1:])
        alike = all(  # in UTC, so that a change of clocks between the days tells them apart
            day.starts_at == start + (day.number - 1) * ONE_DAY
            and day.ends_at == end + (day.number - 1) * ONE_DAY
            for day in self.days
        )
        google = (
            [(first, google_calendar_url(self, first, details, repeat=len(self.days)))]
            if alike
            else [(day, google_calendar_url(self, day, details)) for day in self.days]
        )
        outlook = [(day, outlook_url(self, day, details)) for day in self.days]
        return [WebCalendar("Google Calendar", google), WebCalendar("Outlook", outlook)]
