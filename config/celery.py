"""The Celery application. Schedules (beat) live in settings.CELERY_BEAT_SCHEDULE."""

import logging
import logging.config
import os
from pathlib import Path

from celery import Celery
from celery.signals import (
    setup_logging,
    task_failure,
    task_postrun,
    task_prerun,
    worker_init,
)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("sieci")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _make_filesystem_broker_folders(sender, **kwargs):
    # kombu's filesystem transport (local runs without Redis) needs its folders; made when
    # Celery is first used rather than when settings are imported.
    if sender.conf.broker_url == "filesystem://":
        for key in ("data_folder_in", "processed_folder", "control_folder"):
            folder = sender.conf.broker_transport_options.get(key)
            if folder:
                Path(folder).mkdir(parents=True, exist_ok=True)


@setup_logging.connect
def _use_django_logging(**kwargs):
    # Connected, so Celery leaves the root logger alone: workers log in the same format as the
    # web (JSON in production), and core.logging adds the task's name and id to each line.
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


@worker_init.connect
def _load_search_dictionary(**kwargs):
    # In the worker's parent process, so forked pool processes share the loaded data.
    from core.search import warm_up

    warm_up()


@worker_init.connect
def _serve_worker_metrics(**kwargs):
    from django.conf import settings

    if not (settings.PROMETHEUS_METRICS and settings.PROMETHEUS_WORKER_PORT):
        return
    from prometheus_client import CollectorRegistry, start_http_server

    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        from prometheus_client import REGISTRY as registry
    start_http_server(settings.PROMETHEUS_WORKER_PORT, registry=registry)


@task_prerun.connect
def _task_started(task_id=None, **kwargs):
    from core.metrics import task_started

    task_started(task_id)


@task_postrun.connect
def _task_finished(task_id=None, task=None, **kwargs):
    from core.metrics import task_finished

    task_finished(task_id, getattr(task, "name", str(task)))


@task_failure.connect
def _record_task_failure(sender=None, task_id=None, exception=None, **kwargs):
    # Time limits and exceptions alike end here; the record is what ops_status counts.
    from core.metrics import task_failed
    from core.ops import record_task_failure

    task_failed(getattr(sender, "name", str(sender)))
    try:
        record_task_failure(
            task_name=getattr(sender, "name", str(sender)),
            task_id=task_id or "",
            error=f"{type(exception).__name__}: {exception}",
        )
    except Exception:
        logging.getLogger(__name__).exception("Could not record a failed task")
