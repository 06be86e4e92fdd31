"""Training offerings: upcoming and past, the upcoming-trainings page, and iCalendar feeds.

Feeds (RFC 5545, written with `icalendar`) list the offerings of public, live curricula only,
whoever asks: calendar apps subscribe without signing in. Answers come from the cache until the
catalog changes (catalog.search.cache); a repeat holding the current version gets 304. Each day
of an offering is an event, its UID a keyed hash of the offering's id (nothing to count offerings
by); times carry their zone, with a VTIMEZONE every reader tested agrees on; a cancelled
offering stays, as STATUS:CANCELLED, so calendars that hold it are told.
"""

import datetime

import django_filters
from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import slugify
from icalendar import Calendar, Event, vText
from icalendar.enums import STATUS
from wagtail.models import Page

from catalog.addresses import page_address
from catalog.conditional import conditional_response
from catalog.ical_timezones import add_timezones
from catalog.models import (
    ChapterPage,
    CurriculumOffering,
    CurriculumPage,
    DeliveryFormat,
    Discipline,
)
from catalog.models.offerings import offering_key
from catalog.privacy import public_pages, visibility_for
from catalog.search.cache import cached_response

UID_DOMAIN = "training-catalog.cac"  # UIDs must not change with the site's address
PRODUCT_ID = "-//National Children's Alliance//CAC Training Catalog//EN"
SEQUENCE_FROM = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def offerings_in(section: Page, request: HttpRequest, everyone: bool = True) -> QuerySet:
    """Offerings of the curricula under `section`: public ones (feeds), or those the visitor
    may see (`everyone=False`, for pages)."""
    curricula = CurriculumPage.objects.descendant_of(section)
    if everyone:
        curricula = public_pages(curricula, request)
    else:
        curricula = visibility_for(request).apply(curricula)
    chapter_path = Substr(OuterRef("curriculum__path"), 1, Length(OuterRef("curriculum__path")) - 4)
    chapters = ChapterPage.objects.filter(path=chapter_path)
    return (
        CurriculumOffering.objects.filter(curriculum__in=curricula.values("pk"))
        .select_related("curriculum")
        .annotate(chapter_title=Subquery(chapters.values("title")[:1]))
        .order_by("start_date", "start_time", "pk")
    )


def upcoming(offerings: QuerySet) -> QuerySet:
    """Offerings whose last day is today or later, soonest first."""
    today = timezone.localdate()
    return offerings.filter(
        Q(end_date__gte=today) | Q(end_date__isnull=True, start_date__gte=today)
    ).order_by("start_date", "start_time", "pk")


def split_offerings(offerings) -> tuple[list, list]:
    """(upcoming, soonest first; past, latest first): a curriculum page shows both."""
    ordered = sorted(offerings, key=lambda offering: offering.starts_at)
    past = [offering for offering in ordered if offering.is_past]
    return [offering for offering in ordered if not offering.is_past], past[::-1]


def offering_uid(offering_pk: int, day: int = 1) -> str:
    """A day's iCalendar UID: stable while SECRET_KEY is, and no id in it to count by. The
    first day keeps the UID the whole offering had as one event, so that calendars holding it
    get it corrected; later days add "-day2", "-day3"…"""
    suffix = f"-day{day}" if day > 1 else ""
    return f"{offering_key(offering_pk)}{suffix}@{UID_DOMAIN}"


