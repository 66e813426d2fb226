from django.contrib import admin

from core.models import Heartbeat, TaskFailure


@admin.register(TaskFailure)
class TaskFailureAdmin(admin.ModelAdmin):
    list_display = ["failed_at", "task_name", "task_id"]
    list_filter = ["task_name"]
    readonly_fields = ["task_name", "task_id", "error", "failed_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "at"]
    readonly_fields = ["name", "at"]

    def has_add_permission(self, request):
        return False
