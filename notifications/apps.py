from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from accounts.personal_data import register_export_listener, register_personal_data
        from notifications.personal_data import (
            data_export_ready,
            notifications_erase,
            notifications_export,
        )

        register_personal_data(
            "notifications", export=notifications_export, erase=notifications_erase, position=90
        )
        register_export_listener("notifications", data_export_ready)
