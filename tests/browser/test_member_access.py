"""Becoming a member, in a real browser (issue 18): a visitor asks for access from the sign-in
page, a moderator approves the request in the admin, the new member chooses a password from the
emailed link (read from Django's test outbox: the live server runs in this process) and signs in
to read a members-only entry. Every page is checked with axe and at 320 px."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import Page, expect
from wagtail.models import PageViewRestriction

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "ana.ruiz@cac-lancaster.example"
PASSWORD = "a long member passphrase 7"


def emailed_path(prefix: str) -> str:
    """The path of the newest emailed link to EMAIL that starts with `prefix`."""
    for message in reversed(mail.outbox):
        if message.to == [EMAIL]:
            for url in re.findall(r"https?://\S+", message.body):
                if urlsplit(url).path.startswith(prefix):
                    return urlsplit(url).path
    raise AssertionError(f"no link to {prefix} was emailed to {EMAIL}")


def ask_for_access(page: Page, audit) -> None:
    page.goto("/_util/login/")
    audit(page, "members' sign-in, with its links")
    page.get_by_role("main").get_by_role("link", name="Request member access").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request member access")
    audit(page, "request member access")

    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("alert")).to_contain_text("Please fix these")
    audit(page, "request member access: errors")

    page.get_by_label("Your name").fill("Ana Ruiz")
    page.get_by_label("Work email").fill(EMAIL)
    page.get_by_label("Organisation").fill("Lancaster County Children's Alliance")
    page.get_by_label("Role or discipline").fill("Victim advocate")
    page.get_by_label("State").select_option(label="Pennsylvania")
    page.get_by_label("Why do you need access?").fill("I train our team on screening.")
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: we have your request")
    audit(page, "request sent")


def approve_as_moderator(page: Page, audit) -> None:
    page.goto("/admin/login/")
    audit(page, "admin: sign in")
    page.get_by_label("Username").fill("moderator")
    page.get_by_label("Password").fill("changeme")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("1 request waits for a decision")).to_be_visible()
    audit(page, "admin: dashboard with a waiting request")

    page.get_by_role("link", name="1 request waits for a decision").click()
    expect(page.get_by_text("Ana Ruiz, Lancaster County")).to_be_visible()
    audit(page, "admin: member requests")
    page.get_by_role("button", name=re.compile("More options for 'Ana Ruiz")).click()
    page.get_by_role("link", name="Approve").click()
    expect(page.get_by_role("heading", level=2, name="Ana Ruiz")).to_be_visible()
    audit(page, "admin: approve a request")
    page.get_by_label("Message").fill("Welcome to the catalog.")
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_text("Approved 1; each was told by email.")).to_be_visible()
    audit(page, "admin: after approving")
    page.context.clear_cookies()


def test_request_approve_set_password_and_sign_in(demo, page, audit):
    restricted = PageViewRestriction.objects.select_related("page").first().page.specific
    ask_for_access(page, audit)
    approve_as_moderator(page, audit)

    page.goto(emailed_path("/account/set-password/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose your password")
    audit(page, "choose your password")
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("New password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Save my password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password is saved")
    audit(page, "password saved")

    page.get_by_role("main").get_by_role("link", name="Sign in", exact=True).click()
    audit(page, "members' sign-in")
    page.locator("input[name=username]").fill(EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    expect(page).to_have_url(re.compile(r"/$"))
    audit(page, "home, signed in")

    page.goto(restricted.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(restricted.title)
    audit(page, "a members-only entry")
    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_text("Lancaster County Children's Alliance")).to_be_visible()
    audit(page, "your account")
