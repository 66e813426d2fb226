"""Retention: what is past its period is removed every night (see settings, RETENTION_*).

notifications runs the task because it owns the largest personal records (the
outbox and the notifications); the other apps' pruning (the activity log, the
expired data exports) is registered with accounts.personal_data and run from here.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.personal_data import prune_all
from accounts.services import data_exports_prune
from notifications.models import EmailRecord, EmailStatus, Notification
from notifications.selectors import unread_counts_forget

logger = logging.getLogger(__name__)

# Rows removed per statement: a first run on years of history must not hold one huge lock.
BATCH = 5000


def _delete_in_batches(queryset) -> int:
    total = 0
    while True:
        with transaction.atomic():
            ids = list(queryset.values_list("pk", flat=True)[:BATCH])
            if not ids:
                return total
            total += (
                queryset.model.objects.filter(pk__in=ids)
                .delete()[1]
                .get(queryset.model._meta.label, 0)
            )


def retention_prune(*, now: datetime | None = None) -> dict[str, int]:
    """Remove e-mails, notifications and expired data exports past their retention; run the apps' pruning."""
    now = now or timezone.now()
    # Queued and sending rows are still the outbox's work, whatever their age.
    emails = _delete_in_batches(
        EmailRecord.objects.filter(
            status__in=[EmailStatus.SENT, EmailStatus.FAILED],
            created_at__lt=now - timedelta(days=settings.RETENTION_EMAIL_DAYS),
        ).order_by()
    )
    expired = Notification.objects.filter(
        created_at__lt=now - timedelta(days=settings.RETENTION_NOTIFICATION_DAYS)
    ).order_by()
    # The nav badges of those losing unread ones change.
    losing_unread = set(
        expired.filter(read_at__isnull=True).values_list("recipient_id", flat=True).distinct()
    )
    notifications = _delete_in_batches(expired)
    unread_counts_forget(losing_unread)
    pruned = {
        "emails": emails,
        "notifications": notifications,
        "data_exports": data_exports_prune(now=now),
        **prune_all(now),
    }
    logger.info("Retention pruning: %s", pruned)
    return pruned
