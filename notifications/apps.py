from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Account e-mails (allauth, in accounts) go through the same outbox as every other.
        from accounts.adapter import register_outbox
        from notifications.mail import email_message_queue

        register_outbox(email_message_queue)
