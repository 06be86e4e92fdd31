"""Asking for member access on the public site (issue 18): the form refuses bad input with a
readable error and keeps nothing; a good request is kept and acknowledged by email; the answer is
the same whoever the address belongs to; robots and floods are turned away."""

import time
import unicodedata
from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.members.forms import REFUSED_CATEGORIES, AccessRequestForm
from catalog.models import MembershipRequest
from tests.members_flow import REQUEST, ask, outbox_to

pytestmark = pytest.mark.django_db

SENT = "/members/request/sent/"

BAD = [
    ("name", "", "This field is required."),
    ("name", "   \t  ", "This field is required."),
    ("name", "A" * 151, "at most 150 characters"),
    ("name", "Ana\r\nBcc: victim@evil.example", "Keep this on one line."),
    ("name", "Ana\nRuiz", "Keep this on one line."),
    ("name", "Ana\x00Ruiz", "Null characters are not allowed."),
    ("name", "<script>alert(1)</script>", "Leave out HTML"),
    ("name", "Ana \u202eziuR", "invisible or control characters"),
    ("name", "An\u200ba Ruiz", "invisible or control characters"),
    ("name", "Ana \ue000 Ruiz", "invisible or control characters"),
    ("name", "12345", "Write this in words."),
    ("email", "", "This field is required."),
    ("email", "not-an-email", "Enter a valid email address."),
    ("email", "ana@two@cac.example", "Enter a valid email address."),
    ("email", "ana@cac.example\nBcc: victim@evil.example", "Keep this on one line."),
    ("email", "Ana <ana@cac.example>", "Leave out HTML"),
    ("email", "a" * 140 + "@cac.example", "at most 150 characters"),
    ("organisation", "", "This field is required."),
    ("organisation", "C" * 201, "at most 200 characters"),
    ("organisation", "<b>CAC</b>", "Leave out HTML"),
    ("role", "   ", "This field is required."),
    ("role", "Victim\tadvocate", "invisible or control characters"),
    ("state", "ZZ", "Select a valid choice."),
    ("state", "", "This field is required."),
    ("reason", "", "This field is required."),
    ("reason", "x" * 1001, "at most 1000 characters"),
    ("reason", 'See <img src=x onerror="alert(1)">', "Leave out HTML"),
    ("reason", "Training\x00", "Null characters are not allowed."),
]


@pytest.mark.parametrize(
    ("field", "value", "error"), BAD, ids=[f"{f}-{i}" for i, (f, *_) in enumerate(BAD)]
)
def test_bad_input_gives_a_readable_error_and_keeps_nothing(client, home, field, value, error):
    response = ask(client, **{field: value})
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert 'role="alert"' in html and "Please fix" in html
    assert any(error in message for message in response.context["form"].errors[field])
    assert 'aria-invalid="true"' in html
    assert not MembershipRequest.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    "name", ["José Núñez-O'Brien", "王小明", "Nguyễn Thị Minh", "محمد الأحمد", "Zoë Ångström"]
)
def test_names_in_any_script_are_welcome(client, home, name):
    assert ask(client, name=name).url == SENT
    assert MembershipRequest.objects.get().name == name


def test_a_request_is_kept_and_acknowledged_by_email(client, home):
    response = ask(client)
    assert response.status_code == HTTPStatus.FOUND and response.url == SENT
    request = MembershipRequest.objects.get()
    assert request.status == "pending" and request.user is None
    assert (request.name, request.organisation, request.state) == (
        REQUEST["name"], REQUEST["organisation"], "PA"
    )  # fmt: skip
    [message] = mail.outbox
    assert message.to == [REQUEST["email"]]
    assert message.subject == "We have your request for member access"
    # The address is not proven to be theirs: nothing they typed is repeated to it.
    assert message.body.startswith("Hello,\n") and REQUEST["name"] not in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html" and "<p>Hello,</p>" in html and REQUEST["name"] not in html
    page = client.get(SENT)
    assert "we have your request" in page.content.decode()
    assert "no-store" in page["Cache-Control"]


def sent_page(client: Client) -> str:
    return client.get(SENT).content.decode()


