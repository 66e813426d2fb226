"""The sign-up form: allauth's own, plus the name others see and, optionally, institution and role.

Without a name at sign-up a newcomer appears to everyone as "Member #10" (the
fallback of `User.public_name`) until they find the profile page. The adapter's
`save_user` stores these fields through the profile service.
"""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import ProfessionalRole, User

# Profile fields the sign-up form asks for; the adapter saves exactly these.
SIGNUP_PROFILE_FIELDS = ("display_name", "institution_name", "professional_role")


class SignupForm(AllauthSignupForm):
    display_name = forms.CharField(
        label=_("Your name as others will see it"),
        max_length=User._meta.get_field("display_name").max_length,
        help_text=_("For example “Anna Kowalska”. Your e-mail address is never shown to others."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    institution_name = forms.CharField(
        label=_("Institution (optional)"),
        max_length=User._meta.get_field("institution_name").max_length,
        required=False,
        help_text=_("Where you work, e.g. “Primary School No. 5 in Zamość”."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    professional_role = forms.ChoiceField(
        label=_("Role (optional)"),
        choices=[("", "—"), *ProfessionalRole.choices],
        required=False,
    )

    field_order_after_init = (
        "display_name",
        "email",
        "password1",
        "password2",
        "institution_name",
        "professional_role",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # allauth adds the password fields in its __init__, after Django ordered the fields.
        self.order_fields(self.field_order_after_init)

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError(_("Enter the name other members will see."))
        return name
