from django.contrib import admin

from networks import services
from networks.models import (
    ActivityLog,
    Invitation,
    JoinRequest,
    Meeting,
    MeetingReminder,
    Membership,
    Network,
    Rsvp,
    StageChange,
    Topic,
)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
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
    model = Rsvp
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "network", "starts_at", "kind", "form", "status"]
    list_filter = ["status", "kind", "form"]
    search_fields = ["title", "network__name"]
    list_select_related = ["network"]
    date_hierarchy = "starts_at"
    inlines = [RsvpInline]
    readonly_fields = ["uid", "sequence", "agenda_html", "minutes_html"]


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
