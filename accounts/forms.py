from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.services import PROFILE_FIELDS
from core.images import reencode_image


class ProfileForm(forms.ModelForm):
    avatar = forms.FileField(
        label=_("Avatar"),
        required=False,
        help_text=_("JPEG, PNG, WebP or GIF. We shrink it to 512 px and remove location data."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
        ),
    )

    class Meta:
        model = User
        fields = [*PROFILE_FIELDS]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def clean_avatar(self):
        upload = self.cleaned_data.get("avatar")
        if not upload:
            return upload
        if upload.size > settings.AVATAR_MAX_BYTES:
            raise ValidationError(
                _("The file is too big (%(size)s). The limit is %(limit)s."),
                code="too_big",
                params={
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.AVATAR_MAX_BYTES),
                },
            )
        return reencode_image(upload, max_side=settings.AVATAR_MAX_PIXELS)