def offering_events(offering: CurriculumOffering, page_url: str) -> list[Event]:
    """One event per day, with that day's hours. DTSTAMP is the curriculum's (and offerings')
    last publication: the same content is the same bytes, whenever it is asked for. SEQUENCE
    counts the minutes from SEQUENCE_FROM to that publication, so each publication is a newer
    version to an app that compares them, including one holding a file downloaded before
    events had a SEQUENCE (0) and a DTSTAMP of the download's time."""
    published = offering.curriculum.last_published_at
    sequence = int((published - SEQUENCE_FROM).total_seconds() // 60) if published else 0
    return [
        Event.new(
            uid=offering_uid(offering.pk, day.number),
            stamp=published or timezone.now(),
            start=day.starts_at,
            end=day.ends_at,
            summary=offering.event_title(day),
            description=offering.description(page_url),
            location=offering.location,
            url=page_url,
            status=STATUS.CANCELLED if offering.is_cancelled else STATUS.CONFIRMED,
            last_modified=published,
            sequence=max(sequence, 0),
        )
        for day in offering.days
    ]


def in_feed_window(offerings: QuerySet) -> QuerySet:
    """What a subscribed calendar lists: offerings from CATALOG_CALENDAR_PAST_DAYS ago on (a
    calendar keeps what it already holds), soonest first, at most CATALOG_CALENDAR_EVENTS, so
    that no feed grows with the catalog's whole history."""
    since = timezone.localdate() - datetime.timedelta(days=settings.CATALOG_CALENDAR_PAST_DAYS)
    recent = Q(end_date__gte=since) | Q(end_date__isnull=True, start_date__gte=since)
    return offerings.filter(recent).order_by("start_date", "start_time", "pk")[
        : settings.CATALOG_CALENDAR_EVENTS
    ]


def calendar_response(
    offerings, name: str, request: HttpRequest, download: bool = False
) -> HttpResponse:
    """The offerings as an iCalendar feed (`in_feed_window`), or (`download`) a file to add one
    offering to a calendar; its query string is ignored (any junk finds the cached calendar).
    It lists public offerings, or a page's checked before its route ran: 304s are safe."""
    if not download:
        offerings = in_feed_window(offerings)

    def compute() -> HttpResponse:
        return write_calendar(offerings, name, request, download)

    return conditional_response(request, lambda: cached_response(request, compute))


def write_calendar(offerings, name: str, request: HttpRequest, download: bool) -> HttpResponse:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", vText(" ".join(name.split())))  # a name is one line
    for offering in offerings:
        for event in offering_events(offering, page_address(request, offering.curriculum)):
            calendar.add_component(event)
    add_timezones(calendar)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    if download:
        response["Content-Disposition"] = f'attachment; filename="{slugify(name)[:60]}.ics"'
    return response


def month_choices(offerings: QuerySet) -> list[tuple[str, str]]:
    """("2027-01", "January 2027") for each month in which one of `offerings` starts."""
    months = CurriculumOffering.objects.filter(pk__in=offerings.values("pk"))
    return [(f"{month:%Y-%m}", f"{month:%B %Y}") for month in months.dates("start_date", "month")]


class OfferingFilterSet(django_filters.FilterSet):
    """The upcoming-trainings filters: discipline and the offering's own format (any of), and a
    month among those the offerings start in."""

    discipline = django_filters.ModelMultipleChoiceFilter(
        field_name="curriculum__disciplines__slug",
        to_field_name="slug",
        queryset=Discipline.objects.live(),
        widget=forms.CheckboxSelectMultiple,
        label="Discipline",
        distinct=True,
    )
    format = django_filters.MultipleChoiceFilter(
        field_name="delivery_format",
        choices=DeliveryFormat.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Format",
    )
    month = django_filters.ChoiceFilter(
        method="in_month",
        label="Month",
        empty_label="Any month",
        error_messages={"invalid_choice": "No training is scheduled then; every month is shown."},
    )

    # django-filter's __init__ falls back to the model's manager, so this is never None (its
    # stubs type the attribute as the optional argument).
    queryset: QuerySet

    class Meta:
        model = CurriculumOffering
        fields: list[str] = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The visitor's own offerings (privacy already applied): no month that lists nothing.
        self.filters["month"].extra["choices"] = month_choices(self.queryset)

    def in_month(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        year, month = (int(part) for part in value.split("-"))
        return queryset.filter(start_date__year=year, start_date__month=month)

    def format_counts(self) -> dict[str, int]:
        """How many offerings each format would list, with the other filters as chosen (what
        ticking it adds when formats are already chosen, since they combine as "any of")."""
        offerings = self.queryset.all()
        if self.is_bound:
            self.is_valid()  # cleaned_data: the valid choices, which the listing applies too
            for name, value in self.form.cleaned_data.items():
                if name != "format":
                    offerings = self.filters[name].filter(offerings, value)
        counted = (
            CurriculumOffering.objects.filter(pk__in=offerings.values("pk"))
            .order_by()
            .values_list("delivery_format")
            .annotate(count=Count("pk"))
        )
        return dict(counted)


def format_options(filterset: OfferingFilterSet) -> list[dict]:
    """The Format filter's checkboxes, each with its count."""
    counts = filterset.format_counts()
    chosen = set(getattr(filterset.form, "cleaned_data", {}).get("format") or [])
    return [
        {
            "value": value,
            "label": label,
            "count": counts.get(value, 0),
            "chosen": value in chosen,
            # Formats combine as "any of": with one chosen, another adds its count.
            "adds": bool(chosen) and value not in chosen,
        }
        for value, label in DeliveryFormat.choices
    ]


def upcoming_trainings(index: Page, request: HttpRequest) -> TemplateResponse:
    """Upcoming offerings across chapters, filtered by discipline, format and month."""
    offerings = upcoming(offerings_in(index, request, everyone=False))
    filterset = OfferingFilterSet(request.GET or None, queryset=offerings)
    page = Paginator(filterset.qs, settings.CATALOG_PAGE_SIZE).get_page(request.GET.get("page"))
    others = request.GET.copy()
    others.pop("page", None)
    chosen = list(getattr(filterset.form, "cleaned_data", {}).get("discipline") or [])
    context = {
        "page": index,
        "filterset": filterset,
        "formats": format_options(filterset),
        "offerings": page,
        "others": others,
        # One discipline chosen (and valid): offer its own calendar.
        "discipline": chosen[0] if len(chosen) == 1 else None,
    }
    return TemplateResponse(request, "catalog/upcoming_trainings.html", context)
