import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core.files import private_storage
from evaluation import reports
from evaluation.models import AnnualReport, ReportStatus, Survey
from evaluation.tests.factories import answer, close, make_survey
from networks import outcomes, report_figures
from networks.models import (
    ActivityKind,
    ActivityLog,
    Attendance,
    Goal,
    GoalAgreement,
    GoalStatus,
    PlannedActivity,
)
from networks.tests.factories import MeetingFactory
from notifications.models import Notification


def _text(pdf_bytes: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes)).pages)


def _period():
    today = timezone.localdate()
    return today - timedelta(days=300), today


@pytest.fixture
def filled(network, coordinator, members):
    """A network with a goal, an attended meeting, posts, one released and one withheld survey."""
    network.name = "Sieć matematyków z Łodzi"
    network.save()
    Goal.objects.create(network=network, title="Gry w klasach 4–6", status=GoalStatus.ACHIEVED)
    start = timezone.now() - timedelta(days=20)
    meeting = MeetingFactory(
        network=network, title="Warsztat gier", starts_at=start, ends_at=start + timedelta(hours=2)
    )
    for person in members[:3]:
        Attendance.objects.create(meeting=meeting, user=person)
    ActivityLog.objects.create(network=network, user=members[0], kind=ActivityKind.POST)
    released = make_survey(network, coordinator, min_responses=3)
    for seed, person in enumerate(members):
        answer(released, person, seed)
    Survey.objects.filter(pk=close(released).pk).update(title="Ankieta ujawniona")
    withheld = make_survey(network, coordinator, min_responses=5)
    for seed, person in enumerate(members[:2]):
        answer(withheld, person, seed)
    Survey.objects.filter(pk=close(withheld).pk).update(title="Ankieta poniżej progu")
    return network


def test_the_report_pdf_names_the_network_and_shows_only_released_results(filled):
    start, end = _period()
    data = reports.report_data(network=filled, start=start, end=end)
    text = _text(reports.report_pdf(data))

    assert "Sieć matematyków z Łodzi" in text
    assert "Gry w klasach 4–6" in text
    assert "Warsztat gier" in text
    assert "Ankieta ujawniona" in text
    assert "Ankieta poniżej progu" not in text
    assert [row.present for row in data.meetings] == [3]


def test_requesting_builds_the_pdf_privately_and_notifies_the_coordinator(
    filled, coordinator, django_capture_on_commit_callbacks
):
    start, end = _period()
    with django_capture_on_commit_callbacks(execute=True):
        report = reports.annual_report_request(network=filled, by=coordinator, start=start, end=end)

    report.refresh_from_db()
    assert report.status == ReportStatus.READY
    assert "Sieć matematyków z Łodzi" in _text(report.file.read())
    assert AnnualReport._meta.get_field("file").storage is private_storage()
    assert Notification.objects.filter(recipient=coordinator, item_key=f"annual_report:{report.pk}")
    # Building again is a no-op (a retried task does not rebuild nor notify twice).
    reports.annual_report_build(report_id=report.pk)
    assert Notification.objects.filter(item_key=f"annual_report:{report.pk}").count() == 1


@pytest.mark.parametrize(
    "who", ["anonymous", "outsider", "member", "expert", "coordinator", "staff"]
)
def test_only_coordinators_and_staff_see_the_report(
    client, who, people, filled, django_assert_max_num_queries
):
    user = people[who]
    if user is not None:
        client.force_login(user)
    url = reverse("evaluation:annual_report", kwargs={"network_slug": filled.slug})
    # Fixed: the page, the statistics, goals, meetings, outcomes, each registered figure, 5 per released survey.
    with django_assert_max_num_queries(23):
        response = client.get(url)
    if who == "anonymous":
        assert response.status_code == 302
        return
    if who in ("coordinator", "staff"):
        page = response.content.decode()
        assert response.status_code == 200
        assert "Warsztat gier" in page
        assert "Ankieta ujawniona" in page
        assert "Ankieta poniżej progu" not in page
    else:
        assert response.status_code == 404
        assert b"Warsztat gier" not in response.content


