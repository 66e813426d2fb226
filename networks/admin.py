from django import forms
from django.contrib import admin, messages
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from networks import meetings, permissions, services
from networks.forms import MeetingRulesMixin, https_by_default
from networks.models import (
    ActivityLog,
    Certificate,
    DatePoll,
    DatePollSlot,
    Invitation,
    JoinRequest,
    Meeting,
    MeetingReminder,
    Membership,
    Network,
    Outcome,
    Rsvp,
    StageChange,
    StageTaskTick,
    Topic,
)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["joined_at"]
    fields = ["user", "role", "joined_at"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "topic",
        "stage",
        "visibility",
        "join_policy",
        "member_count",
        "archived_at",
    ]
    list_filter = ["topic", "stage", "visibility", "join_policy", "institution_type", "voivodeship"]
    search_fields = ["name", "slug", "institution_name"]
    readonly_fields = ["member_count", "created_at", "created_by"]
    inlines = [MembershipInline]
    list_select_related = ["topic"]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Membership:
            # What leaving does on the site: places and reminders go, the count follows.
            services.network_members_refresh(
                network=form.instance,
                removed=[membership.user for membership in formset.deleted_objects],
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.network_derived_refresh(form.instance)


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "network", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["user", "network"]
    search_fields = ["user__email", "network__name"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "network", "role", "status", "created_at"]
    list_filter = ["status", "role"]
    list_select_related = ["network"]
    search_fields = ["email", "network__name"]
    exclude = ["token"]


@admin.register(StageChange)
class StageChangeAdmin(admin.ModelAdmin):
    list_display = ["network", "from_stage", "to_stage", "changed_by", "created_at"]
    list_select_related = ["network", "changed_by"]


class RsvpInline(admin.TabularInline):
    """Answers are read here: on the site they fill the waiting list and set the reminders."""

    model = Rsvp
    extra = 0
    fields = ["user", "answer", "waitlisted", "answered_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MeetingAdminForm(MeetingRulesMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = list(Meeting.EDITABLE_FIELDS)
        formfield_callback = https_by_default


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    """Edits go through the meeting service, as on the site: its rules hold, reminders move,
    calendars see a new SEQUENCE and those coming are told."""

    form = MeetingAdminForm
    list_display = ["title", "network", "starts_at", "kind", "form", "status"]
    list_filter = ["status", "kind", "form"]
    search_fields = ["title", "network__name"]
    list_select_related = ["network"]
    date_hierarchy = "starts_at"
    inlines = [RsvpInline]
    actions = ["cancel_meetings"]
    exclude = ["created_by", "attendance_taken_at"]
    readonly_fields = [
        "site_link", "network", "uid", "sequence", "status", "cancellation_note",
        "agenda_html", "minutes", "minutes_html",
    ]  # fmt: skip

    @admin.display(description=_("on the site"))
    def site_link(self, meeting: Meeting) -> str:
        return format_html('<a href="{}">{}</a>', meeting.get_absolute_url(), meeting.title)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_add_permission(self, request):
        # Meetings are scheduled by a network's coordinators on the site.
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not (
            permissions.can_administer_network(request.user, obj.network) and not obj.is_cancelled
        ):
            return [*self.readonly_fields, *Meeting.EDITABLE_FIELDS]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        fields = {
            name: form.cleaned_data[name]
            for name in Meeting.EDITABLE_FIELDS
            if name in form.cleaned_data
        }
        meetings.meeting_update(meeting=obj, by=request.user, **fields)

    @admin.action(description=_("Cancel the selected meetings (those coming are told)"))
    def cancel_meetings(self, request, queryset):
        for meeting in queryset.select_related("network"):
            if permissions.can_administer_network(request.user, meeting.network):
                meetings.meeting_cancel(meeting=meeting, by=request.user)
            else:
                self.message_user(request, f"{meeting}: {_('archived network')}", messages.WARNING)


@admin.register(MeetingReminder)
class MeetingReminderAdmin(admin.ModelAdmin):
    list_display = ["meeting", "user", "minutes_before", "due_at", "sent_at", "skipped_at"]
    list_filter = ["minutes_before"]
    list_select_related = ["meeting", "user"]
    readonly_fields = ["meeting", "user", "minutes_before", "due_at", "sent_at", "skipped_at"]


@admin.register(ActivityLog)
class ActivityLogAdmin(admin.ModelAdmin):
    """Read only: entries of anonymous posts have no person and only a day (activity_record),
    and an edit here must not be able to put them back."""

    list_display = ["network", "user", "kind", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["network", "user"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Seen by staff for support; changed only on the site, through the services."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class DatePollSlotInline(admin.TabularInline):
    model = DatePollSlot
    extra = 0
    fields = ["starts_at", "ends_at", "chosen"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DatePoll)
class DatePollAdmin(ReadOnlyAdmin):
    list_display = ["title", "network", "created_at", "closed_at", "meeting"]
    list_select_related = ["network", "meeting"]
    search_fields = ["title", "network__name"]
    inlines = [DatePollSlotInline]


@admin.register(StageTaskTick)
class StageTaskTickAdmin(ReadOnlyAdmin):
    list_display = ["task_key", "network", "ticked_by", "ticked_at"]
    list_select_related = ["network", "ticked_by"]
    list_filter = ["task_key"]
    search_fields = ["network__name"]


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    """Read only: outcomes are recorded and commented on the site, through the services."""

    list_display = ["title", "network", "author", "applied_on", "created_at"]
    list_select_related = ["network", "author"]
    search_fields = ["title", "network__name"]
    date_hierarchy = "applied_on"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("code", "user", "network", "period_from", "period_to", "issued_at")
    search_fields = ("code", "network__name")
    raw_id_fields = ("user", "network")
    readonly_fields = ("code", "issued_at", "content")
