"""Settings for the real worker and beat started by tests/test_worker_limits.py: a beat that
ticks every second, and a task that always fails beside the heartbeat."""

import os

from config.settings import *  # noqa: F403

_queue = os.environ["SIECI_TEST_QUEUE"]
CELERY_IMPORTS = ["core.tests.worker_tasks"]
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {
        "task": "core.tasks.beat_heartbeat",
        "schedule": 1.0,
        "options": {"queue": _queue, "expires": 5},
    },
    "always-fails": {
        "task": "core.tests.worker_tasks.always_fails",
        "schedule": 1.0,
        "options": {"queue": _queue, "expires": 5},
    },
}
