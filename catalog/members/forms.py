"""The members' forms on the public site: asking for access, renewing, asking for a renewal link,
and the password reset that also reaches members who have not set a password yet.

Everything a visitor types is plain text: names in any script are welcome, but control and
formatting characters (line breaks in a name, NUL, right-to-left overrides, zero-width marks)
and markup are refused with a readable error before anything is saved or sent.
"""

import re
import unicodedata
from typing import TYPE_CHECKING

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm

from catalog.members.limits import to_visitor
from catalog.members.mail import compose, send_all
from catalog.models import MembershipRequest
from catalog.models.members import STATES

# Control (Cc), format (Cf), surrogate, private-use and unassigned characters.
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
LINE_BREAKS = frozenset("\r\n")
IN_PARAGRAPHS = LINE_BREAKS | {"\t"}  # what a multi-line field may hold beyond printable text
TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?]")


def plain_text(value: str, *, multiline: bool = False) -> str:
    """`value` in NFC, or a ValidationError naming what is wrong with it."""
    value = unicodedata.normalize("NFC", value)
    for character in value:
        if multiline and character in IN_PARAGRAPHS:
            continue
        if character in LINE_BREAKS:
            raise forms.ValidationError("Keep this on one line.", code="line_break")
        if unicodedata.category(character) in REFUSED_CATEGORIES:
            raise forms.ValidationError(
                "Remove the invisible or control characters from this field.", code="control"
            )
    if (not multiline and ("<" in value or ">" in value)) or TAG.search(value):
        raise forms.ValidationError("Leave out HTML and the < and > signs.", code="markup")
    return value


def with_letters(value: str) -> str:
    if not any(character.isalpha() for character in value):
        raise forms.ValidationError("Write this in words.", code="no_letters")
    return value


class PlainTextField(forms.CharField):
    """A CharField that takes only plain, printable text (see plain_text)."""

    def __init__(self, *, multiline: bool = False, **kwargs) -> None:
        self.multiline = multiline
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value:
            value = with_letters(plain_text(value, multiline=self.multiline))
        return value


if TYPE_CHECKING:  # mixed into Django's widgets: super() is theirs
    from django.forms import Widget as MixedInto
else:
    MixedInto = object


class OneLine(MixedInto):
    """Shows a refused value without its line breaks: an input's value cannot hold them."""

    def format_value(self, value):
        value = super().format_value(value)
        return re.sub(r"[\r\n]+", " ", value) if value else value


class OneLineInput(OneLine, forms.TextInput):
    pass


class OneLineEmailInput(OneLine, forms.EmailInput):
    pass


def text_input(autocomplete: str) -> forms.TextInput:
    return OneLineInput(attrs={"autocomplete": autocomplete})


def email_input() -> forms.EmailInput:
    return OneLineEmailInput(attrs={"autocomplete": "email"})


class WorkEmailField(forms.EmailField):
    def clean(self, value):
        if value:
            plain_text(value.strip())
        return get_user_model().objects.normalize_email(super().clean(value))


class MemberDetailsForm(forms.Form):
    """Organisation and role: asked when someone requests access and again at each renewal."""

    organisation = PlainTextField(
        max_length=200,
        label="Organisation",
        help_text="The Children's Advocacy Center or chapter you work for.",
        widget=text_input("organization"),
    )
    role = PlainTextField(
        max_length=100,
        label="Role or discipline",
        help_text="For example: forensic interviewer, victim advocate, law enforcement.",
        widget=text_input("organization-title"),
    )


class AccessRequestForm(MemberDetailsForm):
    """The public "Request member access" form. The `website` field is a trap for robots:
    hidden from people (static/css/members.css), it must stay empty."""

    name = PlainTextField(max_length=150, label="Your name", widget=text_input("name"))
    email = WorkEmailField(
        max_length=150,
        label="Work email",
        help_text="We send the answer here; it is also the username you will sign in with.",
        widget=email_input(),
    )
    state = forms.ChoiceField(choices=[("", "Choose a state"), *STATES], label="State")
    reason = PlainTextField(
        max_length=1000,
        multiline=True,
        label="Why do you need access?",
        help_text="A sentence or two about how you will use the material (up to 1,000 characters).",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    field_order = ["name", "email", "organisation", "role", "state", "reason", "website"]

    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def request(self) -> MembershipRequest:
        """The request the form describes, unsaved."""
        fields = ("name", "email", "organisation", "role", "state", "reason")
        return MembershipRequest(**{field: self.cleaned_data[field] for field in fields})


class RenewalForm(MemberDetailsForm):
    """A member's renewal: they confirm or correct their organisation and role."""


class RenewalLinkForm(forms.Form):
    """Members whose membership has ended cannot sign in: they ask for a renewal link."""

    email = WorkEmailField(max_length=150, label="Work email", widget=email_input())


class MemberPasswordResetForm(PasswordResetForm):
    """Django's password reset, by email address, for every active account with that address,
    including members who were approved but never set a password (Django leaves accounts
    without a usable password out); mail goes through catalog.members.mail, at most
    CATALOG_MEMBER_MAIL_PER_RECIPIENT_DAY a day to one address (catalog.members.limits)."""

    email = WorkEmailField(max_length=254, label="Email", widget=email_input())

    def get_users(self, email: str):
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (
            user
            for user in users.select_related("membership")
            if user.has_usable_password() or hasattr(user, "membership")
        )

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None) -> None:  # fmt: skip
        send_all(to_visitor([compose("password_reset", to_email, context)]))
