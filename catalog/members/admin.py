"""Member requests in the admin: a listing with filters and search, and the moderators'
decisions on them, one at a time (the row's Approve and Decline buttons) or many (the listing's
bulk actions), each with an optional message to the person.

Who may do what is Wagtail's model permissions on member requests, which migration 0020 gives
the "Catalog moderators" group and an administrator may give another group in Settings >
Groups: "view" shows the listing, "decide" approves and declines, "delete" exports or erases a
person's data. Nobody gets "add" or "change": requests come only from the public form, and what
a person wrote is not edited on their behalf.

Approval adds the member to "Members" and to any group the moderator ticks; only groups that
carry no rights at all and review no workflow step are offered (a chapter's readers, say), so
no approval can make staff or put a member on the review emails that name drafts.

The bulk decision pages are for those who may see requests at all; others get a 403 whatever
ids they ask for, and those who may see but not decide see only how many were left out.
Deleting requests from the listing goes through catalog.members.personal_data, which takes the
person's name out of the log as erasing does.
"""

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.views.defaults import permission_denied
from django_filters import ChoiceFilter, DateFromToRangeFilter
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.models import GroupApprovalTask
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from catalog.members import dashboard, personal_data_views  # noqa: F401 (their hooks)
from catalog.members.access import MEMBERS_GROUP
from catalog.members.decisions import Decision, DecisionError, approve, decline
from catalog.members.mail import send_all
from catalog.models import MembershipRequest

VIEW = "catalog.view_membershiprequest"
DECIDE = "catalog.decide_membershiprequest"
Status = MembershipRequest.Status


def grantable_groups():
    """Groups an approval may add: those that carry no rights (no permission of any kind) and
    review no workflow step (Wagtail emails a step's reviewers the titles of drafts)."""
    reviewers = GroupApprovalTask.groups.through.objects.values("group_id")
    return (
        Group.objects.filter(permissions=None, page_permissions=None, collection_permissions=None)
        .exclude(name=MEMBERS_GROUP)
        .exclude(pk__in=reviewers)
        .order_by("name")
    )


class MembershipRequestFilterSet(WagtailFilterSet):
    status = ChoiceFilter(choices=Status.choices, empty_label="Any status")
    kind = ChoiceFilter(choices=MembershipRequest.Kind.choices, empty_label="Any kind")
    created_at = DateFromToRangeFilter(label="Received", widget=DateRangePickerWidget)

    class Meta:
        model = MembershipRequest
        fields = ["status", "kind", "state", "created_at"]


def decision_url(action: str, instance: MembershipRequest, next_url: str) -> str:
    url = reverse("wagtail_bulk_action", args=("catalog", "membershiprequest", action))
    return f"{url}?{urlencode({'id': instance.pk, 'next': next_url})}"


class MembershipRequestIndexView(IndexView):
    """The listing, with Approve and Decline on each waiting request's row."""

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        user, here = self.request.user, self.request.get_full_path()
        if instance.status == Status.PENDING and user.has_perm(DECIDE):
            buttons[:0] = [
                MenuItem("Approve", decision_url("approve", instance, here), icon_name="check"),
                MenuItem("Decline", decision_url("decline", instance, here), icon_name="cross"),
            ]
        if user.has_perm("catalog.delete_membershiprequest"):
            # The request's id, not its address: the address stays out of access logs.
            url = f"{reverse('catalog_member_data')}?{urlencode({'request': instance.pk})}"
            buttons.append(MenuItem("Export or erase this person's data", url, icon_name="user"))
        return buttons


class MembershipRequestViewSet(SnippetViewSet):
    model = MembershipRequest
    icon = "user"
    menu_label = "Member requests"
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = MembershipRequestIndexView
    list_display = ["__str__", "email", "role", "state", "kind", "status", "created_at"]
    filterset_class = MembershipRequestFilterSet
    search_fields = ["name", "email", "organisation", "role"]
    ordering = ["-created_at"]
    inspect_view_enabled = True
    copy_view_enabled = False
    inspect_view_fields = [
        "kind", "status", "name", "email", "organisation", "role", "state", "reason",
        "created_at", "decided_at", "decided_by", "message",
    ]  # fmt: skip


register_snippet(MembershipRequestViewSet)


class DecisionForm(forms.Form):
    message = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Optional. Sent to each person with the decision.",
    )


class ApprovalForm(DecisionForm):
    groups = forms.ModelMultipleChoiceField(
        queryset=Group.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Also add them to",
        help_text='Every approved member joins "Members". Only groups without admin rights '
        "are offered.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        groups = self.fields["groups"]
        if isinstance(groups, forms.ModelMultipleChoiceField):  # as declared above
            groups.queryset = grantable_groups()


class DecisionBulkAction(SnippetBulkAction):
    """Approve or decline the chosen requests; mail goes out once all are decided."""

    models = [MembershipRequest]
    template_name = "catalog/members/admin/confirm_decision.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW):
            # A plain 403: the admin would turn PermissionDenied into a redirect.
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def check_perm(self, obj) -> bool:
        return self.request.user.has_perm(DECIDE) and obj.status == Status.PENDING

    def get_context_data(self, **kwargs) -> dict:
        return {
            **super().get_context_data(**kwargs),
            "may_decide": self.request.user.has_perm(DECIDE),
        }

    @classmethod
    def execute_action(cls, objects, **kwargs) -> tuple[int, int]:
        action = kwargs["self"]  # the view, as SnippetBulkAction passes it
        data = action.cleaned_form.cleaned_data
        decision = Decision(
            moderator=action.request.user,
            message=data.get("message", ""),
            groups=tuple(data.get("groups") or ()),
        )
        done = 0
        for request in objects:
            try:
                with transaction.atomic():
                    action.outbox.append(cls.decide(request, decision))
                done += 1
            except DecisionError as error:
                action.problems.append(str(error))
            except IntegrityError:  # an account made at the same moment by another approval
                action.problems.append(
                    f"{request}: someone else was deciding it at the same moment. Look at it "
                    "again in the listing."
                )
        return done, 0

    def form_valid(self, form):
        self.outbox: list[EmailMultiAlternatives] = []
        self.problems: list[str] = []
        response = super().form_valid(form)
        for problem in self.problems:
            messages.warning(self.request, problem)
        unsent = send_all(self.outbox)
        if unsent:
            messages.error(
                self.request,
                f"The mail server did not take {unsent} of the messages. The decisions stand; "
                "approved members can ask for a new link with “Forgot your password?”.",
            )
        return response


class ApproveBulkAction(DecisionBulkAction):
    display_name = "Approve"
    action_type = "approve"
    aria_label = "Approve the selected requests"
    form_class = ApprovalForm
    decide = staticmethod(approve)

    def get_success_message(self, num_parent_objects, num_child_objects) -> str:
        return f"Approved {num_parent_objects}; each was told by email."


class DeclineBulkAction(DecisionBulkAction):
    display_name = "Decline"
    action_type = "decline"
    aria_label = "Decline the selected requests"
    form_class = DecisionForm
    decide = staticmethod(decline)
    classes = {"serious"}

    def get_success_message(self, num_parent_objects, num_child_objects) -> str:
        return f"Declined {num_parent_objects}; each was told by email."


hooks.register("register_bulk_action", ApproveBulkAction)
hooks.register("register_bulk_action", DeclineBulkAction)
