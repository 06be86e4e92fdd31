"""Offerings: the dated, placed instances of a curriculum that trainers register for, each day
with its own hours, and the links that add them to a web calendar (Google Calendar, Outlook)."""

import datetime
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
from catalog.web_calendars import (
    ONE_DAY,
    OfferingDay,
    WebCalendar,
    agenda_hours,
    google_calendar_url,
    outlook_url,
)


def offering_key(pk: int) -> str:
    """An offering's public name (its "add to calendar" address, its calendar UID): a keyed hash
    of its id, stable while SECRET_KEY is, so that nothing public counts offerings, hidden ones
    included."""
    return salted_hmac("catalog.calendar.offering-uid", str(pk)).hexdigest()[:32]


# A date outside these is a typo (2206 for 2026), not a training.
FIRST_YEAR, YEARS_AHEAD, LONGEST_DAYS = 1990, 10, 92


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
        if not FIRST_YEAR <= self.start_date.year <= timezone.localdate().year + YEARS_AHEAD:
            message = f"Give a date between {FIRST_YEAR} and {YEARS_AHEAD} years from now."
            raise ValidationError({"start_date": message})
        if self.end_date and (self.end_date - self.start_date).days > LONGEST_DAYS:
            message = f"An offering lasts at most {LONGEST_DAYS} days; check the last day."
            raise ValidationError({"end_date": message})
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
        """Each day with its own hours: the offering's start to end time, the hours the page
        shows as each day's. Over several days, the agenda's day N (its first session's start
        to its last one's end) gives day N's hours where the agenda agrees with the offering
        (it starts at the offering's start time and ends at its end time): the agenda is the
        curriculum's, the times are this offering's. Days that would end before they start
        (an offering through the night) make one event of the whole offering instead."""
        count = (self.last_day - self.start_date).days + 1
        hours = (agenda_hours(self.curriculum.agenda) if count > 1 else [])[:count]
        hours += [None] * (count - len(hours))
        ends = (self.start_time, self.end_time)
        if not (hours[0] and hours[-1] and (hours[0][0], hours[-1][1]) == ends):
            hours = [None] * count
        at = datetime.datetime.combine
        days = [
            OfferingDay(number, at(date, start, self.zone), at(date, end, self.zone))
            for number, date, (start, end) in (
                (index + 1, self.start_date + index * ONE_DAY, hours[index] or ends)
                for index in range(count)
            )
        ]
        if any(day.ends_at <= day.starts_at for day in days):
            return [OfferingDay(1, self.starts_at, self.ends_at)]
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
