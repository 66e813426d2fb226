"""The "answer now" link of a survey reminder leads its own person to the answer page."""

import re
from datetime import timedelta
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from evaluation.email_links import survey_answer_url
from evaluation.models import Survey
from evaluation.reminders import survey_reminders_send_due
from evaluation.tests.factories import make_survey
from notifications.models import EmailRecord


@pytest.fixture
def survey(network, coordinator):
    survey = make_survey(network, coordinator)
    Survey.objects.filter(pk=survey.pk).update(
        opens_at=timezone.now() - timedelta(days=5), closes_at=timezone.now() + timedelta(hours=47)
    )
    survey.refresh_from_db()
    return survey


def _path(url: str) -> str:
    return urlsplit(url).path


def test_the_reminder_carries_the_persons_own_answer_now_link(survey, member):
    survey_reminders_send_due()
    record = EmailRecord.objects.get(user=member, kind="survey_reminder")
    link = re.search(r"https?://\S+/odpowiedz/\S+/", record.body_text).group(0)
    assert link == survey_answer_url(survey=survey, user=member)
    assert f'href="{link}"' in record.body_html


def test_the_link_leads_its_person_to_the_answer_page(client, survey, member):
    client.force_login(member)
    response = client.get(_path(survey_answer_url(survey=survey, user=member)))
    assert response.status_code == 302
    assert response["Location"] == survey.get_absolute_url()


def test_logged_out_the_link_asks_to_log_in_first_and_changes_nothing(client, survey, member):
    response = client.get(_path(survey_answer_url(survey=survey, user=member)))
    assert response.status_code == 302
    assert "login" in response["Location"] and "next=" in response["Location"]
    assert not survey.participations.exists()


def test_a_link_for_another_person_is_refused(client, survey, member, coordinator):
    client.force_login(coordinator)
    response = client.get(_path(survey_answer_url(survey=survey, user=member)))
    assert response.status_code == 403
    assert b"<h1>" in response.content


def test_a_tampered_or_expired_link_is_refused(client, survey, member):
    path = _path(survey_answer_url(survey=survey, user=member))
    assert client.get(path[:-3] + "xx/").status_code == 400
    other = make_survey(survey.network, survey.created_by)
    assert client.get(path.replace(f"/{survey.pk}/", f"/{other.pk}/")).status_code == 400
    later = timezone.now() + timedelta(days=31)
    with mock.patch("time.time", return_value=later.timestamp()):
        assert client.get(path).status_code == 400


def test_a_link_to_a_closed_survey_says_it_is_closed(client, survey, member):
    path = _path(survey_answer_url(survey=survey, user=member))
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    client.force_login(member)
    assert client.get(path).status_code == 403


def test_an_outsiders_link_opens_nothing(client, survey, outsider):
    client.force_login(outsider)
    assert client.get(_path(survey_answer_url(survey=survey, user=outsider))).status_code == 403


@pytest.mark.parametrize(
    ("visitor", "expected"),
    [
        ("anonymous", "login"),
        ("member", "answer page"),
        ("outsider", 403),
        ("expert", 403),
        ("coordinator", 403),
        ("staff", 403),
    ],
)
def test_a_members_survey_link_leads_only_them_to_the_answer_page(
    client, people, survey, visitor, expected
):
    if people[visitor] is not None:
        client.force_login(people[visitor])
    response = client.get(_path(survey_answer_url(survey=survey, user=people["member"])))
    if expected == 403:
        assert response.status_code == 403
        assert survey.title not in response.content.decode()
    elif expected == "login":
        assert response.status_code == 302 and "login" in response["Location"]
    else:
        assert response.status_code == 302 and response["Location"] == survey.get_absolute_url()
