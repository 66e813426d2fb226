from django import forms
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
