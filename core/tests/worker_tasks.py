"""Tasks that misbehave on purpose, loaded only by core.tests.worker_settings."""

import time

from celery import shared_task


@shared_task(name="core.tests.worker_tasks.sleeps")
def sleeps(seconds: float) -> None:
    time.sleep(seconds)


@shared_task(name="core.tests.worker_tasks.always_fails")
def always_fails() -> None:
    raise RuntimeError("fails on purpose")
