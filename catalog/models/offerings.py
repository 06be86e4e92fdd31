"""Offerings: the dated, placed instances of a curriculum that trainers register for."""

import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from catalog.models.choices import DeliveryFormat, OfferingStatus, TimeZone


def offering_key(pk: int) -> str:
    """An offering's public name (its "add to calendar" address, its calendar UID): a keyed hash
    of its id, stable while SECRET_KEY is, so that nothing public counts offerings, hidden ones
    included."""
    return salted_hmac("catalog.calendar.offering-uid", str(pk)).hexdigest()[:32]


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
