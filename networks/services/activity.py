"""The activity log that statistics count."""

from datetime import datetime, time

from django.db import connection
from django.utils import timezone

from accounts.models import User
from networks.models import (
    ActivityKind,
    ActivityLog,
)

# --- activity ---------------------------------------------------------------


def activity_record(
    *,
    network_id: int,
    user: User | None,
    kind: str,
    object_key: str = "",
    category: str = "",
    anonymous: bool = False,
) -> None:
    """Write one entry of the activity log that statistics count (visits once a day).

    `category` is the writing app's code for the sort of thing (a material's type);
    the app registers its labels with `networks.activity.register_categories`.

    `anonymous=True` (an anonymous post) writes an entry that cannot be tied back to
    the person or the thing: no person, no object, and the time is the start of the
    (local) day, so neither a reader of the log nor staff in the admin can match it to
    the post's own time or to the person's other entries of that moment. Statistics
    still count it per day and month. What this costs: "people who wrote posts" and
    the give/take balance count only people, and an anonymous entry has none (see
    evaluation.statistics); and "unread activity" on "my networks", which compares
    entries with the last visit, misses anonymous posts written later on a day the
    person had already visited.
    """
    now = timezone.now()
    if kind == ActivityKind.VISIT:
        ActivityLog.objects.bulk_create(
            [
                ActivityLog(
                    network_id=network_id,
                    user=user,
                    kind=kind,
                    day=timezone.localdate(now),
                    created_at=now,
                )
            ],
            ignore_conflicts=True,
        )
        return
    if anonymous:
        user, object_key = None, ""
        now = start_of_day(now)
    # What ActivityLog.objects.create() would send, without preparing it through the ORM
    # (written on every post and most other actions; a third of a millisecond each).
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ActivityLog._meta.db_table} "  # noqa: S608
            "(network_id, user_id, kind, object_key, category, day, created_at) "
            "VALUES (%s, %s, %s, %s, %s, NULL, %s)",
            [network_id, user.pk if user is not None else None, kind, object_key, category, now],
        )


def start_of_day(moment: datetime) -> datetime:
    """Midnight (local time, Europe/Warsaw) of the moment's day: the resolution of anonymous entries."""
    return timezone.make_aware(datetime.combine(timezone.localdate(moment), time.min))
