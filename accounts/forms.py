from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.services import PROFILE_FIELDS
from core.upload_fields import UploadField
from core.uploads import AVATAR


class ProfileForm(forms.ModelForm):
    avatar = UploadField(
        label=_("Avatar"),
        policy=AVATAR,
        required=False,
        help_text=_("JPEG, PNG, WebP or GIF. We shrink it to 512 px and remove location data."),
        widget=forms.ClearableFileInput,
    )

    class Meta:
        model = User
        fields = [*PROFILE_FIELDS]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # As at sign-up: without a name the person would appear as "Member #10".
        self.fields["display_name"].required = True


class AccountDeleteForm(forms.Form):
    """Deleting the account: the password again, and what to do with what the person wrote."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you, enter the password you log in with."),
    )
    remove_content = forms.BooleanField(
        label=_("Also remove my content"),
        required=False,
        help_text=_(
            "The text of your posts is replaced by “removed at the author's request” (the "
            "threads keep their shape) and your materials are deleted. Without this, they "
            "stay under the name “former participant”."
        ),
    )
    archive_networks = forms.BooleanField(
        label=_("Archive the networks I coordinate alone"),
        required=False,
        help_text=_("Instead of handing them over: they become read-only for their members."),
    )

    def __init__(self, *args, user: User, can_archive: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not can_archive:
            del self.fields["archive_networks"]

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("The password is not correct."), code="wrong_password")
        return password
