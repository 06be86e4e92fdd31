"""Two-factor sign-in for staff: a time-based code (TOTP, RFC 6238) from an authenticator app
after the password, with django-otp and its TOTP device.

- Enrolment (`/account/two-factor/`): a staff member scans a QR code (or types the secret
  shown beside it), then proves the app works by entering a code. The QR code is an SVG drawn
  on our own origin, so the strict policy (img-src 'self', no data: URI) holds.
- The gate (`second_factor_gate`): once a staff member has a device, the admin is out of reach
  after a password sign-in until a code is entered (`/account/two-factor/verify/`). With
  CATALOG_STAFF_2FA_REQUIRED on, staff without a device are sent to enrol first.
- Members never meet any of it: they have no admin to reach.

django-otp throttles wrong codes per device (OTP_TOTP_THROTTLE_FACTOR: a pause that doubles
with each miss), and refuses a code that was already used.
"""

from base64 import b32encode
from collections.abc import Callable
from io import BytesIO
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail import hooks

from catalog.staff import is_staff

ADMIN_SIGN_IN = reverse_lazy("wagtailadmin_login")


class CodeForm(forms.Form):
    """The six-digit code an authenticator app shows."""

    token = forms.CharField(
        label="Code from your authenticator app",
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].replace(" ", "")
        if not (token.isascii() and token.isdigit()):
            raise forms.ValidationError("Enter the digits your app shows, without letters.")
        return token


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user) -> TOTPDevice:
    """The device being enrolled: made once, kept until confirmed, so a reload shows the
    same secret the app may already hold."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def next_page(request: HttpRequest) -> str:
    """Where to go once verified: the admin page asked for, if it is ours; else the admin."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else reverse("wagtailadmin_home")


def staff_only(view: Callable) -> Callable:
    """Signed-out visitors go to the admin's sign-in; members get 403. Never cached."""

    def wrapped(request: HttpRequest) -> HttpResponse:
        if not is_staff(request.user):
            raise PermissionDenied("Two-factor sign-in is for staff.")
        return view(request)

    wrapped.__doc__ = view.__doc__
    return never_cache(login_required(wrapped, login_url=ADMIN_SIGN_IN))


@staff_only
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: the QR code and secret, then a code to confirm it."""
    if confirmed_device(request.user):
        return TemplateResponse(request, "catalog/two_factor_enrol.html", {"enrolled": True})
    device = pending_device(request.user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(
                request,
                "Two-factor sign-in is on: from now on the admin asks for a code from your app "
                "after your password.",
            )
            return redirect(next_page(request))
        form.add_error("token", "That code did not match. Enter the code your app shows now.")
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "config_url": device.config_url,
        "next": next_page(request),
    }
    return TemplateResponse(request, "catalog/two_factor_enrol.html", context)


@staff_only
def qr_code(request: HttpRequest) -> HttpResponse:
    """The QR code of the device being enrolled, as SVG; none once enrolment is done."""
    if confirmed_device(request.user):
        raise Http404("Two-factor sign-in is already set up.")
    buffer = BytesIO()
    segno.make(pending_device(request.user).config_url, error="m").save(
        buffer, kind="svg", scale=5, border=4, title="QR code for your authenticator app"
    )
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@staff_only
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the enrolled app."""
    device = confirmed_device(request.user)
    if device is None:
        return redirect(f"{reverse('two_factor_enrol')}?{urlencode({'next': next_page(request)})}")
    # django_otp's OTPMiddleware gives every request's user is_verified(); no stubs say so.
    if request.user.is_verified():  # type: ignore[union-attr]
        return redirect(next_page(request))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            form.add_error("token", "Too many wrong codes. Wait a minute, then try again.")
        elif verify_token(request.user, device.persistent_id, form.cleaned_data["token"]):
            otp_login(request, device)
            return redirect(next_page(request))
        else:
            form.add_error("token", "That code did not match. Enter the code your app shows now.")
    context = {"form": form, "next": next_page(request)}
    return TemplateResponse(request, "catalog/two_factor_verify.html", context)


def second_factor_redirect(request: HttpRequest) -> HttpResponse | None:
    """Where staff who still owe a code go instead of the admin page they asked for."""
    admin = reverse("wagtailadmin_home")
    if not request.path_info.startswith(admin) or request.path_info in {
        str(ADMIN_SIGN_IN),
        reverse("wagtailadmin_logout"),
    }:
        return None
    target = owed_second_factor(request.user)
    if target is None:
        return None
    return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


def owed_second_factor(user) -> str | None:
    """For staff who still owe a code (they have an app, or must set one up), the view that
    asks for it; None for everyone else. Until it is given, nothing of staff's rights counts."""
    if not is_staff(user) or user.is_verified():
        return None
    if confirmed_device(user):
        return "two_factor_verify"
    if settings.CATALOG_STAFF_2FA_REQUIRED:
        return "two_factor_enrol"
    return None


def second_factor_gate(get_response: Callable) -> Callable:
    """Middleware, after django-otp's OTPMiddleware: the admin only for verified staff."""

    def middleware(request: HttpRequest) -> HttpResponse:
        return second_factor_redirect(request) or get_response(request)

    return middleware


@hooks.register("register_account_menu_item")
def two_factor_account_item(request: HttpRequest) -> dict:
    """A button on the admin's account page."""
    return {
        "url": reverse("two_factor_enrol"),
        "label": "Two-factor sign-in",
        "help_text": "Ask for a code from an authenticator app after your password.",
    }