@pytest.mark.parametrize("who", ["outsider", "member", "coordinator"])
def test_requesting_and_downloading_the_pdf_is_for_coordinators(
    client, who, people, filled, django_capture_on_commit_callbacks
):
    client.force_login(people[who])
    url = reverse("evaluation:annual_report_request", kwargs={"network_slug": filled.slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    if who != "coordinator":
        assert response.status_code == 404
        assert not AnnualReport.objects.exists()
        return
    assert response.status_code == 302
    report = AnnualReport.objects.get()
    download = reverse(
        "evaluation:annual_report_download", kwargs={"network_slug": filled.slug, "pk": report.pk}
    )
    pdf = client.get(download)
    assert pdf.status_code == 200
    assert "Sieć matematyków z Łodzi" in _text(b"".join(pdf.streaming_content))
    client.force_login(people["member"])
    assert client.get(download).status_code == 404


def test_the_report_page_does_not_grow_queries_with_meetings_and_posts(
    client, coordinator, members, filled, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(coordinator)
    url = reverse("evaluation:annual_report", kwargs={"network_slug": filled.slug})
    cache.clear()  # neither request finds the unread count cached
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for day in range(2, 6):
        start = timezone.now() - timedelta(days=day)
        meeting = MeetingFactory(
            network=filled, starts_at=start, ends_at=start + timedelta(hours=1)
        )
        Attendance.objects.create(meeting=meeting, user=members[day % 4])
        ActivityLog.objects.create(network=filled, user=members[0], kind=ActivityKind.THREAD)
    cache.clear()
    with django_assert_num_queries(len(first)):
        page = client.get(url)
    assert page.content.decode().count("<meter") >= 2


def _outcomes_and_goal_progress(network, coordinator, members, number: int = 1):
    """Goals with answers and plan steps, and outcomes in practice serving them."""
    for index in range(number):
        goal = Goal.objects.create(
            network=network, title=f"Cel {index}", status=GoalStatus.IN_PROGRESS, position=index + 1
        )
        for person in members[:3]:
            GoalAgreement.objects.create(goal=goal, user=person, agrees=person != members[2])
        PlannedActivity.objects.create(
            network=network, goal=goal, title="Krok", starts_on=timezone.localdate(), done=True
        )
        PlannedActivity.objects.create(
            network=network, goal=goal, title="Krok 2", starts_on=timezone.localdate()
        )
        outcome = outcomes.outcome_record(
            network=network,
            author=members[0],
            title=f"Gra planszowa w klasie 5b ({index})",
            description="Uczniowie grali w parach.",
            applied_on=timezone.localdate() - timedelta(days=3),
            with_whom="klasa 5b",
            goal=goal,
        )
        outcomes.outcome_comment(
            outcome=outcome, by=coordinator, comment="Pokażmy to na spotkaniu."
        )


def test_the_report_lists_outcomes_goal_progress_and_registered_figures(
    client, filled, coordinator, members, monkeypatch
):
    _outcomes_and_goal_progress(filled, coordinator, members)
    monkeypatch.setattr(report_figures, "_figures", {})
    report_figures.register_report_figure(
        "test.published", label="Materiały opublikowane", count=lambda network, since, until: 7
    )
    start, end = _period()
    data = reports.report_data(network=filled, start=start, end=end)
    text = " ".join(_text(reports.report_pdf(data)).split())
    client.force_login(coordinator)
    page = client.get(reverse("evaluation:annual_report", kwargs={"network_slug": filled.slug}))
    page = " ".join(page.content.decode().split())

    row = next(row for row in data.goals if row.goal.title == "Cel 0")
    assert (row.agreed, row.objected, row.activities_done, row.activities, row.outcomes) == (
        2,
        1,
        1,
        2,
        1,
    )
    for shown in (text, page):
        assert "Gra planszowa w klasie 5b (0)" in shown
        assert "klasa 5b" in shown
        assert "Pokażmy to na spotkaniu." in shown
    assert "plan: wykonano 1 z 2 kroków" in text
    assert "Materiały opublikowane: 7" in text
    assert "Materiały opublikowane: 7" in page


def test_an_anonymous_survey_still_open_never_reaches_the_report(
    client, filled, coordinator, members
):
    open_survey = make_survey(filled, coordinator, min_responses=3)
    Survey.objects.filter(pk=open_survey.pk).update(title="Ankieta jeszcze otwarta")
    for seed, person in enumerate(members):
        answer(open_survey, person, seed)
    start, end = _period()
    data = reports.report_data(network=filled, start=start, end=end)
    client.force_login(coordinator)
    page = client.get(reverse("evaluation:annual_report", kwargs={"network_slug": filled.slug}))

    assert [row.survey.title for row in data.surveys] == ["Ankieta ujawniona"]
    assert "Ankieta jeszcze otwarta" not in _text(reports.report_pdf(data))
    assert "Ankieta jeszcze otwarta" not in page.content.decode()
    assert "Ankieta poniżej progu" not in page.content.decode()


def test_the_report_page_does_not_grow_queries_with_goals_and_outcomes(
    client, coordinator, members, filled, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _outcomes_and_goal_progress(filled, coordinator, members)
    client.force_login(coordinator)
    url = reverse("evaluation:annual_report", kwargs={"network_slug": filled.slug})
    cache.clear()  # each request finds neither the session nor the unread count cached
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    _outcomes_and_goal_progress(filled, coordinator, members[1:], number=4)
    cache.clear()
    with django_assert_num_queries(len(first)):
        page = client.get(url)
    assert page.content.decode().count("Gra planszowa w klasie 5b") == 5


def test_goals_set_after_the_period_are_not_in_its_report(filled):
    later = Goal.objects.create(network=filled, title="Cel na przyszły rok")
    Goal.objects.filter(pk=later.pk).update(created_at=timezone.now() + timedelta(days=30))
    start, end = _period()

    titles = [
        row.goal.title for row in reports.report_data(network=filled, start=start, end=end).goals
    ]

    assert titles == ["Gry w klasach 4–6"]
