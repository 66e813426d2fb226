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
from networks.models import ActivityKind, ActivityLog, Attendance, Goal, GoalStatus
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
    with django_assert_max_num_queries(22):
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
