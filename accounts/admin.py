from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.upload_fields import UploadField
from core.uploads import AVATAR, CheckedUpload


class AvatarAdminField(UploadField):
    """The site's avatar check in the admin too; the model gets the re-encoded picture."""

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        return value.content if isinstance(value, CheckedUpload) else value


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "display_name",
        "institution_name",
        "can_create_networks",
        "is_staff",
        "is_active",
    ]
    list_filter = [
        "can_create_networks",
        "is_staff",
        "is_active",
        "institution_type",
        "voivodeship",
    ]
    search_fields = ["email", "display_name", "institution_name", "town"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Profile"),
            {
                "fields": (
                    "display_name",
                    "institution_name",
                    "institution_type",
                    "professional_role",
                    "subjects",
                    "voivodeship",
                    "town",
                    "bio",
                    "avatar",
                    "language",
                )
            },
        ),
        (
            _("Permissions"),
            {
                "fields": (
                    "can_create_networks",
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "avatar":
            return AvatarAdminField(
                label=db_field.verbose_name, policy=AVATAR, required=False, widget=AdminFileWidget
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)
