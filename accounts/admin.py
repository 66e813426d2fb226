from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


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
