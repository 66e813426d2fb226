"""Notifications' part of a person's data: what goes into their export, what their deletion erases.

Registered with accounts.personal_data in NotificationsConfig.ready().
"""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from accounts.models import DataExport, User
from accounts.personal_data import ErasureRequest, ExportPart
from accounts.services import erased_email
from notifications.mail import user_language
from notifications.models import (
    Category,
    Digest,
    EmailRecord,
    EmailStatus,
    NetworkMute,
    Notification,
    Preference,
)
from notifications.selectors import preferences_for_user, unread_counts_forget
from notifications.services import notify

# Notification parameters that name a thing, never a person; any other
# parameter ("person", "author", a coordinator's message) is left out of the
# export, which must not carry other people's personal data.
SAFE_PARAMS = {"network", "title", "thread", "when", "count"}
OMITTED = "…"


def _message(notification: Notification) -> str:
    params = {
        key: value if key in SAFE_PARAMS else OMITTED
        for key, value in (notification.params or {}).items()
    }
    try:
        return gettext(notification.text) % params
    except (KeyError, TypeError, ValueError):
        return notification.text


def notifications_export(user: User) -> ExportPart:
    """The person's notifications, e-mail preferences, muted networks and the e-mails sent to them."""
    with translation.override(user_language(user)):
        return _export(user)


def _export(user: User) -> ExportPart:
    return ExportPart(
        data={
            "notifications": [
                {
                    "category": notification.category,
                    "message": _message(notification),
                    "link": notification.url,
                    "created_at": notification.created_at,
                    "read_at": notification.read_at,
                    "emailed_at": notification.emailed_at,
                }
                for notification in Notification.objects.filter(recipient=user).order_by(
                    "created_at", "pk"
                )
            ],
            "email_preferences": preferences_for_user(user=user),
            "muted_network_ids": sorted(
                NetworkMute.objects.filter(user=user).values_list("network_id", flat=True)
            ),
            # What was sent and when; the bodies stay out (digests quote other people's posts).
            "emails": [
                {
                    "to": row["to_address"],
                    "subject": row["subject"],
                    "kind": row["kind"],
                    "status": row["status"],
                    "created_at": row["created_at"],
                    "sent_at": row["sent_at"],
                }
                for row in EmailRecord.objects.filter(user=user)
                .order_by("created_at", "pk")
                .values("to_address", "subject", "kind", "status", "created_at", "sent_at")
            ],
        }
    )


def notifications_erase(user: User, request: ErasureRequest) -> None:
    """Notifications, preferences, mutes and digests go; e-mails not yet sent are dropped.

    The record of e-mails already sent stays until its retention period ends,
    without the address or the text.
    """
    Notification.objects.filter(recipient=user).delete()
    unread_counts_forget([user.pk])
    Preference.objects.filter(user=user).delete()
    NetworkMute.objects.filter(user=user).delete()
    Digest.objects.filter(user=user).delete()
    mine = Q(user=user) | Q(to_address__iexact=user.email)
    EmailRecord.objects.filter(mine, status=EmailStatus.QUEUED).delete()
    EmailRecord.objects.filter(mine).update(
        user=None,
        to_address=erased_email(user.pk),
        subject="",
        body_text="",
        body_html="",
        headers={},
    )


def data_export_ready(export: DataExport) -> None:
    """Tell the person (in the app, and by e-mail as they chose) that their archive is ready."""
    notify(
        recipients=[export.user],
        category=Category.ACCOUNT,
        text=gettext_noop("Your data is ready to download until %(when)s"),
        params={"when": f"{timezone.localtime(export.expires_at):%Y-%m-%d %H:%M}"},
        url=reverse("accounts:my_data"),
        item_key=f"accounts.dataexport:{export.pk}",
    )
