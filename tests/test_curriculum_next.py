"""A curriculum page's "Next:" line under the summary (the next offering's dates, place and
Register link, or whom to ask), and the chapter contact it falls back on: email, phone, link."""

import datetime
import html
import re
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from catalog.models import ChapterPage, CurriculumPage
from catalog.templatetags.date_ranges import date_range
from tests import factories

pytestmark = pytest.mark.django_db

NEXT_LINE = re.compile(r'<p class="next-offering[^"]*">(.*?)</p>', re.S)


def text(markup: str) -> str:
    """The text a reader sees: blocks apart, inline elements run into their sentence."""
    markup = re.sub(r"</?(?:p|div|dt|dd|li|h[1-6]|section|header)\b[^>]*>", " ", markup)
    return html.unescape(" ".join(re.sub(r"<[^>]+>", "", markup).split()))


def next_line(client, page) -> str:
    """The "Next:" line's markup; it stands between the summary and the facts."""
    body = client.get(page.url).content.decode()
    match = NEXT_LINE.search(body)
    assert match, "no Next line"
    assert body.index('class="lede"') < match.start() < body.index('class="entry__facts"')
    return match.group(1)


def next_year(month: int, day: int) -> datetime.date:
    return datetime.date(datetime.date.today().year + 1, month, day)


def chapter_with_contact(**fields) -> ChapterPage:
    return factories.chapter(
        title="CACs of Pennsylvania",
        contact_name="Chris Kirchner",
        contact_email="trainings@example.org",
        contact_phone="717-555-0142",
        contact_link="https://example.org/contact",
        **fields,
    )


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ((2027, 1, 6), None, "6 January 2027"),
        ((2027, 1, 6), (2027, 1, 6), "6 January 2027"),
        ((2027, 1, 6), (2027, 1, 7), "6–7 January 2027"),
        ((2027, 1, 31), (2027, 2, 1), "31 January – 1 February 2027"),
        ((2026, 12, 31), (2027, 1, 1), "31 December 2026 – 1 January 2027"),
    ],
)
def test_date_ranges_name_the_month_and_year_once(first, last, expected):
    assert date_range(datetime.date(*first), last and datetime.date(*last)) == expected


def test_the_next_offering_shows_its_dates_place_and_register_link(client, home):
    page = factories.curriculum(chapter_with_contact(), title="Two-day training")
    later = factories.offering(page, start_date=next_year(3, 2), venue="Pittsburgh")
    factories.offering(
        page,
        start_date=next_year(1, 6),
        end_date=next_year(1, 7),
        venue="Harrisburg",
        registration_url="https://example.org/register",
    )
    line = next_line(client, page)
    year = next_year(1, 6).year
    assert text(line).startswith(f"Next: 6–7 January {year} · Harrisburg · Register")
    assert text(line).endswith("All dates")
    assert '<a class="next-offering__register" href="https://example.org/register"' in line
    assert f'<time datetime="{year}-01-06">' in line
    assert '<a href="#offerings">All dates</a>' in line
    assert 'id="offerings"' in client.get(page.url).content.decode()  # where "All dates" leads
    assert "Pittsburgh" not in line and later.venue in client.get(page.url).content.decode()


def test_an_online_offering_says_online_and_one_without_a_link_has_no_register(client, home):
    page = factories.curriculum()
    factories.offering(page, days_from_today=10, delivery_format="online", venue="")
    line = text(next_line(client, page))
    assert " · Online · All dates" in line
    assert "Register" not in line


def test_past_and_cancelled_offerings_are_never_next_and_a_full_one_says_so(client, home):
    page = factories.curriculum()
    link = "https://example.org/register"
    factories.offering(page, days_from_today=-3, venue="Erie", registration_url=link)
    factories.offering(
        page, days_from_today=5, venue="Scranton", status="cancelled", registration_url=link
    )
    factories.offering(page, days_from_today=9, venue="Allentown", status="full")
    factories.offering(page, days_from_today=40, venue="Reading", registration_url=link)
    line = text(next_line(client, page))
    assert "Allentown · Full · All dates" in line
    for elsewhere in ["Erie", "Scranton", "Reading", "Register"]:
        assert elsewhere not in line


