"""What an operator needs to see: queue depths, work that is due but not done, beat's last tick.

Apps that own background work register a check (`register_check`) in their AppConfig.ready();
core lists no app's models. Used by `manage.py ops_status`, the staff page /ops/ and the
readiness endpoint /health/ready/.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from core.models import Heartbeat, TaskFailure

logger = logging.getLogger(__name__)

# Beat ticks every minute; three missed ticks mean beat (or the scheduled worker) is down.
HEARTBEAT_STALE_AFTER = timedelta(minutes=3)


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    count: Callable[[], int]
    # Above this the platform is degraded (e-mails waiting too long, reminders late...).
    warn_above: int = 0


_checks: dict[str, Check] = {}


def register_check(key: str, label, count: Callable[[], int], *, warn_above: int = 0) -> None:
    _checks[key] = Check(key=key, label=label, count=count, warn_above=warn_above)


def registered_checks() -> list[Check]:
    return list(_checks.values())


def record_beat_tick(*, now: datetime | None = None) -> None:
    Heartbeat.objects.update_or_create(name="beat", defaults={"at": now or timezone.now()})


def last_beat_tick() -> datetime | None:
    return Heartbeat.objects.filter(name="beat").values_list("at", flat=True).first()


def record_task_failure(*, task_name: str, task_id: str, error: str) -> None:
    """Called from Celery's task_failure signal: failures stay visible after the log rolls."""
    TaskFailure.objects.create(task_name=task_name, task_id=task_id or "", error=error[:2000])


def task_failures_recently(*, within: timedelta = timedelta(hours=24)) -> int:
    return TaskFailure.objects.filter(failed_at__gte=timezone.now() - within).count()


def queue_depths() -> dict[str, int | None]:
    """Messages waiting in each Celery queue; None when the broker does not answer."""
    from config.celery import app

    queues = [settings.CELERY_TASK_DEFAULT_QUEUE, settings.SCHEDULED_QUEUE]
    depths: dict[str, int | None] = dict.fromkeys(queues)
    try:
        with app.connection_for_read() as conn:
            conn.ensure_connection(max_retries=1, timeout=settings.BROKER_TIMEOUT)
            channel = conn.default_channel
            for name in queues:
                depths[name] = channel.queue_declare(queue=name, passive=False).message_count
    except Exception:
        logger.warning("Broker unreachable while reading queue depths", exc_info=True)
    return depths


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Database unreachable")
        return False


def status(now: datetime | None = None) -> dict:
    """Everything at once; "degraded" lists what is wrong without the database being down."""
    now = now or timezone.now()
    degraded: list[str] = []
    depths = queue_depths()
    if any(depth is None for depth in depths.values()):
        degraded.append("broker")
    tick = last_beat_tick()
    if tick is None or now - tick > HEARTBEAT_STALE_AFTER:
        degraded.append("beat")
    counts = {}
    for check in registered_checks():
        counts[check.key] = check.count()
        if counts[check.key] > check.warn_above:
            degraded.append(check.key)
    return {
        "status": "degraded" if degraded else "ok",
        "degraded": degraded,
        "queues": depths,
        "last_beat_tick": tick.isoformat() if tick else None,
        "checks": counts,
    }
