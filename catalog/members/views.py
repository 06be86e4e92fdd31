"""The members' pages on the public site, in the site's own look: asking for access, the account
page, renewing, and Django's password views (change, reset, set from the emailed link).

None of them is cached anywhere (`never_cache`). Forms that send mail count against the
per-client limit, and their mail against the per-recipient one (catalog.members.limits); they
answer the same whether or not the address belongs to anyone, so that they never tell who is a
member.
"""

from django.contrib.auth import views as auth
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache

from catalog.members.access import membership_of
from catalog.members.decisions import receive
from catalog.members.forms import (
    AccessRequestForm,
    MemberPasswordResetForm,
    RenewalForm,
    RenewalLinkForm,
)
from catalog.members.limits import over_limit, to_visitor, too_many_response
from catalog.members.mail import send_all
from catalog.members.renewal import answer_to_asking, membership_for_token, renew_as_member
from catalog.members.window import Renewal, renewal_closes, renewal_opens, renewal_state
from catalog.models import Membership

SIGN_IN = reverse_lazy("wagtailcore_login")
TEMPLATES = "catalog/members/"


def members_only(view):
    """Signed-in visitors only (others go to the members' sign-in); never cached."""
    return never_cache(login_required(view, login_url=SIGN_IN))


def page(request: HttpRequest, name: str, context: dict | None = None, status: int = 200):
    return TemplateResponse(request, f"{TEMPLATES}{name}.html", context or {}, status=status)


@never_cache
def request_access(request: HttpRequest) -> HttpResponse:
    """The public "Request member access" form."""
    form = AccessRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if over_limit(request):
            return too_many_response(request)
        if not form.is_robot():
            send_all(to_visitor(receive(form.request())))
        return redirect("member_request_sent")
    return page(request, "request_access", {"form": form})


@never_cache
def request_sent(request: HttpRequest) -> HttpResponse:
    return page(request, "request_sent")


@members_only
def account(request: HttpRequest) -> HttpResponse:
    """The member's details, their membership's end, and what they can do about it."""
    membership = membership_of(request.user)
    context = {"membership": membership}
    if membership is not None:
        context.update(window(membership))
    return page(request, "account", context)


def window(membership: Membership) -> dict:
    """What the account and renewal pages say about renewing (catalog.members.window)."""
    state = renewal_state(membership)
    return {
        "state": state,
        "may_renew": state == Renewal.OPEN,
        "renewal_opens": renewal_opens(membership),
        "renewal_closes": renewal_closes(membership),
    }


@never_cache
def renew(request: HttpRequest) -> HttpResponse:
    """Signed in: the renewal form. Signed out (a membership that has ended cannot sign in):
    ask for a renewal link by email."""
    membership = membership_of(request.user) if request.user.is_authenticated else None
    if membership is not None:
        return renewal_form(request, membership)
    if request.user.is_authenticated:
        return redirect("member_account")
    return renewal_link_form(request)


@never_cache
def renew_with_link(request: HttpRequest, token: str) -> HttpResponse:
    """The renewal form, from the link in a reminder: no sign-in needed."""
    membership = membership_for_token(token)
    if membership is None:
        return page(request, "renewal_link_invalid", {"form": RenewalLinkForm()}, status=404)
    return renewal_form(request, membership)


def renewal_form(request: HttpRequest, membership: Membership) -> HttpResponse:
    context = {"membership": membership, **window(membership)}
    if not context["may_renew"]:
        return page(request, "renew", context)
    initial = {"organisation": membership.organisation, "role": membership.role}
    form = RenewalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        renewed, message = renew_as_member(
            membership, form.cleaned_data["organisation"], form.cleaned_data["role"]
        )
        send_all([message] if message else [])
        membership.refresh_from_db()
        return page(request, "renewed", {"membership": membership, "renewed": renewed})
    return page(request, "renew", {**context, "form": form})


def renewal_link_form(request: HttpRequest) -> HttpResponse:
    form = RenewalLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if over_limit(request):
            return too_many_response(request)
        email = form.cleaned_data["email"]
        memberships = Membership.objects.filter(
            user__email__iexact=email, user__is_active=True
        ).select_related("user")
        send_all(to_visitor(answer_to_asking(found) for found in memberships))
        return page(request, "renewal_link_sent")
    return page(request, "renewal_link", {"form": form})


class PasswordResetView(auth.PasswordResetView):
    """Django's password reset by email, limited per address like every form that sends mail."""

    form_class = MemberPasswordResetForm
    template_name = f"{TEMPLATES}password_reset.html"
    success_url = reverse_lazy("member_password_reset_sent")

    def form_valid(self, form):
        if over_limit(self.request):
            return too_many_response(self.request)
        return super().form_valid(form)


password_reset = never_cache(PasswordResetView.as_view())
password_reset_sent = never_cache(
    auth.PasswordResetDoneView.as_view(template_name=f"{TEMPLATES}password_reset_sent.html")
)
set_password = auth.PasswordResetConfirmView.as_view(
    template_name=f"{TEMPLATES}set_password.html",
    success_url=reverse_lazy("member_password_set"),
)
password_set = never_cache(
    auth.PasswordResetCompleteView.as_view(template_name=f"{TEMPLATES}password_set.html")
)
change_password = members_only(
    auth.PasswordChangeView.as_view(
        template_name=f"{TEMPLATES}change_password.html",
        success_url=reverse_lazy("member_password_changed"),
    )
)
password_changed = members_only(
    auth.PasswordChangeDoneView.as_view(template_name=f"{TEMPLATES}password_changed.html")
)
