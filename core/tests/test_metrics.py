"""Metrics for Prometheus: the ops checks as gauges, task runtimes and failures."""

import pytest
from celery import shared_task
from django.test import RequestFactory
from django_prometheus.exports import ExportToDjangoView
from prometheus_client import REGISTRY

from core import metrics
from notifications.models import EmailStatus
from notifications.tests.factories import EmailRecordFactory

pytestmark = pytest.mark.django_db


@shared_task(name="core.tests.test_metrics.quick")
def quick():
    return 1


def _sample(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_the_ops_checks_are_exported_as_gauges():
    from datetime import timedelta

    from django.utils import timezone

    EmailRecordFactory(status=EmailStatus.FAILED)
    EmailRecordFactory(created_at=timezone.now() - timedelta(hours=1))  # waiting too long
    metrics.register_collectors()
    metrics.register_collectors()  # once per process, whoever asks
    body = ExportToDjangoView(RequestFactory().get("/metrics/")).content.decode()
    assert 'sieci_ops_check{check="emails_failed"} 1.0' in body
    assert 'sieci_ops_check{check="emails_waiting"} 1.0' in body
    assert 'sieci_ops_check{check="reminders_overdue"} 0.0' in body


def test_a_task_run_is_timed_by_task_name():
    before = _sample("sieci_task_runtime_seconds_count", task="core.tests.test_metrics.quick")
    quick.delay()
    after = _sample("sieci_task_runtime_seconds_count", task="core.tests.test_metrics.quick")
    assert after == before + 1


def test_a_failed_task_is_counted_by_task_name(settings):
    @shared_task(name="core.tests.test_metrics.fails")
    def fails():
        raise RuntimeError("no")

    before = _sample("sieci_task_failures_total", task="core.tests.test_metrics.fails")
    fails.app.conf.task_eager_propagates = False
    try:
        fails.delay()
    finally:
        fails.app.conf.task_eager_propagates = True
    assert _sample("sieci_task_failures_total", task="core.tests.test_metrics.fails") == before + 1
