"""Health that tells the truth, and what operators see of background work."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from core import ops
from core.models import TaskFailure
from core.tasks import beat_heartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(monkeypatch):
    monkeypatch.setattr(ops, "queue_depths", lambda: {"celery": None, "scheduled": None})


@pytest.fixture
def broker_up(monkeypatch):
    monkeypatch.setattr(ops, "queue_depths", lambda: {"celery": 0, "scheduled": 0})


def test_liveness_answers_200_while_the_database_answers(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}


def test_liveness_stays_200_when_only_the_broker_is_down(client, broker_down):
    # A Redis blip must not take every web process out of the load balancer.
    assert client.get(reverse("health")).status_code == 200


def test_liveness_and_readiness_answer_503_without_the_database(client, monkeypatch):
    monkeypatch.setattr(ops, "database_ok", lambda: False)
    assert client.get(reverse("health")).status_code == 503
    assert client.get(reverse("readiness")).status_code == 503


def test_readiness_reports_a_broker_outage_as_degraded_not_down(client, broker_down):
    beat_heartbeat()
    response = client.get(reverse("readiness"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["degraded"] == ["broker"]


def test_readiness_is_ok_with_a_fresh_beat_tick_and_no_backlog(client, broker_up):
    beat_heartbeat()
    body = client.get(reverse("readiness")).json()
    assert body["status"] == "ok", body
    assert body["queues"] == {"celery": 0, "scheduled": 0}


def test_a_beat_silent_for_three_minutes_is_degraded(client, broker_up):
    ops.record_beat_tick(now=timezone.now() - timedelta(minutes=4))
    assert client.get(reverse("readiness")).json()["degraded"] == ["beat"]


def test_a_failed_task_is_recorded_and_counted(client, broker_up):
    beat_heartbeat()
    ops.record_task_failure(task_name="x.y", task_id="abc", error="SoftTimeLimitExceeded: ")
    body = client.get(reverse("readiness")).json()
    assert body["checks"]["task_failures"] == 1
    assert "task_failures" in body["degraded"]


def test_a_task_that_raises_is_recorded_through_the_failure_signal(settings):
    from celery import shared_task

    @shared_task(name="core.tests.test_ops.explode")
    def explode():
        raise RuntimeError("boom")

    settings.CELERY_TASK_EAGER_PROPAGATES = False
    explode.app.conf.task_eager_propagates = False
    try:
        explode.delay()
    finally:
        explode.app.conf.task_eager_propagates = True
    failure = TaskFailure.objects.get()
    assert failure.task_name == "core.tests.test_ops.explode"
    assert failure.error == "RuntimeError: boom"


def test_overdue_reminders_and_waiting_emails_are_checks_apps_register():
    keys = {check.key for check in ops.registered_checks()}
    assert {"emails_waiting", "emails_failed", "reminders_overdue", "task_failures"} <= keys


@pytest.mark.parametrize(("who", "status"), [("anonymous", 404), ("member", 404), ("staff", 200)])
def test_only_staff_see_the_operations_page(client, who, status, broker_down):
    if who != "anonymous":
        client.force_login(UserFactory(is_staff=who == "staff"))
    response = client.get(reverse("operations"))
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "broker" in html  # degraded, and says so
        assert "Ostatnie tyknięcie harmonogramu" in html or "Last beat tick" in html


def test_ops_status_command_prints_every_check(capsys, broker_up):
    beat_heartbeat()
    call_command("ops_status")
    out = capsys.readouterr().out
    assert "status: ok" in out
    assert "queue scheduled: 0" in out
    for check in ops.registered_checks():
        assert str(check.label) in out


def test_every_beat_entry_runs_on_the_scheduled_queue_and_expires_before_its_next_tick():
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["options"]["queue"] == settings.SCHEDULED_QUEUE, name
        schedule = entry["schedule"]
        interval = schedule if isinstance(schedule, float) else 24 * 3600
        assert 0 < entry["options"]["expires"] < interval, name


def test_tasks_have_global_time_limits():
    assert 0 < settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
