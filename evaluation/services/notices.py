"""Telling members that a survey has opened, and that its shared results are there."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from accounts.models import User
from evaluation.models import (
    Survey,
)
from evaluation.permissions import results_released
from notifications.models import Category
from notifications.services import notify


def survey_opening_notify(*, survey_id: int) -> bool:
    """Tell the members once that a published survey is open (claimed under lock, so never twice)."""
    with transaction.atomic():
        survey = (
            Survey.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("network")
            .filter(
                pk=survey_id,
                published_at__isnull=False,
                opening_notified_at__isnull=True,
                opens_at__lte=timezone.now(),
                closes_at__gt=timezone.now(),
            )
            .first()
        )
        if survey is None:
            return False
        survey.opening_notified_at = timezone.now()
        survey.save(update_fields=["opening_notified_at"])
        members = User.objects.filter(
            memberships__network_id=survey.network_id, is_active=True
        ).exclude(pk=survey.created_by_id)
        notify(
            recipients=members,
            category=Category.SURVEY,
            text=gettext_noop("A survey is open in %(network)s: %(title)s"),
            params={"network": survey.network.name, "title": survey.title},
            url=survey.get_absolute_url(),
            network_id=survey.network_id,
            item_key=f"evaluation.survey:{survey.pk}",
        )
    return True


def surveys_opening_notify_due() -> int:
    """Tell members about every survey that has opened since the last run; returns how many."""
    now = timezone.now()
    due = Survey.objects.published().filter(
        opening_notified_at__isnull=True, opens_at__lte=now, closes_at__gt=now
    )
    return sum(survey_opening_notify(survey_id=pk) for pk in due.values_list("pk", flat=True))


# An anonymous survey that has closed is announced only after the beat has released its answers.
_AWAITING_RELEASE = Q(is_anonymous=True, released_at__isnull=True)

# Results shared after a longer pause (the beat was down for days) are not announced.
RESULTS_NOTICE_WITHIN = timedelta(days=7)


def survey_results_notify(*, survey_id: int) -> bool:
    """Tell the members once that a closed survey's shared results can be seen (claimed under lock)."""
    now = timezone.now()
    with transaction.atomic():
        survey = (
            Survey.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("network")
            .filter(
                pk=survey_id,
                published_at__isnull=False,
                results_shared=True,
                results_notified_at__isnull=True,
                closes_at__lte=now,
            )
            .exclude(_AWAITING_RELEASE)
            .first()
        )
        if survey is None:
            return False
        survey.results_notified_at = now
        survey.save(update_fields=["results_notified_at"])
        # An anonymous survey below its threshold shows no results: nothing to announce.
        if survey.closes_at < now - RESULTS_NOTICE_WITHIN or not results_released(survey):
            return False
        members = User.objects.filter(
            memberships__network_id=survey.network_id, is_active=True
        ).exclude(pk=survey.created_by_id)
        notify(
            recipients=members,
            category=Category.SURVEY,
            text=gettext_noop("The results of “%(title)s” in %(network)s are there to see"),
            params={"network": survey.network.name, "title": survey.title},
            url=survey.get_results_url(),
            network_id=survey.network_id,
            item_key=f"evaluation.results:{survey.pk}",
        )
    return True


def surveys_results_notify_due() -> int:
    """Announce the shared results of every survey that has closed since the last run."""
    due = (
        Survey.objects.published()
        .filter(
            results_shared=True, results_notified_at__isnull=True, closes_at__lte=timezone.now()
        )
        .exclude(_AWAITING_RELEASE)
    )
    return sum(survey_results_notify(survey_id=pk) for pk in due.values_list("pk", flat=True))
