"""A real worker and beat on the real Redis: a task over its soft limit is stopped and recorded,
and beat keeps ticking while another scheduled task fails every time.

Runs only when REDIS_URL is set (as on CI).
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from core.models import Heartbeat, TaskFailure
from core.tests.worker_tasks import sleeps

pytestmark = [
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (set REDIS_URL)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def worker_and_beat(tmp_path, monkeypatch):
    queue = f"limits-test-{uuid.uuid4().hex[:8]}"
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@"
            f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "DJANGO_SETTINGS_MODULE": "core.tests.worker_settings",
        "DEBUG": "1",
        "DJANGO_ENV": "development",  # not the test run's "test" (eager tasks)
        "SIECI_TEST_QUEUE": queue,
        "PYTHONUNBUFFERED": "1",
    }
    log_path = tmp_path / "worker.log"
    celery = str(Path(sys.executable).parent / "celery")
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603
            [
                celery,
                "-A",
                "config",
                "worker",
                "-B",
                "--pool=prefork",
                "-c",
                "1",
                "-Q",
                queue,
                "--schedule",
                str(tmp_path / "beat-schedule"),
                "-l",
                "info",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # beat and the pool's children are stopped with it
        )
        monkeypatch.setitem(sleeps.app.conf, "task_always_eager", False)
        try:
            assert _wait_for(lambda: "ready." in log_path.read_text(), 90), log_path.read_text()
            yield queue, log_path
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _wait_for(condition, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


def test_soft_limit_stops_a_task_and_beat_keeps_ticking_past_failures(worker_and_beat):
    queue, log_path = worker_and_beat
    # The limits travel in the message, from the sender's settings; here a tight one.
    sleeps.apply_async(args=[120], queue=queue, soft_time_limit=1, time_limit=5)
    stopped = _wait_for(
        lambda: TaskFailure.objects.filter(task_name="core.tests.worker_tasks.sleeps").exists()
    )
    assert stopped, log_path.read_text()
    failure = TaskFailure.objects.get(task_name="core.tests.worker_tasks.sleeps")
    assert "SoftTimeLimitExceeded" in failure.error

    # The failing scheduled task fails again and again; the heartbeat still moves on.
    assert _wait_for(lambda: Heartbeat.objects.filter(name="beat").exists()), log_path.read_text()
    first = Heartbeat.objects.get(name="beat").at
    assert _wait_for(lambda: Heartbeat.objects.get(name="beat").at > first), log_path.read_text()
    failures = TaskFailure.objects.filter(task_name="core.tests.worker_tasks.always_fails")
    assert _wait_for(lambda: failures.count() >= 2), log_path.read_text()


@pytest.fixture
def two_queues(tmp_path):
    """One worker per queue, as in production: 'celery' (one slot) and 'scheduled'."""
    suffix = uuid.uuid4().hex[:8]
    queues = {"celery": f"deliver-{suffix}", "scheduled": f"scheduled-{suffix}"}
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@"
            f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "DJANGO_SETTINGS_MODULE": "core.tests.worker_settings",
        "DEBUG": "1",
        "DJANGO_ENV": "development",
        "SIECI_TEST_QUEUE": f"beat-{suffix}",  # worker_settings' beat is not started here
        "PYTHONUNBUFFERED": "1",
    }
    celery = str(Path(sys.executable).parent / "celery")
    processes, logs = [], []
    for name, queue in queues.items():
        log_path = tmp_path / f"{name}.log"
        logs.append(log_path)
        with log_path.open("w") as log:
            processes.append(
                subprocess.Popen(  # noqa: S603
                    [
                        celery,
                        "-A",
                        "config",
                        "worker",
                        "--pool=prefork",
                        "-c",
                        "1",
                        "-Q",
                        queue,
                        "-n",
                        f"{name}-{suffix}@%h",
                        "-l",
                        "info",
                    ],
                    cwd=settings.BASE_DIR,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
    try:
        for log_path in logs:
            assert _wait_for(lambda p=log_path: "ready." in p.read_text(), 90), log_path.read_text()
        yield queues
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_the_reminder_claim_runs_on_time_behind_a_delivery_backlog(two_queues, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    from accounts.tests.factories import UserFactory
    from networks import meetings
    from networks.models import Answer, MeetingReminder
    from networks.tasks import send_meeting_reminders
    from networks.tests.factories import MeetingFactory, MembershipFactory, NetworkFactory

    monkeypatch.setitem(sleeps.app.conf, "task_always_eager", False)
    network = NetworkFactory(coordinator=UserFactory())
    person = MembershipFactory(network=network).user
    start = timezone.now() + timedelta(hours=2)
    meeting = MeetingFactory(network=network, starts_at=start, ends_at=start + timedelta(hours=1))
    meetings.rsvp_answer(meeting=meeting, user=person, answer=Answer.YES)
    MeetingReminder.objects.update(due_at=timezone.now() - timedelta(minutes=1))

    for _ in range(20):  # four minutes of slow deliveries waiting on the one delivery slot
        sleeps.apply_async(args=[12], queue=two_queues["celery"], soft_time_limit=30)
    started = time.monotonic()
    send_meeting_reminders.apply_async(queue=two_queues["scheduled"])
    assert _wait_for(lambda: not MeetingReminder.objects.filter(sent_at__isnull=True).exists(), 30)
    assert time.monotonic() - started < 30
