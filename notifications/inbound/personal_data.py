"""Replies by e-mail in a person's data: exported, erased, pruned like the outbox's e-mails."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q

from accounts.models import User
from accounts.personal_data import ErasureRequest, ExportPart
from notifications.inbound.models import InboundEmail, InboundStatus, ReplyToken


def inbound_export(user: User) -> ExportPart:
    """When the person replied by e-mail and what became of it (not the raw messages)."""
    return ExportPart(
        data={
            "replies_by_email": list(
                InboundEmail.objects.filter(user=user)
                .order_by("received_at", "pk")
                .values("received_at", "status", "error", "result_url")
            ),
        }
    )


def inbound_erase(user: User, request: ErasureRequest) -> None:
    """The person's reply addresses and the messages they sent go."""
    ReplyToken.objects.filter(user=user).delete()
    InboundEmail.objects.filter(user=user).delete()


def inbound_prune(now: datetime) -> int:
    """Processed messages are kept as long as sent e-mails (RETENTION_EMAIL_DAYS)."""
    deleted, _rows = (
        InboundEmail.objects.exclude(status=InboundStatus.RECEIVED)
        .filter(Q(processed_at__lt=now - timedelta(days=settings.RETENTION_EMAIL_DAYS)))
        .delete()
    )
    return deleted
