"""How long the annual report of the busiest network takes: its figures, the page and the PDF.

    DATABASE_URL=postgres://... DEBUG=1 .venv/bin/python bench/report_bench.py [network-slug]

Run against the `large` data set (`manage.py generate_data --scale large --seed 1`). Picks
the network with the most activity-log entries (or the one named), takes the twelve months
up to today, and builds what the Celery task builds — `report_data` then `report_pdf` —
three times, printing for each run the wall and CPU time and the queries; then once more
under tracemalloc for the peak of Python allocations, and the process's peak resident
size. Reads only.
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

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from evaluation import reports  # noqa: E402
from networks.models import ActivityLog, Network  # noqa: E402

RUNS = 3


def busiest_network() -> Network:
    row = (
        ActivityLog.objects.values("network_id")
        .annotate(entries=Count("id"))
        .order_by("-entries")
        .first()
    )
    if row is None:
        raise SystemExit("No activity at all: generate the large data set first.")
    return Network.objects.get(pk=row["network_id"])


def main() -> None:
    network = Network.objects.get(slug=sys.argv[1]) if len(sys.argv) > 1 else busiest_network()
    end = timezone.localdate()
    start = end - timedelta(days=364)
    print(
        f"network {network.slug!r}: {network.memberships.count()} members, "
        f"{ActivityLog.objects.filter(network=network).count()} log entries, "
        f"{network.meetings.count()} meetings, {network.surveys.count()} surveys; "
        f"period {start} – {end}; load average {os.getloadavg()[0]:.2f}"
    )
    with translation.override("pl"):
        for run in range(1, RUNS + 1):
            wall, cpu = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as queries:
                data = reports.report_data(network=network, start=start, end=end)
                data_wall, data_cpu = time.perf_counter() - wall, time.process_time() - cpu
                pdf = reports.report_pdf(data)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            print(
                f"run {run}: {wall:.2f} s wall, {cpu:.2f} s CPU (the figures: {data_wall:.2f} s "
                f"wall, {data_cpu:.2f} s CPU), {len(queries)} queries, PDF {len(pdf) / 1024:.0f} KiB"
            )
        # Memory apart: tracing every allocation slows the run down several times.
        tracemalloc.start()
        reports.report_pdf(reports.report_data(network=network, start=start, end=end))
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(f"peak Python allocations while building: {peak / 2**20:.1f} MiB")
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak resident size: {maxrss:.0f} MiB")


if __name__ == "__main__":
    main()
