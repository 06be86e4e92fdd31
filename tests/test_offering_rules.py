"""The rules an editor meets when saving an offering (`CurriculumOffering.clean()`): each one
refuses what it should, with its message on the field to fix, and lets the nearest good value by.

The admin's inline form calls `clean()` (tests/test_offerings.py shows a venue refused there);
these call it directly, one rule at a time, from an offering that passes every rule.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from catalog.models import CurriculumOffering
from catalog.models.offerings import FIRST_YEAR, LONGEST_DAYS, YEARS_AHEAD

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def offering(**fields) -> CurriculumOffering:
    """A one-day in-person offering a month from now, 9:00 to 16:00 Eastern, with `fields`."""
    values = {
        "start_date": TODAY + 30 * DAY,
        "start_time": datetime.time(9),
        "end_time": datetime.time(16),
        "delivery_format": "in-person",
        "venue": "Harrisburg, Pennsylvania",
        **fields,
    }
    return CurriculumOffering(**values)


def refusal(fields: dict) -> dict[str, list[str]]:
    """The field → messages `clean()` gives for an offering with `fields`."""
    with pytest.raises(ValidationError) as refused:
        offering(**fields).clean()
    return refused.value.message_dict


def test_the_offering_the_rules_start_from_is_accepted():
    offering().clean()


@pytest.mark.parametrize(
    "fields",
    [
        {"venue": ""},
        {"venue": "   "},  # spaces are no venue
        {"delivery_format": "hybrid", "venue": ""},
    ],
)
def test_an_offering_at_a_venue_needs_one(fields):
    assert refusal(fields) == {"venue": ["Give the venue, or choose the “Online” format."]}


def test_an_online_offering_needs_no_venue():
    offering(delivery_format="online", venue="").clean()


def year(number: int) -> datetime.date:
    return datetime.date(number, 3, 1)


@pytest.mark.parametrize(
    "start_date", [year(FIRST_YEAR - 1), year(2206), year(TODAY.year + YEARS_AHEAD + 1)]
)
def test_a_start_date_in_an_unlikely_year_is_refused(start_date):
    message = f"Give a date between {FIRST_YEAR} and {YEARS_AHEAD} years from now."
    assert refusal({"start_date": start_date}) == {"start_date": [message]}


@pytest.mark.parametrize(
    "start_date", [datetime.date(FIRST_YEAR, 1, 1), datetime.date(TODAY.year + YEARS_AHEAD, 12, 31)]
)
def test_the_first_and_last_likely_years_are_accepted(start_date):
    offering(start_date=start_date).clean()


def test_an_offering_longer_than_the_longest_is_refused():
    start = TODAY + 30 * DAY
    message = f"An offering lasts at most {LONGEST_DAYS} days; check the last day."
    assert refusal({"start_date": start, "end_date": start + (LONGEST_DAYS + 1) * DAY}) == {
        "end_date": [message]
    }
    offering(start_date=start, end_date=start + LONGEST_DAYS * DAY).clean()


def test_a_last_day_before_the_first_is_refused():
    start = TODAY + 30 * DAY
    assert refusal({"start_date": start, "end_date": start - DAY}) == {
        "end_date": ["The last day is before the first day."]
    }


@pytest.mark.parametrize("end_time", [datetime.time(9), datetime.time(8, 30)])
def test_a_day_that_ends_when_or_before_it_starts_is_refused(end_time):
    assert refusal({"end_time": end_time}) == {
        "end_time": ["The offering must end after it starts."]
    }


def test_over_several_days_the_last_day_may_end_earlier_in_the_day_than_the_first_starts():
    start = TODAY + 30 * DAY
    offering(start_date=start, end_date=start + DAY, end_time=datetime.time(8)).clean()


def test_the_end_is_compared_in_the_offerings_own_time_zone():
    """9:00 to 10:00 Pacific is an hour long, whatever the server's zone."""
    zoned = offering(time_zone="America/Los_Angeles", end_time=datetime.time(10))
    zoned.clean()
    assert zoned.ends_at - zoned.starts_at == datetime.timedelta(hours=1)


def test_a_registration_deadline_after_the_last_day_is_refused():
    start = TODAY + 30 * DAY
    message = "The deadline is after the offering ends."
    assert refusal({"start_date": start, "registration_deadline": start + DAY}) == {
        "registration_deadline": [message]
    }
    assert refusal(
        {"start_date": start, "end_date": start + 2 * DAY, "registration_deadline": start + 3 * DAY}
    ) == {"registration_deadline": [message]}


def test_a_registration_deadline_up_to_the_last_day_is_accepted():
    start = TODAY + 30 * DAY
    offering(start_date=start, registration_deadline=start).clean()
    offering(
        start_date=start, end_date=start + 2 * DAY, registration_deadline=start + 2 * DAY
    ).clean()


@pytest.mark.parametrize("missing", ["start_date", "start_time", "end_time"])
def test_a_missing_date_or_time_is_left_for_the_form_to_report(missing):
    """The form names the empty required field; clean() adds no second, confusing message."""
    offering(**{missing: None}).clean()
