"""Coordinators may share a survey's results with the members, once it closes, without names."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from evaluation import services
from evaluation.models import Survey
from evaluation.tests.factories import answer, close, make_survey

PEOPLE = ["anonymous", "outsider", "member", "expert", "coordinator", "staff"]


def _close(survey):
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    survey.refresh_from_db()
    return survey


@pytest.fixture
def named_survey(network, coordinator, members):
    survey = make_survey(network, coordinator, anonymous=False, min_responses=1)
    for seed, person in enumerate(members[:3]):
        answer(survey, person, seed)
    survey.refresh_from_db()
    return survey


def _results(client, person, survey):
    if person is not None:
        client.force_login(person)
    url = reverse(
        "evaluation:survey_results", kwargs={"network_slug": survey.network.slug, "pk": survey.pk}
    )
    return client.get(url)


@pytest.mark.parametrize(
    "shared, closed, expected",
    [
        (False, True, ("login", 404, 403, 403, 200, 404)),
        (True, False, ("login", 404, 403, 403, 200, 404)),
        (True, True, ("login", 404, 200, 200, 200, 404)),
    ],
)
@pytest.mark.parametrize("who", PEOPLE)
def test_members_see_results_only_when_shared_and_closed(
    client, people, named_survey, shared, closed, expected, who
):
    Survey.objects.filter(pk=named_survey.pk).update(results_shared=shared)
    named_survey.refresh_from_db()
    if closed:
        _close(named_survey)
    response = _results(client, people[who], named_survey)
    want = expected[PEOPLE.index(who)]
    if want == "login":
        assert response.status_code == 302
    else:
        assert response.status_code == want


def test_members_see_text_answers_without_names_and_cannot_export(
    client, named_survey, member, coordinator, members
):
    Survey.objects.filter(pk=named_survey.pk).update(results_shared=True)
    _close(named_survey)
    names = [person.display_name for person in members[:3]]
    as_member = _results(client, member, named_survey).content.decode()
    assert not any(f"<strong>{name}:</strong>" in as_member for name in names)
    assert "Pobierz XLSX" not in as_member
    export = reverse(
        "evaluation:survey_export",
        kwargs={"network_slug": named_survey.network.slug, "pk": named_survey.pk, "fmt": "csv"},
    )
    assert client.get(export).status_code == 403
    as_coordinator = _results(client, coordinator, named_survey).content.decode()
    assert any(f"<strong>{name}:</strong>" in as_coordinator for name in names)


def test_member_list_links_to_shared_results_of_a_closed_survey(client, named_survey, member):
    url = reverse("evaluation:survey_list", kwargs={"network_slug": named_survey.network.slug})
    results = reverse(
        "evaluation:survey_results",
        kwargs={"network_slug": named_survey.network.slug, "pk": named_survey.pk},
    )
    _close(named_survey)
    client.force_login(member)
    assert results not in client.get(url).content.decode()
    Survey.objects.filter(pk=named_survey.pk).update(results_shared=True)
    assert results in client.get(url).content.decode()


def test_sharing_may_be_withdrawn_after_publishing_but_not_added(named_survey, coordinator):
    services.survey_update(survey=named_survey, by=coordinator, results_shared=True)
    named_survey.refresh_from_db()
    assert not named_survey.results_shared  # a promise to those who answered
    Survey.objects.filter(pk=named_survey.pk).update(results_shared=True)
    named_survey.refresh_from_db()
    services.survey_update(survey=named_survey, by=coordinator, results_shared=False)
    named_survey.refresh_from_db()
    assert not named_survey.results_shared


def test_people_answering_are_told_the_results_will_be_shared(client, network, coordinator, member):
    survey = make_survey(network, coordinator, publish=False)
    services.survey_update(survey=survey, by=coordinator, results_shared=True)
    services.survey_publish(survey=survey, by=coordinator)
    client.force_login(member)
    url = reverse(
        "evaluation:survey_answer", kwargs={"network_slug": network.slug, "pk": survey.pk}
    )
    assert "zobaczą jej wyniki" in client.get(url).content.decode()


def test_settings_form_locks_sharing_once_published_unless_it_was_on(named_survey, network):
    from evaluation.forms import SurveySettingsForm

    assert (
        SurveySettingsForm(instance=named_survey, network=network).fields["results_shared"].disabled
    )
    named_survey.results_shared = True
    assert (
        not SurveySettingsForm(instance=named_survey, network=network)
        .fields["results_shared"]
        .disabled
    )


def test_members_are_told_once_when_shared_results_are_there(named_survey, coordinator, members):
    from notifications.models import Notification

    Survey.objects.filter(pk=named_survey.pk).update(results_shared=True)
    assert services.surveys_results_notify_due() == 0  # still open
    _close(named_survey)
    assert services.surveys_results_notify_due() == 1
    assert services.surveys_results_notify_due() == 0  # never twice
    notices = Notification.objects.filter(url=named_survey.get_results_url())
    assert set(notices.values_list("recipient", flat=True)) == {m.pk for m in members}
    assert coordinator.pk not in set(notices.values_list("recipient", flat=True))


def test_no_notice_when_results_are_not_shared_or_cannot_be_shown(network, coordinator, members):
    from notifications.models import Notification

    unshared = _close(make_survey(network, coordinator, anonymous=False, min_responses=1))
    below_threshold = make_survey(network, coordinator, anonymous=True, min_responses=3)
    answer(below_threshold, members[0])
    Survey.objects.filter(pk=below_threshold.pk).update(results_shared=True)
    close(below_threshold)
    services.surveys_results_notify_due()
    assert not Notification.objects.filter(
        url__in=[unshared.get_results_url(), below_threshold.get_results_url()]
    ).exists()


def test_the_beat_task_announces_shared_results(named_survey):
    from evaluation.tasks import announce_shared_results

    Survey.objects.filter(pk=named_survey.pk).update(results_shared=True)
    _close(named_survey)
    assert announce_shared_results() == 1


@pytest.mark.parametrize("count", [10, 1000])
def test_shared_results_page_for_members_has_a_fixed_query_budget(
    client, network, coordinator, member, count, django_assert_max_num_queries
):
    from evaluation.tests.test_views import _bulk_responses

    survey = make_survey(network, coordinator, anonymous=False, min_responses=1)
    _bulk_responses(survey, network, count)
    Survey.objects.filter(pk=survey.pk).update(results_shared=True)
    _close(survey)
    client.force_login(member)
    with django_assert_max_num_queries(12):
        assert _results(client, None, survey).status_code == 200


def test_a_member_is_told_when_shared_results_will_appear(client, named_survey, member):
    Survey.objects.filter(pk=named_survey.pk).update(results_shared=True)
    response = _results(client, member, named_survey)
    assert response.status_code == 403
    content = response.content.decode()
    date = formats.date_format(timezone.localtime(named_survey.closes_at), "j E Y, H:i")
    assert (
        _("The results will appear here when the survey closes, on %(date)s.") % {"date": date}
        in content
    )


def test_a_member_is_told_the_results_were_not_shared(client, named_survey, member):
    _close(named_survey)
    content = _results(client, member, named_survey).content.decode()
    assert named_survey.title in content
    assert (
        _(
            "The coordinators have not shared the results of this survey with members: they use "
            "them to evaluate and plan the work of the network."
        )
        in content
    )


def test_the_results_table_header_reads_response_not_the_verb(client, named_survey, coordinator):
    content = _results(client, coordinator, named_survey).content.decode()
    assert f'<th scope="col">{_("Response")}</th>' in content
    assert "Odpowiedz</th>" not in content