def test_without_upcoming_dates_the_line_leads_to_the_chapters_contact(client, home):
    chapter = chapter_with_contact()
    page = factories.curriculum(chapter)
    factories.offering(page, days_from_today=-30, registration_url="https://example.org/r")
    factories.offering(page, days_from_today=20, status="cancelled")
    line = next_line(client, page)
    assert text(line) == "No upcoming dates: contact the chapter"
    assert f'<a href="{chapter.url}#contact">contact the chapter</a>' in line

    chapter_html = client.get(chapter.url).content.decode()
    contact = re.search(r'<div id="contact">(.*?)</div>', chapter_html, re.S)
    assert contact, "the link's target is missing on the chapter page"
    assert text(contact.group(1)) == (
        "Contact Chris Kirchner, trainings@example.org, 717-555-0142, Contact page"
    )
    assert '<a href="mailto:trainings@example.org">' in contact.group(1)
    assert 'href="tel:7175550142">717-555-0142</a>' in contact.group(1)
    assert '<a href="https://example.org/contact" rel="noopener noreferrer">' in contact.group(1)


def test_the_curriculum_page_shows_the_chapters_whole_contact_unless_it_has_its_own(client, home):
    chapter = chapter_with_contact()
    borrowed = factories.curriculum(chapter)
    body = text(client.get(borrowed.url).content.decode())
    assert "Contact Chris Kirchner, trainings@example.org, 717-555-0142, Contact page" in body
    assert 'href="tel:7175550142"' in client.get(borrowed.url).content.decode()

    own = factories.curriculum(chapter, contact_name="Pat Lee", contact_email="pat@example.org")
    markup = client.get(own.url).content.decode()
    assert "Contact Pat Lee, pat@example.org" in text(markup)
    assert "tel:" not in markup  # the chapter's number is not passed off as Pat's


def test_a_members_only_training_and_its_dates_stay_hidden_from_visitors(
    client, member_client, home
):
    chapter = factories.chapter()
    public = factories.curriculum(chapter, title="Public training")
    private = factories.members_only(factories.curriculum(chapter, title="Members' training"))
    factories.offering(private, days_from_today=3, venue="Members' venue")
    factories.offering(public, days_from_today=30, venue="Public venue")

    # The public page's Next is its own offering, never the sooner members-only one.
    assert "Public venue" in text(next_line(client, public))
    assert "Members' venue" not in client.get(public.url).content.decode()
    assert "Members' venue" not in client.get(chapter.url).content.decode()

    response = client.get(private.url)
    assert response.status_code == HTTPStatus.FOUND  # to sign in
    assert b"Members' venue" not in response.content
    assert "Members' venue" in text(next_line(member_client, private))


def test_a_draft_trainings_dates_are_nobodys_next(client, home):
    draft = factories.curriculum(live=False)
    factories.offering(draft, days_from_today=3, venue="Draft venue")
    assert client.get(draft.url).status_code == HTTPStatus.NOT_FOUND
    assert b"Draft venue" not in client.get(draft.get_parent().url).content


def test_curriculum_and_chapter_pages_load_the_local_time_script(client, home):
    page = factories.curriculum()
    script = re.compile(r'<script src="/static/js/local-time\.[0-9a-f]+\.js" defer>')
    for url in [page.url, page.get_parent().url]:
        assert script.search(client.get(url).content.decode()), url


def test_the_chapter_phone_must_be_a_number_and_the_link_an_address(home):
    chapter = factories.chapter()
    chapter.contact_phone, chapter.contact_link = "call Chris", "not a link"
    with pytest.raises(ValidationError) as error:
        chapter.full_clean()
    assert {"contact_phone", "contact_link"} <= set(error.value.message_dict)
    chapter.contact_phone, chapter.contact_link = "+1 (717) 555-0142", "https://example.org/c"
    chapter.full_clean()
    assert chapter.contact.phone_uri == "tel:+17175550142"


def test_editors_give_the_chapters_phone_and_link_in_the_admin(admin_client, home):
    chapter = factories.chapter()
    response = admin_client.get(f"/admin/pages/{chapter.pk}/edit/")
    form = response.context["form"]
    for name in ["contact_phone", "contact_link"]:
        assert name in form.fields
        assert form.fields[name].help_text


def test_the_demo_chapter_has_a_whole_contact_and_the_two_day_training_a_next_date(client):
    call_command("load_demo", allow_without_debug=True, stdout=StringIO())
    chapter = ChapterPage.objects.get(slug="pennsylvania")
    assert all(chapter.contact), chapter.contact
    page = CurriculumPage.objects.get(slug="survivor-led-two-day-training")
    line = text(next_line(client, page))
    first_day = datetime.date.today() + datetime.timedelta(days=38)  # trainings.toml
    assert line.startswith(f"Next: {date_range(first_day, first_day + datetime.timedelta(1))}")
    assert "Harrisburg" in line and "Register" in line
