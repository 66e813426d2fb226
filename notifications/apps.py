from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from accounts.adapter import register_outbox
        from core.ops import register_check
        from notifications.mail import email_message_queue
        from notifications.selectors import emails_failed_recently, emails_waiting

        # An e-mail queued for over 10 minutes is late; any failure in a day is worth a look.
        register_check("emails_waiting", _("E-mails waiting over 10 minutes"), emails_waiting)
        register_check(
            "emails_failed", _("E-mails failed in the last 24 hours"), emails_failed_recently
        )
        # Account e-mails (allauth, in accounts) go through the same outbox as every other.
        register_outbox(email_message_queue)
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
        _register_first_step()
        _connect_inbound_email()


def _register_first_step() -> None:
    from django.db.models import Exists, OuterRef
    from django.urls import reverse

    from accounts.first_steps import register_first_step
    from notifications.models import Preference

    register_first_step(
        "notifications.preferences",
        title=_("Choose which e-mails you get"),
        description=_("Right away, once a day, once a week or never: you decide."),
        url=lambda: reverse("notifications:preferences"),
        # Saved preferences (or an unsubscribe link used) mean the person has chosen.
        done=lambda: Exists(Preference.objects.filter(user=OuterRef("pk"))),
        position=40,
    )


def _connect_inbound_email() -> None:
    from anymail.signals import inbound

    from accounts.personal_data import register_personal_data
    from notifications.inbound.personal_data import inbound_erase, inbound_export, inbound_prune
    from notifications.inbound.receivers import store_inbound_message

    inbound.connect(store_inbound_message, dispatch_uid="notifications.inbound.store")
    register_personal_data(
        "inbound_email",
        export=inbound_export,
        erase=inbound_erase,
        prune=inbound_prune,
        position=91,
    )
