"""The Celery application. Schedules (beat) live in settings.CELERY_BEAT_SCHEDULE."""

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("sieci")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _load_search_dictionary(**kwargs):
    # In the worker's parent process, so forked pool processes share the loaded data.
    from core.search import warm_up

    warm_up()
