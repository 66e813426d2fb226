"""Read state and following.

Both are written when a person posts, anonymously too, so their times are kept to the
day: an exact time would let a reader of the tables match the author's read state or
following to the moment an anonymous post appeared. Nothing needs them finer.
"""

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from forums import permissions
from forums.models import (
    ReadState,
    Subscription,
    Thread,
)
from networks.models import Network
from networks.services.activity import start_of_day


def _today():
    return start_of_day(timezone.now())


def _subscribe(user: User, thread: Thread) -> None:
    # What bulk_create(ignore_conflicts=True) would send, without preparing it through the
    # ORM: every reply follows its thread, and that was a tenth of the service's time.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Subscription._meta.db_table} (user_id, thread_id, created_at) "  # noqa: S608
            "VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
            [user.pk, thread.pk, _today()],
        )


# The one statement that moves a read position forward (never back). `{number}` and
# `{source}` let posting.py take the number from the post it writes in the same statement.
READ_UP_TO_SQL = f"""
    INSERT INTO {ReadState._meta.db_table} (user_id, thread_id, last_read_number, updated_at)
    SELECT %s::bigint, %s::bigint, {{number}}, %s::timestamptz {{source}}
    ON CONFLICT (user_id, thread_id) DO UPDATE
      SET last_read_number = EXCLUDED.last_read_number, updated_at = EXCLUDED.updated_at
      WHERE {ReadState._meta.db_table}.last_read_number < EXCLUDED.last_read_number
"""  # noqa: S608 (table name from the model, values are parameters)


def read_up_to_params(user: User, thread_id: int) -> list:
    """READ_UP_TO_SQL's parameters but the number."""
    return [user.pk, thread_id, _today()]


def _read_up_to(user: User, thread_id: int, number: int) -> None:
    user_id, thread_id, day = read_up_to_params(user, thread_id)
    with connection.cursor() as cursor:
        cursor.execute(
            READ_UP_TO_SQL.format(number="%s::integer", source=""),
            [user_id, thread_id, number, day],
        )


def thread_mark_read(*, thread: Thread, user: User, number: int, read_before: int = 0) -> None:
    """Remember that the person has read the thread up to the post with this number
    (no write when `read_before`, the position already stored, is as far)."""
    if user.is_authenticated and number > max(read_before, 0):
        _read_up_to(user, thread.pk, number)


@transaction.atomic
def network_mark_read(*, network: Network, user: User) -> int:
    """Mark every thread of the network read for the person; returns how many threads."""
    if not permissions.can_view_threads(user, network):
        raise PermissionDenied
    threads = list(Thread.objects.filter(network=network).values_list("pk", "last_number"))
    ReadState.objects.bulk_create(
        [
            ReadState(user=user, thread_id=pk, last_read_number=last, updated_at=_today())
            for pk, last in threads
        ],
        update_conflicts=True,
        unique_fields=["user", "thread"],
        update_fields=["last_read_number", "updated_at"],
    )
    return len(threads)


@transaction.atomic
def thread_follow(*, thread: Thread, user: User, follow: bool) -> bool:
    """Follow (or stop following) a thread: followers are notified of replies."""
    if not permissions.can_follow_thread(user, thread):
        raise PermissionDenied
    if follow:
        _subscribe(user, thread)
    else:
        Subscription.objects.filter(user=user, thread=thread).delete()
    return follow
