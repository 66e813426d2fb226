from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from notifications.inbound.tokens import reply_token_revoke
from notifications.models import (
    Digest,
    EmailRecord,
    InboundEmail,
    NetworkMute,
    Notification,
    Preference,
    ReplyToken,
)


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


@admin.register(InboundEmail)
class InboundEmailAdmin(admin.ModelAdmin):
    """Replies received by e-mail and what became of them; read-only, the raw message hidden."""

    list_display = ["message_id", "source", "user", "status", "attempts", "received_at"]
    list_filter = ["status", "source"]
    search_fields = ["message_id", "user__email"]
    date_hierarchy = "received_at"
    list_select_related = ["user"]
    exclude = ["raw"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReplyToken)
class ReplyTokenAdmin(admin.ModelAdmin):
    """Personal reply addresses; staff revoke one that leaked (the token itself stays hidden)."""

    list_display = ["user", "target_key", "created_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__email", "target_key"]
    list_select_related = ["user"]
    exclude = ["token"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke the selected reply addresses"))
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            reply_token_revoke(token=token)
