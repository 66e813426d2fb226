"""Daily digests for N people as production composes them: time, CPU, queries and memory.

    DEBUG=1 DATABASE_URL=postgres://.../sieci_large REDIS_URL=redis://127.0.0.1:6379/8 \\
        .venv/bin/python bench/digest_bench.py [--processes 4] [1000 10000]

Runs over data from `manage.py generate_data --scale large` (20,000 people), whose last
day holds a day of activity (posts, materials, meetings, surveys; bench/generate.py): the
digests are those of the morning after the data was made (`until` = its newest post).
The path is production's: `digest_batches` (what the beat's fan-out queues) cut to the
first N people, then the task function `compose_digests` of notifications.tasks run on
each batch by a pool of worker processes, as many as the production worker has
(deploy/systemd/sieci-worker.service: `celery worker -c 4`), one batch at a time each
(prefetch 1). Every registered section runs; the e-mails are rendered (HTML and text) and
queued as EmailRecords, their delivery tasks go to the broker and are purged afterwards;
nothing is sent. The digests and e-mails made are deleted before and after each size.

The machine is shared: beside wall time it prints the CPU time of the worker processes
and of their PostgreSQL backends, and the time two idle cores would take for that work.
"""

import argparse
import multiprocessing
import os
import resource
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.utils import timezone  # noqa: E402

from forums.models import Post  # noqa: E402
from notifications.digest import (  # noqa: E402
    DIGEST_BATCH,
    digest_batches,
    period_start_for,
    registered_sections,
)
from notifications.models import Digest, EmailRecord  # noqa: E402
from notifications.tasks import compose_digests  # noqa: E402

PERIOD = "daily"
PRODUCTION_CONCURRENCY = 4  # deploy/systemd/sieci-worker.service: -c 4
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def backend_cpu_seconds() -> float:
    """CPU time so far of this connection's PostgreSQL backend (a local server)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def compose_batch(job: tuple[list[int], str, str]) -> dict:
    """In a worker process: the production task on one batch, measured."""
    user_ids, period_start, until = job
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    db_before = backend_cpu_seconds()
    cpu_before, wall_before = time.process_time(), time.perf_counter()
    with connection.execute_wrapper(count):
        made = compose_digests(user_ids, PERIOD, period_start, until)
    return {
        "people": len(user_ids),
        "digests": made,
        "queries": queries,
        "wall": time.perf_counter() - wall_before,
        "cpu": time.process_time() - cpu_before,
        "db_cpu": backend_cpu_seconds() - db_before,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def forget(period_start) -> None:
    """Delete the digests of this period and their e-mails (a run starts from none)."""
    digests = Digest.objects.filter(period=PERIOD, period_start=period_start)
    EmailRecord.objects.filter(
        pk__in=digests.exclude(email_record=None).values("email_record")
    ).delete()
    digests.delete()


def purge_broker() -> None:
    from config.celery import app

    app.control.purge()


def run(people: int, processes: int, until) -> dict:
    period_start = period_start_for(period=PERIOD, at=until)
    forget(period_start)
    purge_broker()

    started = time.perf_counter()
    ids = [pk for batch in digest_batches(period=PERIOD, period_start=period_start) for pk in batch]
    fan_out = time.perf_counter() - started
    ids = ids[:people]
    jobs = [
        (ids[i : i + DIGEST_BATCH], period_start.isoformat(), until.isoformat())
        for i in range(0, len(ids), DIGEST_BATCH)
    ]
    connections.close_all()  # each forked worker opens its own connection
    load_before = os.getloadavg()
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        results = list(pool.imap_unordered(compose_batch, jobs, chunksize=1))
    seconds = time.perf_counter() - started
    load_after = os.getloadavg()

    digests = Digest.objects.filter(period=PERIOD, period_start=period_start, user_id__in=ids)
    emailed = digests.exclude(email_record=None).count()
    counts = sorted(digests.values_list("item_count", flat=True))
    sections = {
        key: digests.exclude(email_record=None)
        .filter(email_record__body_text__contains=str(title))
        .count()
        for key, title in ((s.key, s.title) for s in registered_sections())
    }
    forget(period_start)
    purge_broker()

    made = sum(r["digests"] for r in results) or 1
    cpu = sum(r["cpu"] for r in results)
    db_cpu = sum(r["db_cpu"] for r in results)
    full = [r["queries"] for r in results if r["people"] == DIGEST_BATCH] or [
        r["queries"] for r in results
    ]
    return {
        "people": len(ids),
        "worker processes": processes,
        "batches (of up to)": f"{len(jobs)} ({DIGEST_BATCH})",
        "digests made / e-mailed": f"{made} / {emailed}",
        "items per digest min/median/max": (
            f"{counts[0]}/{counts[len(counts) // 2]}/{counts[-1]}" if counts else "-"
        ),
        "e-mails listing each section": sections,
        "fan-out query (s)": round(fan_out, 2),
        "compose wall total (s)": round(seconds, 1),
        "wall ms per digest": round(1000 * seconds / made, 2),
        "worker CPU ms per digest": round(1000 * cpu / made, 2),
        "PostgreSQL CPU ms per digest": round(1000 * db_cpu / made, 2),
        "2 idle cores, expected (s)": round((cpu + db_cpu) / min(2, processes) * people / made, 1),
        "queries per batch min/max": (min(full), max(full)),
        "queries per digest min/max (by batch)": (
            round(min(r["queries"] / r["people"] for r in results), 3),
            round(max(r["queries"] / r["people"] for r in results), 3),
        ),
        "max RSS of a worker (MB)": round(max(r["rss_mb"] for r in results), 1),
        "load average before/after": f"{load_before[0]:.2f} / {load_after[0]:.2f}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--processes", type=int, default=PRODUCTION_CONCURRENCY)
    args = parser.parse_args()
    # As in production: no query log kept in memory.
    settings.DEBUG = False
    newest = Post.objects.aggregate(newest=Max("created_at"))["newest"]
    if newest is None:
        sys.exit("No posts: run `manage.py generate_data --scale large` first.")
    until = newest + timedelta(minutes=1)
    print(f"Digests until {timezone.localtime(until):%Y-%m-%d %H:%M} (the data's newest post)")
    for size in args.sizes:
        for key, value in run(size, args.processes, until).items():
            print(f"{key:>38}: {value}")
        print(flush=True)


if __name__ == "__main__":
    main()
