"""Who gets what from every evaluation page: anonymous, outsider, member, expert, coordinator, staff.

Member-only pages answer 404 to outsiders (staff included: on the site they are outsiders
unless members); coordinator-only pages and actions answer 403 to other members.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from evaluation import services
from evaluation.models import Participation, Survey
from evaluation.tests.factories import answer, close, make_survey
from networks.models import Visibility

PEOPLE = ["anonymous", "outsider", "member", "expert", "coordinator", "staff"]
LOGIN, NF, NO = "login", 404, 403

GET_PAGES = {
    # page: (url kwargs needing the survey, expected per person)
    "survey_list": (False, (LOGIN, NF, 200, 200, 200, NF)),
    "my_balance": (False, (LOGIN, NF, 200, 200, 200, NF)),
    "survey_create": (False, (LOGIN, NF, NO, NO, 200, NF)),
    "statistics": (False, (LOGIN, NF, NO, NO, 200, NF)),
    "survey_compare": (False, (LOGIN, NF, NO, NO, 200, NF)),
    "survey_answer": (True, (LOGIN, NF, 200, 200, 200, NF)),
    "survey_results": (True, (LOGIN, NF, NO, NO, 200, NF)),
    "survey_edit": (True, (LOGIN, NF, NO, NO, 200, NF)),
    "survey_settings": (True, (LOGIN, NF, NO, NO, 200, NF)),
}


@pytest.fixture
def survey(network, coordinator, members):
    survey = make_survey(network, coordinator)
    for seed, person in enumerate(members[:3]):
        answer(survey, person, seed)
    survey.refresh_from_db()
    return survey


def _get(client, people, who, url):
    if people[who] is not None:
        client.force_login(people[who])
    return client.get(url)


def _expect(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    else:
        assert response.status_code == expected


def _url(name, network, survey=None, **extra):
    kwargs = {"network_slug": network.slug, **extra}
    if survey is not None:
        kwargs["pk"] = survey.pk
    return reverse(f"evaluation:{name}", kwargs=kwargs)


@pytest.mark.parametrize("page", GET_PAGES)
@pytest.mark.parametrize("who", PEOPLE)
def test_each_page_answers_each_person(client, people, network, survey, page, who):
    needs_survey, expected = GET_PAGES[page]
    url = _url(page, network, survey if needs_survey else None)
    _expect(_get(client, people, who, url), expected[PEOPLE.index(who)])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("who", PEOPLE)
def test_export_only_for_coordinators(client, people, network, survey, who, fmt):
    close(survey)
    url = _url("survey_export", network, survey, fmt=fmt)
    expected = (LOGIN, NF, NO, NO, 200, NF)[PEOPLE.index(who)]
    _expect(_get(client, people, who, url), expected)


@pytest.mark.parametrize("who", PEOPLE)
def test_hidden_network_evaluation_does_not_exist_for_outsiders(client, people, network, who):
    network.visibility = Visibility.HIDDEN
    network.save()
    expected = (LOGIN, NF, 200, 200, 200, NF)[PEOPLE.index(who)]
    _expect(_get(client, people, who, _url("survey_list", network)), expected)


def test_draft_survey_does_not_exist_for_members(client, network, coordinator, member):
    draft = make_survey(network, coordinator, publish=False)
    client.force_login(member)
    assert client.get(_url("survey_answer", network, draft)).status_code == 404
    assert draft.title not in client.get(_url("survey_list", network)).content.decode()


def test_survey_of_another_network_is_not_found(client, network, coordinator, member):
    from networks.tests.factories import NetworkFactory

    other = make_survey(NetworkFactory(coordinator=coordinator), coordinator)
    client.force_login(member)
    assert client.get(_url("survey_answer", network, other)).status_code == 404


@pytest.mark.parametrize(
    "action", ["survey_publish", "survey_close", "survey_delete", "question_delete"]
)
@pytest.mark.parametrize("who", PEOPLE)
def test_survey_actions_are_for_coordinators_only(
    client, people, network, coordinator, who, action
):
    survey = make_survey(network, coordinator, publish=action == "survey_close")
    extra = {}
    if action == "question_delete":
        extra["question_id"] = survey.questions.first().pk
    if people[who] is not None:
        client.force_login(people[who])
    response = client.post(_url(action, network, survey, **extra))
    # A draft does not exist for members (404); a published survey they may not close (403).
    member_sees = 403 if action == "survey_close" else 404
    expected = {"anonymous": 302, "outsider": 404, "staff": 404, "coordinator": 302}.get(
        who, member_sees
    )
    assert response.status_code == expected
    if who != "coordinator":
        assert Survey.objects.filter(pk=survey.pk, published_at=survey.published_at).exists()


@pytest.mark.parametrize("who", ["outsider", "staff", "anonymous"])
def test_only_members_can_send_answers(client, people, network, coordinator, who):
    survey = make_survey(network, coordinator)
    if people[who] is not None:
        client.force_login(people[who])
    client.post(_url("survey_answer", network, survey), {"submit": "1"})
    assert not Participation.objects.filter(survey=survey).exists()


def test_coordinator_builds_and_publishes_a_survey_from_a_template(client, network, coordinator):
    client.force_login(coordinator)
    response = client.post(_url("survey_from_template", network), {"template": "final"})
    survey = Survey.objects.get(network=network)
    assert response["Location"] == _url("survey_edit", network, survey)
    assert survey.template_key == "final" and survey.questions.count() > 10
    response = client.post(_url("survey_publish", network, survey))
    survey.refresh_from_db()
    assert survey.is_published


def test_question_form_with_too_few_options_keeps_what_was_typed(client, network, coordinator):
    survey = make_survey(network, coordinator, publish=False)
    client.force_login(coordinator)
    response = client.post(
        _url("survey_edit", network, survey),
        {"kind": "single", "text": "Moje pytanie o formę", "options": "Tylko jedna"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Moje pytanie o formę" in content and "Tylko jedna" in content
    assert "is-invalid" in content


def test_question_move_by_htmx_returns_the_items_partial(client, network, coordinator):
    survey = make_survey(network, coordinator, publish=False)
    first, second = list(survey.questions.all())[:2]
    client.force_login(coordinator)
    response = client.post(
        _url("question_move", network, survey, question_id=second.pk),
        {"direction": "up"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'id="question-items"' in response.content.decode()
    assert [q.pk for q in survey.questions.all()][:2] == [second.pk, first.pk]


def test_member_answers_saves_then_finishes(client, network, coordinator, member):
    survey = make_survey(network, coordinator, anonymous=False)
    likert = survey.questions.get(kind="likert")
    client.force_login(member)
    url = _url("survey_answer", network, survey)
    client.post(url, {"save": "1", f"q{likert.pk}": "4"})
    saved = re.search(
        rf'<input[^>]*name="q{likert.pk}"[^>]*value="4"[^>]*>', client.get(url).content.decode()
    )
    assert saved and "checked" in saved.group(0)
    response = client.post(url, {"submit": "1", f"q{likert.pk}": "4"})
    assert response.status_code == 302
    assert Participation.objects.get(survey=survey, user=member).submitted


def test_missing_required_answer_is_reported_and_answers_kept(client, network, coordinator, member):
    survey = make_survey(network, coordinator)
    short = survey.questions.get(kind="short_text")
    client.force_login(member)
    response = client.post(
        _url("survey_answer", network, survey), {"submit": "1", f"q{short.pk}": "Moja myśl"}
    )
    assert response.status_code == 200
    assert "Moja myśl" in response.content.decode()
    assert not Participation.objects.filter(survey=survey, submitted=True).exists()


def test_anonymous_draft_lives_in_the_browser_cookie(client, network, coordinator, member):
    survey = make_survey(network, coordinator)
    short = survey.questions.get(kind="short_text")
    client.force_login(member)
    url = _url("survey_answer", network, survey)
    response = client.post(url, {"save": "1", f"q{short.pk}": "Zapisane na później"})
    assert f"evaluation_draft_{survey.pk}" in response.cookies
    assert "Zapisane na później" in client.get(url).content.decode()
    client.cookies.clear()
    client.force_login(member)
    assert "Zapisane na później" not in client.get(url).content.decode()


def test_closed_survey_says_so(client, network, coordinator, member):
    survey = make_survey(network, coordinator)
    Survey.objects.filter(pk=survey.pk).update(
        opens_at=survey.opens_at.replace(year=2020), closes_at=survey.opens_at.replace(year=2021)
    )
    client.force_login(member)
    response = client.get(_url("survey_answer", network, survey))
    assert (
        "no longer takes answers" in response.content.decode()
        or "nie przyjmuje" in response.content.decode()
    )


def test_results_hidden_below_threshold(client, network, coordinator, members):
    survey = make_survey(network, coordinator)
    answer(survey, members[0], 0)
    answer(survey, members[1], 1)
    client.force_login(coordinator)
    response = client.get(_url("survey_results", network, survey))
    assert 'id="evaluation-charts"' not in response.content.decode()
    assert client.get(_url("survey_export", network, survey, fmt="csv")).status_code == 404


def test_results_page_has_charts_and_tables(client, network, coordinator, survey):
    close(survey)
    client.force_login(coordinator)
    content = client.get(_url("survey_results", network, survey)).content.decode()
    assert 'type="application/json"' in content and "<table" in content
    assert "chart.umd.min.js" in content and "<script>" not in content


def _bulk_responses(survey, network, count):
    """Many responses at once (bulk inserts: submitting 1,000 through the service takes minutes)."""
    import uuid

    from accounts.tests.factories import UserFactory
    from evaluation.models import Answer
    from evaluation.tests.factories import sample_answers
    from networks.models import Membership

    users = UserFactory.create_batch(count, verified_email=False)
    Membership.objects.bulk_create([Membership(network=network, user=u) for u in users])
    Participation.objects.bulk_create(
        [Participation(survey=survey, user=u, submitted=True) for u in users]
    )
    rows = []
    for seed in range(count):
        key = uuid.uuid4()
        for question_id, value in sample_answers(survey, seed).items():
            for item in value if isinstance(value, list) else [value]:
                number, text = (item, "") if isinstance(item, int) else (None, item)
                rows.append(
                    Answer(
                        survey=survey,
                        question_id=question_id,
                        response_key=key,
                        number=number,
                        text=text,
                    )
                )
    Answer.objects.bulk_create(rows, batch_size=5000)
    # As the release leaves it (an anonymous survey's answers are readable only after closing).
    from django.utils import timezone

    now = timezone.now()
    Survey.objects.filter(pk=survey.pk).update(
        response_count=count,
        opens_at=now - timedelta(days=8),
        closes_at=now - timedelta(minutes=1),
        released_at=now if survey.is_anonymous else None,
    )


@pytest.mark.parametrize("count", [10, 1000])
@pytest.mark.parametrize("anonymous", [True, False])
def test_results_page_query_budget_does_not_grow(
    client, network, coordinator, count, anonymous, django_assert_max_num_queries
):
    survey = make_survey(network, coordinator, anonymous=anonymous, min_responses=3)
    _bulk_responses(survey, network, count)
    client.force_login(coordinator)
    with django_assert_max_num_queries(14):
        response = client.get(_url("survey_results", network, survey))
    assert response.status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(_url("survey_export", network, survey, fmt="xlsx")).status_code == 200


@pytest.mark.parametrize("count", [3, 60])
def test_survey_list_and_answer_query_budget(
    client, network, coordinator, member, count, django_assert_max_num_queries
):
    for _ in range(count // 3):
        survey = make_survey(network, coordinator)
    client.force_login(member)
    with django_assert_max_num_queries(12):
        assert client.get(_url("survey_list", network)).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(_url("survey_answer", network, survey)).status_code == 200


def test_answers_sent_after_closing_are_refused_with_the_text_kept(
    client, network, coordinator, member
):
    survey = make_survey(network, coordinator)
    short = survey.questions.get(kind="short_text")
    services.survey_close(survey=survey, by=coordinator)
    client.force_login(member)
    response = client.post(
        _url("survey_answer", network, survey), {"submit": "1", f"q{short.pk}": "Spóźniona myśl"}
    )
    assert response.status_code == 403
    assert "Spóźniona myśl" in response.content.decode()
    assert not Participation.objects.filter(survey=survey).exists()


def test_staff_cannot_make_a_published_survey_named_in_admin(
    client, network, coordinator, staff_user
):
    survey = make_survey(network, coordinator)
    client.force_login(staff_user)
    response = client.get(reverse("admin:evaluation_survey_change", args=[survey.pk]))
    assert response.status_code == 200
    assert 'name="is_anonymous"' not in response.content.decode()


def test_coordinator_creates_a_survey_from_scratch_through_the_form(client, network, coordinator):
    client.force_login(coordinator)
    response = client.post(
        _url("survey_create", network),
        {
            "title": "Nasza własna ankieta",
            "description": "Krótko o tym, po co pytamy.",
            "purpose": "formative",
            "is_anonymous": "on",
            "min_responses": "4",
            "results_shared": "on",
            "opens_at": "2030-03-01T10:00",
            "closes_at": "2030-03-15T10:00",
        },
    )
    survey = Survey.objects.get(network=network, title="Nasza własna ankieta")
    assert response.status_code == 302
    assert response["Location"] == _url("survey_edit", network, survey)
    assert survey.is_anonymous and survey.results_shared and survey.min_responses == 4
    assert not survey.is_published and survey.created_by == coordinator


def test_survey_form_with_a_low_threshold_keeps_what_was_typed(client, network, coordinator):
    client.force_login(coordinator)
    response = client.post(
        _url("survey_create", network),
        {
            "title": "Za mało osób",
            "purpose": "formative",
            "is_anonymous": "on",
            "min_responses": "1",
            "opens_at": "2030-03-01T10:00",
            "closes_at": "2030-03-15T10:00",
        },
    )
    assert response.status_code == 200
    assert "Za mało osób" in response.content.decode()
    assert not Survey.objects.filter(network=network).exists()


@pytest.mark.parametrize("who", PEOPLE)
def test_the_answer_page_says_what_an_anonymous_survey_records(
    client, people, network, survey, who
):
    response = _get(client, people, who, _url("survey_answer", network, survey))
    content = response.content.decode()
    promise = ("which answers are yours, and when you answered", "które odpowiedzi są Twoje")
    if who in ("member", "expert", "coordinator"):
        assert any(text in content for text in promise)
        assert "at least 3 people other than the coordinators" in content or (
            "co najmniej 3 osoby poza koordynatorami" in content
        )
    else:
        assert not any(text in content for text in promise)
