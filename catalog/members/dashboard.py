"""The admin's dashboard panel counting member requests that wait for a decision, and the
members' actions as Wagtail's log names them (each decision is logged with who and when)."""

from django.http import HttpRequest
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component

from catalog.models import MembershipRequest

LOG_ACTIONS = {
    "catalog.members.request": ("Member request received", "Request received"),
    "catalog.members.approve": ("Member request approved", "Approved"),
    "catalog.members.decline": ("Member request declined", "Declined"),
    "catalog.members.renew": ("Membership renewed", "Renewed by the member"),
    "catalog.members.withdraw": (
        "Member request closed",
        "Closed: the member renewed with their details unchanged",
    ),
    "catalog.members.lapse": ("Membership ended", "Ended: out of the Members group"),
    "catalog.members.erase": ("Personal data erased", "A person's data was erased"),
}


@hooks.register("register_log_actions")
def member_log_actions(actions) -> None:
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


class MemberRequestsPanel(Component):
    """How many member requests wait for a decision, for those who may see them."""

    name = "catalog_member_requests"
    order = 60
    template_name = "catalog/members/admin/panel.html"

    def __init__(self, waiting: int) -> None:
        self.waiting = waiting

    def get_context_data(self, parent_context=None) -> dict:
        url = reverse("wagtailsnippets_catalog_membershiprequest:list")
        return {"waiting": self.waiting, "url": f"{url}?status=pending"}


@hooks.register("construct_homepage_panels")
def add_member_requests_panel(request: HttpRequest, panels: list) -> None:
    if request.user.has_perm("catalog.view_membershiprequest"):
        status = MembershipRequest.Status.PENDING
        panels.append(MemberRequestsPanel(MembershipRequest.objects.filter(status=status).count()))
