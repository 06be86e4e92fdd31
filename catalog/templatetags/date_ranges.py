"""Date ranges as people write them on a flyer: "6–7 January 2027"."""

import datetime

from django import template
from django.utils.dateformat import format as format_date

register = template.Library()


@register.filter
def date_range(first: datetime.date, last: datetime.date | None = None) -> str:
    """The days from `first` to `last`, saying the month and year once where they are shared:
    "6 January 2027", "6–7 January 2027", "31 January – 1 February 2027",
    "31 December 2026 – 1 January 2027"."""
    if not last or last == first:
        return format_date(first, "j F Y")
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{format_date(last, 'j F Y')}"
    if first.year == last.year:
        return f"{format_date(first, 'j F')} – {format_date(last, 'j F Y')}"
    return f"{format_date(first, 'j F Y')} – {format_date(last, 'j F Y')}"
