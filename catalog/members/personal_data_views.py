"""The admin's "Members' data" page: one person's data, found by email address, shown, exported
as a JSON download, or erased (catalog.members.personal_data). For those who may delete member
requests (catalog.members.admin); staff accounts are never erased here.

The address travels only in POST bodies, never in a URL (where access logs and browser history
would keep it): the listing's link names a request by its id, and the page finds its address.
"""

import json

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem

from catalog.members import personal_data
from catalog.models import MembershipRequest

RIGHT = "catalog.delete_membershiprequest"


class PersonForm(forms.Form):
    email = forms.EmailField(label="Email address", max_length=254)


class EraseForm(PersonForm):
    confirm = forms.BooleanField(
        label="Yes, erase everything listed here. This cannot be undone.", required=True
    )


def require_right(request: HttpRequest) -> None:
    if not request.user.has_perm(RIGHT):
        raise PermissionDenied("Only those who may delete member requests handle members' data.")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def person_data(request: HttpRequest) -> HttpResponse:
    """GET: the search form (?request=<id>: that request's person). POST: find; with
    `download`, the same as a JSON file; with `erase`, erase it."""
    require_right(request)
    if request.method == "POST" and "erase" in request.POST:
        return erase(request)
    form = PersonForm(request.POST if request.method == "POST" else from_request_id(request))
    data = (
        personal_data.find(form.cleaned_data["email"])
        if form.is_bound and form.is_valid()
        else None
    )
    if data is not None and "download" in request.POST:
        return download(data)
    return show(request, form, data)


def from_request_id(request: HttpRequest) -> dict | None:
    """The address of the request ?request=<id> names, as the form's data; None if none."""
    request_id = request.GET.get("request", "")
    if not request_id.isdigit() or len(request_id) > 18:
        return None
    email = MembershipRequest.objects.filter(pk=int(request_id)).values_list("email", flat=True)
    return {"email": email[0]} if email else None


def show(request: HttpRequest, form: PersonForm, data, erase_form: EraseForm | None = None):
    if data is not None and erase_form is None:
        erase_form = EraseForm(initial={"email": data.email})
    context = {"form": form, "data": data, "erase_form": erase_form, "page_title": "Members' data"}
    return TemplateResponse(request, "catalog/members/admin/person_data.html", context)


def download(data: personal_data.PersonalData) -> HttpResponse:
    body = json.dumps(personal_data.export(data), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = slugify(data.email.replace("@", " at ")) or "person"
    response["Content-Disposition"] = f'attachment; filename="member-data-{name}.json"'
    return response


def erase(request: HttpRequest) -> HttpResponse:
    form = EraseForm(request.POST)
    if not form.is_valid():
        person = PersonForm(request.POST)
        data = personal_data.find(person.cleaned_data["email"]) if person.is_valid() else None
        messages.error(request, "Tick the box to confirm, then erase.")
        return show(request, person, data, erase_form=form)
    data = personal_data.find(form.cleaned_data["email"])
    if data.staff_accounts:
        messages.error(
            request,
            "This address belongs to a staff account (one with admin rights or any permission, "
            "active or not): remove it in Settings > Users instead.",
        )
    elif data.is_empty():
        messages.warning(request, "Nothing is held for that address.")
    else:
        personal_data.erase(data, request.user)
        messages.success(request, "Their requests, membership and account are erased.")
    return redirect(reverse("catalog_member_data"))


@hooks.register("register_admin_urls")
def person_data_urls() -> list:
    return [path("members/data/", person_data, name="catalog_member_data")]


class MemberDataMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(RIGHT)


@hooks.register("register_settings_menu_item")
def person_data_menu_item() -> MenuItem:
    url = reverse("catalog_member_data")
    return MemberDataMenuItem("Members' data", url, icon_name="user", order=910)
