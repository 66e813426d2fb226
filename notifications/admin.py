from django.contrib import admin

from notifications.models import Digest, EmailRecord, NetworkMute, Notification, Preference


@admin.register(EmailRecord)
class EmailRecordAdmin(admin.ModelAdmin):
    """The record of every e-mail: staff may look, nobody edits history."""

    list_display = ["to_address", "subject", "kind", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to_address", "subject"]
    date_hierarchy = "created_at"
    list_select_related = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "category", "message", "network_id", "created_at", "read_at"]
    list_filter = ["category"]
    search_fields = ["recipient__email", "item_key"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "category", "frequency"]
    list_filter = ["category", "frequency"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(NetworkMute)
class NetworkMuteAdmin(admin.ModelAdmin):
    list_display = ["user", "network_id", "created_at"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["user", "period", "period_start", "item_count", "sent_at"]
    list_filter = ["period"]
    search_fields = ["user__email"]
    date_hierarchy = "period_start"
    list_select_related = ["user"]
    raw_id_fields = ["user", "email_record"]

    def has_change_permission(self, request, obj=None):
        return False
