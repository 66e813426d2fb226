"""The results page's cached part: the same page as rendered afresh, every change shown at
once, names only to those who may see them.

Each test warms the cache with a first view (often another person's), changes the survey,
its answers or the people through the services and looks again; `cold()` renders the page
with emptied caches: a cached page must be that page exactly (tokens aside).
"""

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.services import user_erase
from evaluation import services
from evaluation.models import QuestionKind, Survey
from evaluation.tests.factories import answer, close, make_survey
from networks.models import Membership
from networks.services.membership import membership_leave
from networks.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")([^"]+)"')


def url(survey) -> str:
    return reverse(
        "evaluation:survey_results", kwargs={"network_slug": survey.network.slug, "pk": survey.pk}
    )


def view(client, user, survey, status=200) -> str:
    client.force_login(user)
    response = client.get(url(survey))
    assert response.status_code == status
    return TOKEN.sub(r"\1TOKEN", response.content.decode())


def _clear_caches():
    for alias in ("default", "fragments", "fragments_local"):
        caches[alias].clear()


def cold(client, user, survey) -> str:
    """The page as it renders with nothing cached."""
    _clear_caches()
    return view(client, user, survey)


def names_shown(html: str, people) -> list[str]:
    return [p.display_name for p in people if f"<strong>{p.display_name}:</strong>" in html]


@pytest.fixture
def released(network, coordinator, members):
    """An anonymous survey, closed and released, whose results the members may see."""
    survey = make_survey(network, coordinator)
    Survey.objects.filter(pk=survey.pk).update(results_shared=True)
    for seed, person in enumerate(members):
        answer(survey, person, seed)
    return close(survey)


@pytest.fixture
def named(network, coordinator, members):
    """A named survey, closed, shared with the members, with three responses."""
    survey = make_survey(network, coordinator, anonymous=False, min_responses=1)
    Survey.objects.filter(pk=survey.pk).update(results_shared=True)
    for seed, person in enumerate(members[:3]):
        answer(survey, person, seed)
    return close(survey)


@pytest.mark.parametrize("fixture", ["released", "named"])
@pytest.mark.parametrize("who", ["coordinator", "member"])
def test_warm_page_is_the_cold_page(client, request, fixture, who):
    survey = request.getfixturevalue(fixture)
    user = request.getfixturevalue(who)
    first = cold(client, user, survey)
    assert 'id="evaluation-charts"' in first
    assert view(client, user, survey) == first
    assert cold(client, user, survey) == first


def test_coordinator_and_member_each_get_their_own_copy(client, released, coordinator, member):
    as_coordinator = view(client, coordinator, released)
    as_member = view(client, member, released)
    assert "Pobierz XLSX" in as_coordinator and "Pobierz XLSX" not in as_member
    assert view(client, coordinator, released) == as_coordinator
    assert cold(client, member, released) == as_member


@pytest.mark.parametrize("first", ["coordinator", "member"])
def test_names_only_for_the_coordinators_of_a_named_survey(
    client, request, named, coordinator, member, members, first
):
    view(client, request.getfixturevalue(first), named)  # whoever comes first fills the cache
    assert len(names_shown(view(client, coordinator, named), members)) == 3
    assert names_shown(view(client, member, named), members) == []


def test_anonymous_results_name_nobody(client, released, coordinator, member, members):
    for user in (coordinator, member, coordinator):
        html = view(client, user, released)
        assert not any(p.display_name in html for p in members)


def test_outsiders_get_404_even_when_the_page_is_cached(client, released, coordinator, outsider):
    view(client, coordinator, released)
    view(client, outsider, released, status=404)


def test_a_new_named_response_shows_at_once(client, network, coordinator, members):
    survey = make_survey(network, coordinator, anonymous=False, min_responses=1)
    answer(survey, members[0], 0)
    survey.refresh_from_db()
    before = view(client, coordinator, survey)
    answer(survey, members[1], 1)
    after = view(client, coordinator, survey)
    assert after != before
    assert names_shown(after, members) == [p.display_name for p in members[:2]]
    assert after == cold(client, coordinator, survey)


