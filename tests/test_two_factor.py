"""Staff two-factor sign-in (issue 12, finding 7): enrol an authenticator app, then the admin
asks for its code after the password; a setting makes it compulsory; members never meet it."""

import re
from http import HTTPStatus
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

ENROL = "/account/two-factor/"
QR = "/account/two-factor/qr.svg"
VERIFY = "/account/two-factor/verify/"


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the staff member's app shows now (RFC 6238, computed as the app does)."""
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    return f"{value:0{device.digits}d}"


@pytest.fixture
def editor(home, django_user_model):
    user = django_user_model.objects.create_user("editor", password="editor-pass-1")
    user.groups.add(Group.objects.get(name="Catalog editors"))
    return user


@pytest.fixture
def editor_with_app(editor) -> TOTPDevice:
    return TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)


def password_sign_in(username: str, password: str) -> Client:
    client = Client()
    response = client.post("/admin/login/", {"username": username, "password": password})
    assert response.status_code == HTTPStatus.FOUND
    return client


def test_enrolment_with_a_real_code_turns_it_on(editor):
    client = password_sign_in("editor", "editor-pass-1")
    page = client.get(ENROL)
    text = page.content.decode()
    assert page.status_code == HTTPStatus.OK
    assert "no-store" in page["Cache-Control"]
    assert "otpauth://totp/CAC%20Training%20%26%20Resource%20Catalog%3Aeditor?secret=" in text
    assert f'<img src="{QR}"' in text
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", text).group(1)
    assert secret.replace(" ", "") in device.config_url  # the same secret, typed by hand

    qr = client.get(QR)
    assert qr["Content-Type"] == "image/svg+xml"
    assert qr.content.lstrip().startswith(b"<?xml") and b"<svg" in qr.content
    assert "no-store" in qr["Cache-Control"]

    response = client.post(ENROL, {"token": code(device), "next": "/admin/pages/"})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/admin/pages/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == HTTPStatus.OK  # verified by the enrolment


def test_a_wrong_code_does_not_enrol(editor):
    client = password_sign_in("editor", "editor-pass-1")
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=editor)
    wrong = f"{(int(code(device)) + 1) % 10**6:06d}"
    response = client.post(ENROL, {"token": wrong})
    assert response.status_code == HTTPStatus.OK
    assert "That code did not match" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_the_admin_is_refused_until_the_code_is_given(editor_with_app, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wrong code's pause is tested below
    client = password_sign_in("editor", "editor-pass-1")
    for url in ("/admin/", "/admin/pages/", "/admin/sign-in-lockouts/"):
        response = client.get(url)
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith(f"{VERIFY}?next=")
    wrong = client.post(VERIFY, {"token": "000000" if code(editor_with_app) != "000000" else "1"})
    assert wrong.status_code == HTTPStatus.OK
    assert "That code did not match" in wrong.content.decode()
    assert client.get("/admin/").status_code == HTTPStatus.FOUND
    right = client.post(VERIFY, {"token": code(editor_with_app), "next": "/admin/pages/"})
    assert right["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == HTTPStatus.OK


def test_wrong_codes_are_throttled(editor_with_app):
    client = password_sign_in("editor", "editor-pass-1")
    client.post(VERIFY, {"token": "not-a-code"})  # refused by the form, not counted
    client.post(VERIFY, {"token": f"{(int(code(editor_with_app)) + 1) % 10**6:06d}"})
    response = client.post(VERIFY, {"token": code(editor_with_app)})  # right, but too soon
    assert "Too many wrong codes" in response.content.decode()
    assert client.get("/admin/").status_code == HTTPStatus.FOUND


def test_a_used_code_cannot_be_used_again(editor_with_app):
    first = password_sign_in("editor", "editor-pass-1")
    token = code(editor_with_app)
    assert first.post(VERIFY, {"token": token}).status_code == HTTPStatus.FOUND
    second = password_sign_in("editor", "editor-pass-1")
    assert second.post(VERIFY, {"token": token}).status_code == HTTPStatus.OK  # refused
    assert second.get("/admin/").status_code == HTTPStatus.FOUND


def test_the_code_page_sends_only_to_our_own_pages(editor_with_app):
    client = password_sign_in("editor", "editor-pass-1")
    response = client.post(
        VERIFY, {"token": code(editor_with_app), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/admin/"


def test_with_the_setting_on_staff_without_an_app_must_enrol(editor, settings):
    client = password_sign_in("editor", "editor-pass-1")
    assert client.get("/admin/").status_code == HTTPStatus.OK  # optional by default
    settings.CATALOG_STAFF_2FA_REQUIRED = True
    response = client.get("/admin/pages/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{ENROL}?next=%2Fadmin%2Fpages%2F"
    assert client.get(VERIFY)["Location"].startswith(ENROL)
    assert client.get(ENROL).status_code == HTTPStatus.OK  # the way out is open


def test_signing_out_of_the_admin_needs_no_code(editor_with_app):
    client = password_sign_in("editor", "editor-pass-1")
    assert client.post("/admin/logout/").status_code == HTTPStatus.FOUND
    assert "_auth_user_id" not in client.session


def test_members_are_never_asked(member, settings, home):
    settings.CATALOG_STAFF_2FA_REQUIRED = True
    client = Client()
    signed_in = client.post("/_util/login/", {"username": "member", "password": "member-pass-1"})
    assert signed_in["Location"] == "/"
    assert client.get("/").status_code == HTTPStatus.OK
    admin = client.get("/admin/")  # Wagtail refuses them; no code is asked for
    assert admin.status_code == HTTPStatus.FOUND
    assert admin["Location"].startswith("/admin/login/")
    assert client.get(ENROL).status_code == HTTPStatus.FORBIDDEN
    assert client.get(QR).status_code == HTTPStatus.FORBIDDEN
    assert not TOTPDevice.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, home):
    for url in (ENROL, QR, VERIFY):
        response = client.get(url)
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith("/admin/login/?next=")


def test_once_enrolled_the_secret_is_never_shown_again(editor_with_app):
    client = Client()
    client.force_login(editor_with_app.user)
    text = client.get(ENROL).content.decode()
    assert "Two-factor sign-in is on" in text
    assert "otpauth://" not in text
    assert client.get(QR).status_code == HTTPStatus.NOT_FOUND


def test_the_pages_keep_the_strict_policy(editor):
    client = password_sign_in("editor", "editor-pass-1")
    for url in (ENROL, QR):
        response = client.get(url)
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert "style=" not in response.content.decode() or url == QR


def test_the_admin_account_page_offers_it(editor):
    client = password_sign_in("editor", "editor-pass-1")
    assert ENROL in client.get("/admin/account/").content.decode()


def test_an_administrator_removes_a_lost_device(editor_with_app):
    out = StringIO()
    call_command("remove_two_factor", "editor", stdout=out)
    assert "Removed 1 two-factor device of editor." in out.getvalue()
    assert not TOTPDevice.objects.exists()
    client = password_sign_in("editor", "editor-pass-1")
    assert client.get("/admin/").status_code == HTTPStatus.OK  # the password alone, again
    with pytest.raises(CommandError, match="No account is called 'nobody'"):
        call_command("remove_two_factor", "nobody")
