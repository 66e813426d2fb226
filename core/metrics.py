"""Metrics for Prometheus beyond django-prometheus's request metrics (on with PROMETHEUS_METRICS).

- `sieci_ops_check{check=...}`: every registered ops check (outbox backlog, failed e-mails,
  overdue reminders, failed tasks), computed when scraped.
- `sieci_task_runtime_seconds{task=...}` and `sieci_task_failures_total{task=...}`: from the
  workers, which serve them on PROMETHEUS_WORKER_PORT. With prefork workers the children
  write to PROMETHEUS_MULTIPROC_DIR and the parent collects (prometheus_client's multiprocess
  mode); deploy/systemd/sieci-worker.service sets both.
"""

import time

from prometheus_client import Counter, Histogram
from prometheus_client.core import GaugeMetricFamily

TASK_RUNTIME = Histogram(
    "sieci_task_runtime_seconds",
    "Time a Celery task ran",
    ["task"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 90),
)
TASK_FAILURES = Counter("sieci_task_failures_total", "Celery tasks that failed", ["task"])

_started: dict[str, float] = {}


def task_started(task_id: str) -> None:
    _started[task_id] = time.monotonic()


def task_finished(task_id: str, task_name: str) -> None:
    started = _started.pop(task_id, None)
    if started is not None:
        TASK_RUNTIME.labels(task=task_name).observe(time.monotonic() - started)


def task_failed(task_name: str) -> None:
    TASK_FAILURES.labels(task=task_name).inc()


class OpsChecksCollector:
    """The ops checks as gauges, read from the database at scrape time."""

    @staticmethod
    def _family() -> GaugeMetricFamily:
        return GaugeMetricFamily(
            "sieci_ops_check", "Background-work backlogs (core.ops checks)", labels=["check"]
        )

    def describe(self):
        # Without it prometheus_client calls collect() when the collector is registered, i.e.
        # when urls.py is imported: every management command would query the database, and
        # fail on one not migrated yet (makemigrations --check on a fresh database).
        yield self._family()

    def collect(self):
        from core.ops import registered_checks

        family = self._family()
        for check in registered_checks():
            family.add_metric([check.key], check.count())
        yield family


_registered = False


def register_collectors() -> None:
    """Add the ops checks to the default registry once per process (urls.py, when metrics are on)."""
    global _registered
    if not _registered:
        from prometheus_client import REGISTRY

        REGISTRY.register(OpsChecksCollector())
        _registered = True
