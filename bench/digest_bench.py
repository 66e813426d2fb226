"""How composing daily digests scales: time, queries per digest and peak memory.

    DATABASE_URL=postgres://... DEBUG=1 .venv/bin/python bench/digest_bench.py [1000 10000]

Creates users spread over 200 fake network ids, three notifications each, and a
stand-in digest section (one query per person, like a real app's section),
composes every daily digest (rendered and queued as EmailRecords; nothing is
sent), prints the figures, and rolls everything back.
"""

import os
import resource
import sys
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from notifications import digest  # noqa: E402
from notifications.digest import (  # noqa: E402
    DigestItem,
    digest_compose,
    digest_recipient_ids,
    period_start_for,
)
from notifications.models import Category, Digest, Notification  # noqa: E402

NETWORKS = 200
PER_USER = 3
BATCH = 2000
TRACED = 500


def bench_section(user, since, until):
    """Stand-in for an app's section: one query, whatever the number of items."""
    rows = Notification.objects.filter(
        recipient=user, created_at__gte=since, created_at__lt=until
    ).order_by("-created_at")
    return [
        DigestItem(
            key=f"bench.notification:{row.pk}",
            title=row.message,
            url=row.url,
            network_id=row.network_id,
            network_name=f"Sieć {row.network_id}",
            when=row.created_at,
        )
        for row in rows
    ]


class Rollback(Exception):
    pass


def run(users: int) -> dict:
    now = timezone.now()
    try:
        with transaction.atomic():
            created = User.objects.bulk_create(
                [
                    User(
                        email=f"bench-{users}-{i}@example.org",
                        display_name=f"Osoba {i}",
                        password="!",  # noqa: S106 - unusable password
                        date_joined=now - timedelta(days=3),
                    )
                    for i in range(users)
                ],
                batch_size=BATCH,
            )
            Notification.objects.bulk_create(
                [
                    Notification(
                        recipient=person,
                        category=Category.REPLY,
                        text="%(name)s replied in %(thread)s",
                        params={"name": "Anna", "thread": f"Wątek {i}-{k}"},
                        url=f"/watki/{i}-{k}/",
                        network_id=i % NETWORKS + 1,
                        item_key=f"forums.post:{i}-{k}",
                        created_at=now - timedelta(hours=2 + k),
                    )
                    for i, person in enumerate(created)
                    for k in range(PER_USER)
                ],
                batch_size=BATCH,
            )
            period_start = period_start_for(period="daily", at=now)

            started = time.perf_counter()
            recipient_ids = list(digest_recipient_ids(period="daily", period_start=period_start))
            fan_out_seconds = time.perf_counter() - started
            ours = {person.pk for person in created}
            people = [person for person in created if person.pk in ours.intersection(recipient_ids)]

            # tracemalloc slows Python down about threefold, so it watches only the
            # first TRACED digests; the timing comes from the untraced rest.
            query_counts = []
            untraced_seconds = 0.0
            started = time.perf_counter()
            tracemalloc.start()
            for index, person in enumerate(people):
                if index == TRACED:
                    _current, peak = tracemalloc.get_traced_memory()
                    tracemalloc.stop()
                before = time.perf_counter()
                reset_queries()  # the log keeps 9,000 queries; count from empty
                with CaptureQueriesContext(connection) as queries:
                    digest_compose(
                        user=person, period="daily", period_start=period_start, until=now
                    )
                if index >= TRACED:
                    untraced_seconds += time.perf_counter() - before
                query_counts.append(len(queries))
            if tracemalloc.is_tracing():
                _current, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
            seconds = time.perf_counter() - started
            untraced = max(len(people) - TRACED, 1)
            emailed = Digest.objects.filter(user__in=created, email_record__isnull=False).count()
            raise Rollback(
                {
                    "users": users,
                    "digests e-mailed": emailed,
                    "fan-out query (s)": round(fan_out_seconds, 3),
                    "compose total (s)": round(seconds, 2),
                    "ms per digest (untraced)": round(1000 * untraced_seconds / untraced, 2),
                    "queries per digest (min/max)": (min(query_counts), max(query_counts)),
                    f"peak traced memory, first {TRACED} (MB)": round(peak / 1024 / 1024, 1),
                    "process max RSS (MB)": round(
                        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
                    ),
                }
            )
    except Rollback as result:
        return result.args[0]


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [1000, 10000]
    # Only the stand-in section runs, so the figures do not depend on other apps.
    digest._sections = {}
    digest.register_section("bench.activity", "Activity", bench_section, category=Category.REPLY)
    for size in sizes:
        for key, value in run(size).items():
            print(f"{key:>30}: {value}")
        print()


if __name__ == "__main__":
    main()
