"""Retention: what is past its period goes every night; what is still needed stays."""

import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import DataExport, DataExportStatus
from accounts.tests.factories import UserFactory
from notifications.models import EmailRecord, EmailStatus, Notification
from notifications.tasks import prune_personal_data

pytestmark = pytest.mark.django_db


def email(*, days_old: int, status=EmailStatus.SENT) -> EmailRecord:
    return EmailRecord.objects.create(
        to_address="ktos@example.org",
        subject="Temat",
        kind="notification",
        body_text="Treść",
        status=status,
        created_at=timezone.now() - timedelta(days=days_old),
    )


def test_sent_and_failed_emails_past_their_period_are_pruned_queued_ones_stay():
    days = settings.RETENTION_EMAIL_DAYS
    old_sent = email(days_old=days + 1)
    old_failed = email(days_old=days + 1, status=EmailStatus.FAILED)
    old_queued = email(days_old=days + 1, status=EmailStatus.QUEUED)
    recent = email(days_old=days - 1)

    result = prune_personal_data()

    assert result["emails"] == 2
    remaining = set(EmailRecord.objects.values_list("pk", flat=True))
    assert remaining == {old_queued.pk, recent.pk}
    assert old_sent.pk not in remaining and old_failed.pk not in remaining


def test_notifications_past_their_period_are_pruned(settings):
    settings.RETENTION_NOTIFICATION_DAYS = 30
    person = UserFactory()
    now = timezone.now()
    old = Notification.objects.create(
        recipient=person, category="reply", text="x", created_at=now - timedelta(days=31)
    )
    recent = Notification.objects.create(
        recipient=person, category="reply", text="x", created_at=now - timedelta(days=29)
    )
    assert prune_personal_data()["notifications"] == 1
    assert list(Notification.objects.values_list("pk", flat=True)) == [recent.pk]
    assert old.pk != recent.pk


def test_expired_data_exports_are_deleted_with_their_files(settings):
    from accounts.services import export_storage

    person = UserFactory()
    storage = export_storage()
    name = storage.save("data-exports/test.zip", io.BytesIO(b"PK"))
    expired = DataExport.objects.create(
        user=person,
        status=DataExportStatus.READY,
        archive_name=name,
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    valid = DataExport.objects.create(
        user=person,
        status=DataExportStatus.READY,
        archive_name="data-exports/other.zip",
        expires_at=timezone.now() + timedelta(days=1),
    )
    assert prune_personal_data()["data_exports"] == 1
    assert not storage.exists(name)
    assert list(DataExport.objects.values_list("pk", flat=True)) == [valid.pk]
    assert expired.pk != valid.pk


def test_the_nightly_schedule_runs_the_task_with_an_expiry():
    entry = settings.CELERY_BEAT_SCHEDULE["notifications-prune-personal-data"]
    assert entry["task"] == "notifications.tasks.prune_personal_data"
    assert entry["options"]["expires"] > 0