def test_the_answer_is_the_same_for_a_member_a_waiting_request_and_a_newcomer(home):
    newcomer, member, again = Client(), Client(), Client()
    first = ask(newcomer)
    get_user_model().objects.create_user("lee", email="Lee.Park@CAC.example", password="x")
    existing = ask(member, email="lee.park@cac.example")
    repeated = ask(again)
    assert first.status_code == existing.status_code == repeated.status_code == HTTPStatus.FOUND
    assert first.url == existing.url == repeated.url == SENT
    assert sent_page(newcomer) == sent_page(member) == sent_page(again)
    # Only the newcomer's request is kept, and acknowledged once; the member is told by mail
    # that they have an account, which only the address's owner reads.
    assert MembershipRequest.objects.count() == 1
    assert len(outbox_to(REQUEST["email"])) == 1
    [note] = outbox_to("lee.park@cac.example")
    assert note.subject == "You already have a member account"
    assert "/account/password-reset/" in note.body


def test_the_honeypot_turns_robots_away_with_the_same_answer(client, home):
    response = ask(client, website="http://cheap-pills.example")
    assert response.status_code == HTTPStatus.FOUND and response.url == SENT
    assert not MembershipRequest.objects.exists()
    assert mail.outbox == []


def test_the_honeypot_is_out_of_sight_and_out_of_reach(client, home):
    html = client.get("/members/request/").content.decode()
    assert 'class="field member-form__trap"' in html
    assert 'name="website"' in html and 'tabindex="-1"' in html


def test_one_address_may_ask_five_times_an_hour(home, settings):
    assert settings.CATALOG_MEMBER_MAIL_PER_HOUR == 5
    client = Client()
    for number in range(5):
        assert ask(client, email=f"person{number}@cac.example").status_code == HTTPStatus.FOUND
    refused = ask(client, email="person5@cac.example")
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Please wait before you try again" in refused.content.decode()
    assert refused["Retry-After"] == "3600"
    assert MembershipRequest.objects.count() == 5 and len(mail.outbox) == 5
    # Another network is not held up.
    other = ask(Client(), address="203.0.113.9", email="person6@cac.example")
    assert other.status_code == HTTPStatus.FOUND


def test_mistakes_do_not_count_against_the_limit(home):
    client = Client()
    for _ in range(8):
        assert ask(client, email="not-an-email").status_code == HTTPStatus.OK
    assert ask(client).status_code == HTTPStatus.FOUND


def test_the_sign_in_page_and_the_footer_lead_to_the_request_form(client, home):
    sign_in = client.get("/_util/login/").content.decode()
    assert 'href="/members/request/"' in sign_in
    assert 'href="/account/password-reset/"' in sign_in and 'href="/account/renew/"' in sign_in
    footer = client.get("/").content.decode()
    assert 'href="/members/request/"' in footer


def test_the_form_page_is_never_cached_and_kept_out_of_search_engines(client, home):
    response = client.get("/members/request/")
    assert response.status_code == HTTPStatus.OK
    assert "no-store" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex">' in response.content.decode()


FIELDS = ("name", "email", "organisation", "role", "state", "reason")


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(field=st.sampled_from(FIELDS), value=st.text(max_size=2000))
def test_whatever_is_typed_the_form_answers_quickly_and_keeps_only_plain_text(field, value):
    started = time.perf_counter()
    form = AccessRequestForm({**REQUEST, field: value})
    valid = form.is_valid()
    assert time.perf_counter() - started < 0.5
    if valid:
        kept = form.cleaned_data[field]
        allowed = {"\n", "\r", "\t"} if field == "reason" else set()
        assert all(unicodedata.category(c) not in REFUSED_CATEGORIES or c in allowed for c in kept)
        assert field == "reason" or ("<" not in kept and ">" not in kept)
    else:
        assert all(form.errors[name] for name in form.errors)


def test_markup_is_told_from_comparisons_in_linear_time():
    started = time.perf_counter()
    tag = AccessRequestForm({**REQUEST, "reason": "<" + " " * 998 + "b"})
    comparisons = AccessRequestForm({**REQUEST, "reason": "ages < 12 " * 100})
    assert "reason" in tag.errors and comparisons.is_valid()
    assert time.perf_counter() - started < 0.5


def test_one_email_address_gets_at_most_three_member_emails_a_day(home, settings):
    assert settings.CATALOG_MEMBER_MAIL_PER_RECIPIENT_DAY == 3
    get_user_model().objects.create_user("lee", email="lee.park@cac.example", password="x")
    for number in range(3):  # from three networks: each under its own hourly limit
        ask(Client(), address=f"203.0.113.{number}", email="lee.park@cac.example")
    Client().post(
        "/account/password-reset/", {"email": "lee.park@cac.example"}, REMOTE_ADDR="203.0.113.9"
    )
    assert len(outbox_to("lee.park@cac.example")) == 3
    # Other addresses are not held up.
    assert ask(Client(), address="203.0.113.10").status_code == HTTPStatus.FOUND
    assert len(outbox_to(REQUEST["email"])) == 1
