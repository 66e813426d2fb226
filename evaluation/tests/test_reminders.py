from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from evaluation import services
from evaluation.digest import surveys_to_answer
from evaluation.models import Survey, SurveyReminder
from evaluation.reminders import survey_reminders_send_due
from evaluation.tasks import announce_opened_surveys
from evaluation.tests.factories import answer, make_survey
from networks.tests.factories import MembershipFactory, NetworkFactory
from notifications.models import Category, EmailRecord, Notification, Preference


def _closing_soon(network, coordinator, **kwargs):
    survey = make_survey(network, coordinator, **kwargs)
    Survey.objects.filter(pk=survey.pk).update(
        opens_at=timezone.now() - timedelta(days=5), closes_at=timezone.now() + timedelta(hours=47)
    )
    survey.refresh_from_db()
    return survey


def test_reminder_goes_once_to_members_who_have_not_answered(network, coordinator, members):
    survey = _closing_soon(network, coordinator)
    answer(survey, members[0])
    run = survey_reminders_send_due()
    assert run.sent == 4  # three members who did not answer, and the coordinator
    reminded = set(
        EmailRecord.objects.filter(kind="survey_reminder").values_list("user_id", flat=True)
    )
    assert members[0].pk not in reminded and members[1].pk in reminded
    again = survey_reminders_send_due()
    assert (again.planned, again.sent) == (0, 0)
    assert EmailRecord.objects.filter(kind="survey_reminder").count() == 4


def test_no_reminder_before_the_last_48_hours(network, coordinator, members):
    make_survey(network, coordinator, open_for=timedelta(days=5))
    assert survey_reminders_send_due().sent == 0
    assert not SurveyReminder.objects.exists()


def test_who_answers_after_planning_is_not_reminded(network, coordinator, members):
    from evaluation.reminders import survey_reminders_plan

    survey = _closing_soon(network, coordinator)
    survey_reminders_plan(now=timezone.now())
    answer(survey, members[1])
    run = survey_reminders_send_due()
    assert run.skipped == 1 and run.sent == 4


def test_people_who_chose_never_for_surveys_get_no_reminder(network, coordinator, members):
    Preference.objects.create(user=members[2], category=Category.SURVEY, frequency="never")
    _closing_soon(network, coordinator)
    survey_reminders_send_due()
    assert not EmailRecord.objects.filter(user=members[2], kind="survey_reminder").exists()


def test_opening_is_announced_once(
    network, coordinator, members, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        survey = make_survey(network, coordinator)
    notices = Notification.objects.filter(
        category=Category.SURVEY, item_key=f"evaluation.survey:{survey.pk}"
    )
    assert set(notices.values_list("recipient_id", flat=True)) == {m.pk for m in members}
    assert services.survey_opening_notify(survey_id=survey.pk) is False
    assert notices.count() == 4


def test_survey_opening_later_is_announced_by_the_beat_task(network, coordinator, members):
    survey = make_survey(network, coordinator, opens_in=timedelta(hours=1))
    assert announce_opened_surveys() == 0
    Survey.objects.filter(pk=survey.pk).update(opens_at=timezone.now() - timedelta(minutes=1))
    assert announce_opened_surveys() == 1
    assert announce_opened_surveys() == 0


def test_digest_lists_open_surveys_not_yet_answered(network, coordinator, members):
    survey = make_survey(network, coordinator)
    since, until = timezone.now() - timedelta(days=1), timezone.now() + timedelta(minutes=1)
    items = surveys_to_answer(members[0], since, until)
    assert [item.key for item in items] == [f"evaluation.survey:{survey.pk}"]
    answer(survey, members[0])
    assert surveys_to_answer(members[0], since, until) == []


def test_digest_section_query_count_is_constant(
    network, coordinator, members, django_assert_num_queries
):
    for _ in range(5):
        make_survey(network, coordinator)
    since, until = timezone.now() - timedelta(days=1), timezone.now() + timedelta(minutes=1)
    with django_assert_num_queries(1):
        assert len(surveys_to_answer(members[0], since, until)) == 5


# --- the 48-hour boundary, and two workers claiming at once -------------------------------


def test_reminders_start_exactly_48_hours_before_closing(network, coordinator, members):
    survey = make_survey(network, coordinator, open_for=timedelta(days=6))
    early = survey.closes_at - timedelta(hours=48, minutes=1)
    assert survey_reminders_send_due(now=early).planned == 0
    assert not SurveyReminder.objects.exists()
    on_time = survey.closes_at - timedelta(hours=48)
    run = survey_reminders_send_due(now=on_time)
    assert run.planned == run.sent == 5  # four members and the coordinator, none has answered


def test_closed_survey_sends_no_reminder(network, coordinator, members):
    survey = _closing_soon(network, coordinator)
    services.survey_close(survey=survey, by=coordinator)
    assert survey_reminders_send_due().sent == 0
    assert not EmailRecord.objects.filter(kind="survey_reminder").exists()


def _in_threads(function, count=2):
    """Run `function` in `count` threads started together; each closes its own connection."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(function())
        except Exception as error:  # noqa: BLE001 — reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_send_each_reminder_once():
    """Two beats racing: planning and claiming lock rows, so every non-answerer gets one e-mail."""
    coordinator = UserFactory()
    network = NetworkFactory(coordinator=coordinator)
    people = [MembershipFactory(network=network).user for _ in range(12)]
    survey = _closing_soon(network, coordinator)
    answer(survey, people[0])
    runs = _in_threads(lambda: survey_reminders_send_due(batch_size=3))
    assert sum(run.sent for run in runs) == 12  # eleven members and the coordinator
    records = EmailRecord.objects.filter(kind="survey_reminder")
    per_person = Counter(records.values_list("user_id", flat=True))
    assert set(per_person) == {p.pk for p in people[1:]} | {coordinator.pk}
    assert set(per_person.values()) == {1}
    assert SurveyReminder.objects.filter(sent_at__isnull=True, skipped_at__isnull=True).count() == 0
    # A third run, later, finds nothing left to send.
    assert survey_reminders_send_due().sent == 0
    assert records.count() == 12


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_claiming_twice_in_a_row_sends_nothing_new():
    coordinator = UserFactory()
    network = NetworkFactory(coordinator=coordinator)
    people = [MembershipFactory(network=network).user for _ in range(3)]
    _closing_soon(network, coordinator)
    first = survey_reminders_send_due()
    second = survey_reminders_send_due()
    assert (first.sent, second.planned, second.sent) == (4, 0, 0)
    assert EmailRecord.objects.filter(kind="survey_reminder", user__in=people).count() == 3
