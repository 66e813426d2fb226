"""Celery tasks: thin wrappers that take ids and call one service each.

Schedules are in settings.CELERY_BEAT_SCHEDULE (Europe/Warsaw time):
email_sweep every minute, send_daily_digests at 07:00 every day,
send_weekly_digests at 07:00 on Mondays, prune_personal_data at 03:30,
inbound_sweep every 5 minutes.
"""

from datetime import date, datetime

from celery import shared_task

from accounts.models import User
from notifications.digest import digests_compose, digests_fan_out
from notifications.inbound.services import inbound_process
from notifications.inbound.services import inbound_sweep as inbound_sweep_service
from notifications.mail import email_deliver
from notifications.mail import email_sweep as email_sweep_service
from notifications.models import DigestPeriod
from notifications.retention import retention_prune


# The database row counts the attempts and decides when to give up, hence max_retries=None.
@shared_task(bind=True, max_retries=None)
def deliver_email(self, record_id: int) -> str:
    """Send one queued e-mail; an SMTP/network error is retried with a growing countdown."""
    delivery = email_deliver(record_id=record_id)
    if delivery.retry_in is not None:
        raise self.retry(countdown=delivery.retry_in)
    return delivery.outcome


@shared_task
def email_sweep() -> dict:
    """Every minute: re-enqueue e-mails whose task was lost, fail those stuck in sending."""
    sweep = email_sweep_service()
    return {"requeued": sweep.requeued, "uncertain": sweep.uncertain}


@shared_task
def send_daily_digests() -> int:
    """Every day at 07:00 Warsaw time: one compose task per batch of people who want a daily digest."""
    return digests_fan_out(period=DigestPeriod.DAILY)


@shared_task
def send_weekly_digests() -> int:
    """Mondays at 07:00 Warsaw time: one compose task per batch of people who want a weekly digest."""
    return digests_fan_out(period=DigestPeriod.WEEKLY)


@shared_task
def compose_digests(
    user_ids: list[int], period: str, period_start: str, until: str | None = None
) -> int:
    """Compose the digests of a batch of people for one period; running it twice sends each
    one e-mail. Returns how many digests it made."""
    users = list(User.objects.filter(pk__in=user_ids).order_by("pk"))
    digests = digests_compose(
        users=users,
        period=period,
        period_start=date.fromisoformat(period_start),
        until=datetime.fromisoformat(until) if until else None,
    )
    return len(digests)


@shared_task
def compose_digest(user_id: int, period: str, period_start: str) -> int | None:
    """Compose one person's digest for one period (tasks queued before digests went in
    batches); running it twice sends one e-mail."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return None
    digest = digests_compose(
        users=[user], period=period, period_start=date.fromisoformat(period_start)
    ).get(user.pk)
    return digest.pk if digest else None


@shared_task
def prune_personal_data() -> dict:
    """Every night at 03:30 Warsaw time: remove what is past its retention period."""
    return retention_prune()


@shared_task
def process_inbound_email(inbound_id: int) -> str | None:
    """Turn one received e-mail into a post or a refusal; a second run does nothing."""
    return inbound_process(inbound_id=inbound_id)


@shared_task
def inbound_sweep() -> int:
    """Every 5 minutes: hand received e-mails whose task was lost to a worker again."""
    return inbound_sweep_service()
