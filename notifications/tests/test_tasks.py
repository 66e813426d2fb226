from datetime import date

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.utils import timezone

from accounts.tests.factories import UserFactory
from notifications.digest import DigestItem, period_start_for, register_section
from notifications.models import Category, Digest, EmailStatus
from notifications.tasks import compose_digest, email_sweep, send_daily_digests, send_weekly_digests

pytestmark = pytest.mark.django_db


def test_beat_runs_digests_at_seven_warsaw_time_and_the_sweep_every_minute():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert settings.CELERY_TIMEZONE == "Europe/Warsaw"
    assert schedule["notifications-email-sweep"]["schedule"] == 60.0
    assert schedule["notifications-daily-digests"]["schedule"] == crontab(hour=7, minute=0)
    assert schedule["notifications-weekly-digests"]["schedule"] == crontab(
        hour=7, minute=0, day_of_week="mon"
    )


def test_daily_fan_out_composes_each_digest_once(
    digest_sections, django_capture_on_commit_callbacks, mailoutbox
):
    people = UserFactory.create_batch(3)
    register_section(
        "test.everything",
        "Everything",
        lambda user, since, until: [DigestItem("k", "Nowość", "/n/", 1, "Sieć", None)],
        category=Category.REPLY,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_daily_digests.delay().get() == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert send_daily_digests.delay().get() == 0  # a second beat finds them all done
    assert Digest.objects.filter(user__in=people).count() == 3
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)
    assert all(d.email_record.status == EmailStatus.SENT for d in Digest.objects.all())


def test_weekly_fan_out_skips_people_without_weekly_categories(digest_sections):
    UserFactory.create_batch(2)
    assert send_weekly_digests.delay().get() == 0


def test_compose_task_twice_is_one_digest(digest_sections, user):
    start = period_start_for(period="daily", at=timezone.now()).isoformat()
    first = compose_digest.delay(user.pk, "daily", start).get()
    assert compose_digest.delay(user.pk, "daily", start).get() is None
    assert Digest.objects.get().pk == first
    assert compose_digest.delay(0, "daily", date.today().isoformat()).get() is None


def test_sweep_task_reports_what_it_did():
    assert email_sweep.delay().get() == {"requeued": 0, "uncertain": 0}


def test_no_task_waits_long_before_a_retry():
    # Redis redelivers a task still unacknowledged after its visibility timeout (an hour),
    # so a long countdown would send twice; due work lives in rows claimed by beat instead.
    from config.celery import app
    from notifications.mail import MAX_ATTEMPTS, RETRY_BASE_SECONDS

    app.loader.import_default_modules()
    ours = [
        task
        for name, task in app.tasks.items()
        if name.split(".")[0]
        in {"core", "accounts", "notifications", "networks", "forums", "resources", "evaluation"}
    ]
    assert ours
    assert not [task.name for task in ours if getattr(task, "retry_backoff", False)]
    assert RETRY_BASE_SECONDS * 2 ** (MAX_ATTEMPTS - 2) <= 5 * 60
