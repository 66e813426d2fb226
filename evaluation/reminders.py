"""Reminders 48 hours before a survey closes, to members who have not answered, once each.

The beat task first plans a row per (survey, person) for surveys entering their
last 48 hours, then claims due rows with SELECT … FOR UPDATE SKIP LOCKED, sends
and marks them, so two workers or two beats never send the same reminder twice.
A survey open for less than a day before that moment gets no reminder: the
notice that it opened is recent enough.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from evaluation.email_links import survey_answer_url
from evaluation.models import Participation, Survey, SurveyReminder
from networks.models import Membership
from notifications.eligibility import email_settings_for, may_email
from notifications.models import Category, EmailKind
from notifications.services import email_user

REMIND_BEFORE = timedelta(hours=48)
MIN_OPEN_BEFORE_REMINDER = timedelta(hours=24)
BATCH_SIZE = 200


@dataclass
class ReminderRun:
    planned: int = 0
    sent: int = 0
    skipped: int = 0


def survey_reminders_plan(*, now: datetime) -> int:
    """Create the reminder rows of surveys entering their last 48 hours; returns how many rows."""
    planned = 0
    with transaction.atomic():
        surveys = list(
            Survey.objects.select_for_update(skip_locked=True)
            .published()
            .filter(
                reminders_planned_at__isnull=True,
                closes_at__gt=now,
                closes_at__lte=now + REMIND_BEFORE,
            )
        )
        for survey in surveys:
            survey.reminders_planned_at = now
            if survey.closes_at - REMIND_BEFORE < survey.opens_at + MIN_OPEN_BEFORE_REMINDER:
                continue
            answered = Participation.objects.filter(survey=survey, submitted=True).values("user_id")
            user_ids = (
                Membership.objects.filter(network_id=survey.network_id)
                .exclude(user_id__in=answered)
                .values_list("user_id", flat=True)
            )
            rows = SurveyReminder.objects.bulk_create(
                [SurveyReminder(survey=survey, user_id=user_id) for user_id in user_ids],
                ignore_conflicts=True,
            )
            planned += len(rows)
        Survey.objects.bulk_update(surveys, ["reminders_planned_at"])
    return planned


def survey_reminders_send_due(*, now: datetime | None = None, batch_size: int = BATCH_SIZE):
    """Plan new reminders, then claim and send the unsent ones batch by batch."""
    now = now or timezone.now()
    run = ReminderRun(planned=survey_reminders_plan(now=now))
    while True:
        sent, skipped = _send_batch(now=now, batch_size=batch_size)
        run.sent += sent
        run.skipped += skipped
        if sent + skipped < batch_size:
            return run


@transaction.atomic
def _send_batch(*, now: datetime, batch_size: int) -> tuple[int, int]:
    due = list(
        SurveyReminder.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(sent_at__isnull=True, skipped_at__isnull=True)
        .select_related("survey__network", "user")
        .order_by("id")[:batch_size]
    )
    if not due:
        return 0, 0
    survey_ids = {reminder.survey_id for reminder in due}
    user_ids = {reminder.user_id for reminder in due}
    answered = set(
        Participation.objects.filter(
            survey_id__in=survey_ids, user_id__in=user_ids, submitted=True
        ).values_list("survey_id", "user_id")
    )
    members = set(
        Membership.objects.filter(
            network__surveys__in=survey_ids, user_id__in=user_ids
        ).values_list("network_id", "user_id")
    )
    settings = email_settings_for(user_ids=user_ids, categories=[Category.SURVEY])
    sent = skipped = 0
    for reminder in due:
        survey, user = reminder.survey, reminder.user
        if (
            survey.closes_at <= now
            or (survey.pk, user.pk) in answered
            or (survey.network_id, user.pk) not in members
            or not may_email(
                user=user, category=Category.SURVEY, network_id=survey.network_id, settings=settings
            )
        ):
            reminder.skipped_at = now
            skipped += 1
            continue
        email_user(
            user=user,
            kind=EmailKind.SURVEY_REMINDER,
            category=Category.SURVEY,
            subject=gettext_noop("The survey “%(title)s” closes soon"),
            subject_params={"title": survey.title},
            template="evaluation/email/survey_reminder",
            context={
                "survey": survey,
                "network": survey.network,
                "answer_url": survey_answer_url(survey=survey, user=user),
            },
            item_key=f"evaluation.reminder:{reminder.pk}",
            unsubscribe=True,
        )
        reminder.sent_at = now
        sent += 1
    SurveyReminder.objects.bulk_update(due, ["sent_at", "skipped_at"])
    return sent, skipped
