from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminFileWidget
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import DataExport, User
from accounts.personal_data import ErasureRequest
from accounts.selectors import account_deletion_blockers
from accounts.services import AccountDeletionBlocked, data_export_request, user_erase
from core.upload_fields import UploadField
from core.uploads import AVATAR, CheckedUpload


class AvatarAdminField(UploadField):
    """The site's avatar check in the admin too; the model gets the re-encoded picture."""

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        return value.content if isinstance(value, CheckedUpload) else value


class EraseForm(forms.Form):
    """What staff choose when deleting accounts on the people's request."""

    remove_content = forms.BooleanField(label=_("Also remove their content"), required=False)
    archive_networks = forms.BooleanField(
        label=_("Archive the networks they coordinate alone"), required=False
    )


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
        ("erased_at", admin.EmptyFieldListFilter),
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

    readonly_fields = ["erased_at"]
    actions = ["prepare_data_export", "erase_accounts"]

    @admin.action(description=_("Prepare a data export for the selected people"))
    def prepare_data_export(self, request, queryset):
        """On a person's request: the archive is made for them, and they are told to download it."""
        count = 0
        for person in queryset.filter(erased_at__isnull=True):
            data_export_request(user=person, requested_by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext(
                "A data export is being prepared for %(count)d person; they will be notified.",
                "Data exports are being prepared for %(count)d people; they will be notified.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Delete the selected accounts (erase personal data)"))
    def erase_accounts(self, request, queryset):
        """On a person's request: the same service as "delete my account", after a confirmation page."""
        people = list(queryset.filter(erased_at__isnull=True))
        form = EraseForm(request.POST if "confirm" in request.POST else None)
        if form.is_bound and form.is_valid():
            choice = ErasureRequest(**form.cleaned_data)
            erased = 0
            for person in people:
                try:
                    user_erase(user=person, request=choice)
                    erased += 1
                except AccountDeletionBlocked as error:
                    self.message_user(
                        request,
                        _("%(person)s was not deleted: %(reason)s")
                        % {"person": person.email, "reason": " ".join(error.messages)},
                        messages.ERROR,
                    )
            self.message_user(
                request,
                ngettext(
                    "%(count)d account was deleted.", "%(count)d accounts were deleted.", erased
                )
                % {"count": erased},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Delete accounts"),
            "opts": self.model._meta,
            "form": form,
            "people": [(person, account_deletion_blockers(user=person)) for person in people],
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/accounts/user/erase_confirmation.html", context)


@admin.register(DataExport)
class DataExportAdmin(admin.ModelAdmin):
    """Who asked for their data and when; the archives themselves are only for their owners."""

    list_display = ["user", "status", "created_at", "ready_at", "expires_at", "requested_by"]
    list_filter = ["status"]
    search_fields = ["user__email"]
    list_select_related = ["user", "requested_by"]
    fields = ["user", "requested_by", "status", "size", "created_at", "ready_at", "expires_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
