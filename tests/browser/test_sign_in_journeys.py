"""Signing in as people do, in a real browser on the demo accounts: a member who keeps getting
the password wrong meets the pause page; a moderator turns on two-factor sign-in with an
authenticator app and is asked for a code the next time. Every page is checked with axe and at
320 px (tests/browser/conftest.py)."""

import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page, expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in(page: Page, url: str, username: str, password: str) -> None:
    page.goto(url)
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("input[name=password]").press("Enter")


def test_too_many_wrong_passwords_pause_sign_in_with_a_readable_page(demo, page, audit):
    for attempt in range(5):
        sign_in(page, "/_util/login/", "member", f"wrong-{attempt}")
    sign_in(page, "/_util/login/", "member", "changeme")  # the right one, too late
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in is paused")
    expect(page.get_by_role("alert")).to_contain_text("Even the right password will not work")
    audit(page, "sign-in paused")


def code_for(secret: str) -> str:
    """The code an authenticator app shows now for the secret the page gave."""
    return f"{totp(b32decode(secret.replace(' ', ''))):06d}"


def test_a_moderator_turns_on_two_factor_and_is_asked_for_a_code(demo, page, audit):
    page.goto("/admin/login/")
    audit(page, "admin: sign in")
    sign_in(page, "/admin/login/", "moderator", "changeme")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    audit(page, "admin: dashboard")
    page.goto("/account/two-factor/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor sign-in")
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    audit(page, "two-factor: enrol")

    secret = page.locator("code").first.inner_text()
    used = code_for(secret)
    page.get_by_role("textbox").fill(used)
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_text("Two-factor sign-in is on")).to_be_visible()
    audit(page, "admin: two-factor is on")

    page.context.clear_cookies()
    sign_in(page, "/admin/login/", "moderator", "changeme")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    audit(page, "two-factor: code asked")
    page.get_by_role("textbox").fill("000000" if used != "000000" else "111111")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_be_visible()
    audit(page, "two-factor: wrong code")

    # After a wrong code the next try waits a moment (throttling); a code works once, so wait
    # for the app's next one if the enrolment's is still current.
    time.sleep(2)
    deadline = time.time() + 35
    while code_for(secret) == used and time.time() < deadline:
        time.sleep(1)
    page.get_by_role("textbox").fill(code_for(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    audit(page, "admin: dashboard, after the code")