def test_closing_and_releasing_shows_the_results_at_once(client, network, coordinator, members):
    survey = make_survey(network, coordinator)
    for seed, person in enumerate(members):
        answer(survey, person, seed)
    sealed = view(client, coordinator, survey)
    assert 'id="evaluation-charts"' not in sealed
    services.survey_close(survey=survey, by=coordinator)
    services.surveys_release_due()
    survey.refresh_from_db()
    assert survey.released_at is not None
    released = view(client, coordinator, survey)
    assert 'id="evaluation-charts"' in released
    assert released == cold(client, coordinator, survey)


def test_a_renamed_respondent_shows_at_once(client, named, coordinator, members):
    view(client, coordinator, named)
    members[0].display_name = "Nowe Imię Nazwisko"
    members[0].save()
    html = view(client, coordinator, named)
    assert "<strong>Nowe Imię Nazwisko:</strong>" in html
    assert html == cold(client, coordinator, named)


def test_an_erased_respondent_loses_their_name_at_once(client, named, coordinator, members):
    view(client, coordinator, named)
    user_erase(user=members[0])
    html = view(client, coordinator, named)
    assert f"<strong>{members[0].display_name}:</strong>" not in html
    assert len(names_shown(html, members[1:])) == 2
    assert html == cold(client, coordinator, named)


def test_a_question_changed_in_the_admin_shows_at_once(client, released, coordinator, member):
    view(client, member, released)
    question = released.questions.get(kind=QuestionKind.SINGLE)
    question.text = "Forma pracy (poprawione)"
    question.options = ["Spotkania na żywo", "Platforma"]
    question.save()
    html = view(client, member, released)
    assert "Forma pracy (poprawione)" in html and "Spotkania na żywo" in html
    assert html == cold(client, member, released)


def test_sharing_with_members_shows_at_once(client, network, coordinator, members):
    survey = make_survey(network, coordinator)
    for seed, person in enumerate(members):
        answer(survey, person, seed)
    close(survey)
    view(client, coordinator, survey)
    view(client, members[0], survey, status=403)
    Survey.objects.filter(pk=survey.pk).update(results_shared=True)
    survey.refresh_from_db()
    html = view(client, coordinator, survey)
    assert "Uczestnicy zobaczą te wyniki" in html
    assert html == cold(client, coordinator, survey)
    view(client, members[0], survey)


def test_a_member_leaving_changes_the_count_at_once(client, released, coordinator, member):
    before = view(client, coordinator, released)
    membership_leave(membership=Membership.objects.get(network=released.network, user=member))
    after = view(client, coordinator, released)
    assert after != before
    assert after == cold(client, coordinator, released)


def _queries(client, user, survey, *, warm: bool) -> list[str]:
    client.force_login(user)
    if warm:
        client.get(url(survey))
    else:
        _clear_caches()
    caches["default"].clear()  # sessions and the unread count: the page's own queries only
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url(survey)).status_code == 200
    return [query["sql"] for query in queries]


@pytest.mark.parametrize("anonymous", [True, False])
def test_queries_do_not_grow_with_answers_and_a_warm_page_reads_no_answers(
    client, network, coordinator, anonymous
):
    counts = {}
    for size in (3, 12):
        people = [m.user for m in MembershipFactory.create_batch(size, network=network)]
        survey = make_survey(network, coordinator, anonymous=anonymous, min_responses=3)
        for seed, person in enumerate(people):
            answer(survey, person, seed)
        close(survey)
        cold_queries = _queries(client, coordinator, survey, warm=False)
        warm_queries = _queries(client, coordinator, survey, warm=True)
        assert any("evaluation_answer" in sql for sql in cold_queries)
        assert not any("evaluation_answer" in sql for sql in warm_queries)
        counts[size] = (len(cold_queries), len(warm_queries))
    assert counts[3] == counts[12]
