"""An open anonymous survey singles out nobody's answers: not on a page, not in a file, not in the
database — compared snapshot by snapshot around each answer — and releases them only at closing,
from enough people other than its coordinators."""

import csv
import io
import uuid

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from evaluation import sealing, services
from evaluation.models import (
    AnonymousDraft,
    Answer,
    Participation,
    QuestionKind,
    SealedResponses,
    Survey,
)
from evaluation.tests.factories import answer, close, make_survey, sample_answers
from networks.models import Role
from networks.tests.factories import MembershipFactory


def _tables() -> list[str]:
    models = apps.get_app_config("evaluation").get_models()
    return sorted({model._meta.db_table for model in models if not model._meta.proxy})


def _value(value):
    return bytes(value) if isinstance(value, memoryview) else value


def _snapshot() -> dict[str, dict]:
    """Every row of every evaluation table, as a database reader would copy them."""
    snapshot = {}
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            columns = [column.name for column in cursor.description]
            snapshot[table] = {
                "columns": columns,
                "rows": {tuple(_value(v) for v in row) for row in cursor.fetchall()},
            }
    return snapshot


def _diff(before: dict, after: dict) -> dict[str, tuple[set, set]]:
    return {
        table: (
            after[table]["rows"] - before[table]["rows"],
            before[table]["rows"] - after[table]["rows"],
        )
        for table in after
        if after[table]["rows"] != before[table]["rows"]
    }


def _holds(snapshot: dict, text: str) -> bool:
    """Whether the text appears anywhere in the snapshot, as text or in any common encoding."""
    encodings = [text.encode(), text.encode("utf-16-le"), text.encode("utf-32-le")]
    for table in snapshot.values():
        for row in table["rows"]:
            for value in row:
                if isinstance(value, bytes):
                    if any(encoded in value for encoded in encodings):
                        return True
                elif text in str(value):
                    return True
    return False


def _url(name: str, survey: Survey, **extra) -> str:
    kwargs = {"network_slug": survey.network.slug, "pk": survey.pk, **extra}
    return reverse(f"evaluation:{name}", kwargs=kwargs)


def _secret_answers(survey: Survey, seed: int) -> tuple[dict, str]:
    answers = sample_answers(survey, seed)
    marker = f"Sekret numer {seed}: tylko ja to napisałam"
    answers[survey.questions.get(kind=QuestionKind.LONG_TEXT).pk] = marker
    return answers, marker


def _says(content: str, english: str, polish: str) -> bool:
    return english in content or polish in content


def test_no_page_export_or_database_row_singles_out_the_newest_answer(
    client, network, coordinator, members
):
    survey = make_survey(network, coordinator)
    survey.network = network
    columns = None
    markers, seen_values = [], set()
    client.force_login(coordinator)
    for seed, person in enumerate([*members, coordinator]):
        before = _snapshot()
        answers, marker = _secret_answers(survey, seed)
        services.response_submit(survey=survey, user=person, answers=answers)
        markers.append(marker)
        after = _snapshot()
        changed = _diff(before, after)

        # The answer tables do not change while the survey is open.
        assert Answer._meta.db_table not in changed
        # Who took part: one new row naming the person, with no answer, key, draft or time.
        added, removed = changed[Participation._meta.db_table]
        assert not removed and len(added) == 1
        columns = after[Participation._meta.db_table]["columns"]
        row = dict(zip(columns, next(iter(added)), strict=True))
        assert row["user_id"] == person.pk and row["submitted"] is True
        assert row["response_key"] is None and row["draft"] in ({}, "{}")
        assert row["id"].version == 4
        # The survey row changes in its counter only.
        added, removed = changed[Survey._meta.db_table]
        survey_columns = after[Survey._meta.db_table]["columns"]
        old, new = (
            dict(zip(survey_columns, next(iter(rows)), strict=True)) for rows in (removed, added)
        )
        assert {name for name in survey_columns if old[name] != new[name]} == {"response_count"}
        # The sealed pool is rewritten whole, the same size, and holds nothing readable.
        added, removed = changed["evaluation_sealedresponses"]
        (pool,) = added
        assert len(pool[1]) == sealing.POOL_MIN_BYTES + sealing.NONCE_BYTES + 16
        assert not removed or len(next(iter(removed))[1]) == len(pool[1])
        assert set(changed) <= {
            Participation._meta.db_table,
            Survey._meta.db_table,
            "evaluation_sealedresponses",
        }
        # No answer given so far — the newest included — is anywhere in the database.
        assert not any(_holds(after, text) for text in markers)

        # The coordinator's pages and downloads show the rate, never an answer.
        page = client.get(_url("survey_results", survey)).content.decode()
        assert not any(text in page for text in markers)
        assert 'id="evaluation-charts"' not in page
        listing = client.get(reverse("evaluation:survey_list", args=[network.slug]))
        assert not any(text in listing.content.decode() for text in markers)
        for fmt in ("csv", "xlsx"):
            assert client.get(_url("survey_export", survey, fmt=fmt)).status_code == 404
        seen_values |= {str(v) for table in after.values() for r in table["rows"] for v in r}

    before = _snapshot()
    close(survey)
    after = _snapshot()
    added, removed = _diff(before, after)[Answer._meta.db_table]
    assert not removed and all(_holds(after, text) for text in markers)
    answer_columns = after[Answer._meta.db_table]["columns"]
    released = [dict(zip(answer_columns, row, strict=True)) for row in added]
    # Keys made at the release: nothing in any earlier snapshot leads to them.
    assert not {str(row["id"]) for row in released} & seen_values
    assert not {str(row["response_key"]) for row in released} & seen_values
    assert (
        {row["id"].version for row in released}
        == {row["response_key"].version for row in released}
        == {4}
    )
    assert not after["evaluation_sealedresponses"]["rows"]
    # The download lists responses by those random keys, not in the order they came.
    response = client.get(_url("survey_export", survey, fmt="csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))[1:]
    assert len(rows) == len(markers)
    column = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))[0].index(
        "Co przeszkadzało"
    )
    by_key = {}
    for row in released:
        if row["text"] in markers:
            by_key[row["response_key"]] = row["text"]
    assert [row[column] for row in rows] == [by_key[key] for key in sorted(by_key)]


def test_coordinators_own_answers_do_not_count_toward_the_threshold(
    client, network, coordinator, members
):
    second_coordinator = MembershipFactory(network=network, role=Role.COORDINATOR).user
    survey = make_survey(network, coordinator, min_responses=3)
    for seed, person in enumerate([coordinator, second_coordinator, *members[:2]]):
        answer(survey, person, seed)
    assert services.respondents_other_than_coordinators(survey) == 2
    close(survey)
    assert survey.response_count == 4 and survey.withheld
    assert not Answer.objects.filter(survey=survey).exists()
    client.force_login(coordinator)
    page = client.get(_url("survey_results", survey)).content.decode()
    assert 'id="evaluation-charts"' not in page
    assert _says(page, "deleted unread", "usunięte bez odczytania")
    assert client.get(_url("survey_export", survey, fmt="csv")).status_code == 404

    enough = make_survey(network, coordinator, min_responses=3)
    for seed, person in enumerate([coordinator, *members[:3]]):
        answer(enough, person, seed)
    close(enough)
    assert not enough.withheld
    # Released, the coordinator's answers are among the results like anyone's.
    assert Answer.objects.filter(survey=enough).values("response_key").distinct().count() == 4


PEOPLE = ["anonymous", "outsider", "member", "expert", "coordinator", "staff"]


@pytest.fixture
def shared_survey(network, coordinator, members):
    """An anonymous survey whose results are shared with members, answered by three of them."""
    survey = make_survey(network, coordinator, publish=False)
    services.survey_update(survey=survey, by=coordinator, results_shared=True)
    services.survey_publish(survey=survey, by=coordinator)
    survey.refresh_from_db()
    for seed, person in enumerate(members[:3]):
        services.response_submit(
            survey=survey, user=person, answers=_secret_answers(survey, seed)[0]
        )
    survey.refresh_from_db()
    return survey


MARKER = "Sekret numer 0: tylko ja to napisałam"
# Per person: (results page while open, after close), (export while open, after close).
RESULTS = {
    "anonymous": (("login", "login"), ("login", "login")),
    "outsider": ((404, 404), (404, 404)),
    "member": ((403, "answers"), (403, 403)),
    "expert": ((403, "answers"), (403, 403)),
    "coordinator": (("rate", "answers"), (404, "file")),
    "staff": ((404, 404), (404, 404)),
}


@pytest.mark.parametrize("closed", [False, True], ids=["open", "closed"])
@pytest.mark.parametrize("who", PEOPLE)
def test_results_and_exports_for_each_person_while_open_and_after_closing(
    client, people, shared_survey, who, closed
):
    if closed:
        close(shared_survey)
    if people[who] is not None:
        client.force_login(people[who])
    (page_open, page_closed), (file_open, file_closed) = RESULTS[who]
    expected = page_closed if closed else page_open
    response = client.get(_url("survey_results", shared_survey))
    content = response.content.decode()
    if expected == "login":
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    elif expected == "rate":
        assert response.status_code == 200
        assert _says(content, "3 responses from", "3 odpowiedzi od")
        assert MARKER not in content and 'id="evaluation-charts"' not in content
        assert _says(content, "stay sealed while it is open", "pozostają zapieczętowane")
        assert "wyniki.csv" not in content
    elif expected == "answers":
        assert response.status_code == 200
        assert MARKER in content and 'id="evaluation-charts"' in content
        may_export = who == "coordinator"
        assert ("wyniki.csv" in content) is may_export
    else:
        assert response.status_code == expected
        assert MARKER not in content
    for fmt in ("csv", "xlsx"):
        expected = file_closed if closed else file_open
        response = client.get(_url("survey_export", shared_survey, fmt=fmt))
        if expected == "login":
            assert response.status_code == 302
        elif expected == "file":
            assert response.status_code == 200
            if fmt == "csv":
                assert MARKER in response.content.decode()
        else:
            assert response.status_code == expected
            assert MARKER.encode() not in response.content


@pytest.mark.parametrize("who", ["member", "coordinator"])
def test_the_survey_list_links_to_results_only_when_the_person_may_read_them(
    client, people, shared_survey, who
):
    client.force_login(people[who])
    listing = reverse("evaluation:survey_list", args=[shared_survey.network.slug])
    results = _url("survey_results", shared_survey)
    # Coordinators follow the response rate while it is open; members wait for the release.
    assert (results in client.get(listing).content.decode()) is (who == "coordinator")
    close(shared_survey)
    assert results in client.get(listing).content.decode()


@pytest.mark.parametrize("count", [10, 300])
def test_results_page_of_an_open_anonymous_survey_has_a_fixed_query_budget(
    client, network, coordinator, count, django_assert_max_num_queries
):
    from accounts.tests.factories import UserFactory
    from networks.models import Membership

    survey = make_survey(network, coordinator)
    users = UserFactory.create_batch(count, verified_email=False)
    Membership.objects.bulk_create([Membership(network=network, user=u) for u in users])
    Participation.objects.bulk_create(
        [Participation(survey=survey, user=u, submitted=True) for u in users]
    )
    Survey.objects.filter(pk=survey.pk).update(response_count=count)
    client.force_login(coordinator)
    with django_assert_max_num_queries(10):
        response = client.get(_url("survey_results", survey))
    assert response.status_code == 200


def test_submission_costs_the_same_queries_whatever_the_pool_holds(network, coordinator, members):
    from django.test.utils import CaptureQueriesContext

    survey = make_survey(network, coordinator)
    answer(survey, members[0], 0)
    with CaptureQueriesContext(connection) as first:
        answer(survey, members[1], 1)
    for seed, person in enumerate(members[2:], start=2):
        answer(survey, person, seed)
    late = MembershipFactory(network=network).user
    with CaptureQueriesContext(connection) as later:
        answer(survey, late, 9)
    assert len(later.captured_queries) == len(first.captured_queries)


def test_released_answers_are_the_answers_that_were_sent(network, coordinator, members):
    survey = make_survey(network, coordinator)
    sent = []
    for seed, person in enumerate(members[:3]):
        answers, _marker = _secret_answers(survey, seed)
        services.response_submit(survey=survey, user=person, answers=answers)
        sent.append(answers)
    close(survey)
    released: dict = {}
    for key, question_id, number, text in Answer.objects.filter(survey=survey).values_list(
        "response_key", "question_id", "number", "text"
    ):
        released.setdefault(key, {}).setdefault(question_id, []).append(
            text if number is None else number
        )

    def normal(response: dict) -> tuple:
        return tuple(
            sorted(
                (question_id, tuple(sorted(value if isinstance(value, list) else [value])))
                for question_id, value in response.items()
            )
        )

    assert sorted(map(normal, sent)) == sorted(map(normal, released.values()))


def test_an_answer_sent_after_the_release_is_refused(network, coordinator, members):
    survey = make_survey(network, coordinator)
    for seed, person in enumerate(members[:3]):
        answer(survey, person, seed)
    services.survey_close(survey=survey, by=coordinator)
    survey.refresh_from_db()
    assert survey.released_at is not None  # closing by hand releases at once
    with pytest.raises(PermissionDenied):
        answer(survey, members[3])
    assert Answer.objects.filter(survey=survey).values("response_key").distinct().count() == 3


def test_a_closed_anonymous_survey_cannot_be_opened_again(network, coordinator, members):
    from datetime import timedelta

    from django.utils import timezone

    survey = close(make_survey(network, coordinator))
    with pytest.raises(ValidationError):
        services.survey_update(
            survey=survey, by=coordinator, closes_at=timezone.now() + timedelta(days=3)
        )
    # Also when a model form has already copied the new time into the object.
    survey.closes_at = timezone.now() + timedelta(days=3)
    with pytest.raises(ValidationError):
        services.survey_update(survey=survey, by=coordinator, closes_at=survey.closes_at)
    survey.refresh_from_db()
    # Its title can still be corrected (the form sends the unchanged closing time along).
    services.survey_update(survey=survey, by=coordinator, title="Nowy", closes_at=survey.closes_at)


def test_unfinished_drafts_are_deleted_at_the_release(network, coordinator, members):
    survey = make_survey(network, coordinator)
    token = services.answers_save_draft(survey=survey, user=members[0], answers={1: "szkic"})
    assert services.draft_answers(survey=survey, user=members[0], draft_token=token) == {
        "1": "szkic"
    }
    for seed, person in enumerate(members[1:4]):
        answer(survey, person, seed)
    close(survey)
    assert not AnonymousDraft.objects.filter(survey=survey).exists()


def test_a_draft_opens_only_with_its_own_token(network, coordinator, member):
    survey = make_survey(network, coordinator)
    token = services.answers_save_draft(survey=survey, user=member, answers={1: "szkic"})
    draft = AnonymousDraft.objects.get(survey=survey)
    with pytest.raises(sealing.SealBroken):
        sealing.unseal_draft(survey.pk, "inny-token", draft.sealed)
    assert sealing.unseal_draft(survey.pk, token, draft.sealed) == {"1": "szkic"}


def test_the_pool_opens_with_a_rotated_secret_key(settings, network, coordinator, member):
    survey = make_survey(network, coordinator)
    answer(survey, member)
    data = SealedResponses.objects.get(survey=survey).data
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-key-" + uuid.uuid4().hex
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(sealing.SealBroken):
        sealing.unseal_pool(survey.pk, data)
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert len(sealing.unseal_pool(survey.pk, data)) == 1


def test_shared_results_of_an_anonymous_survey_are_announced_after_the_release(
    shared_survey, members
):
    from django.utils import timezone

    from evaluation.tasks import announce_shared_results, release_closed_surveys
    from notifications.models import Notification

    Survey.objects.filter(pk=shared_survey.pk).update(closes_at=timezone.now())
    assert services.surveys_results_notify_due() == 0  # closed, not yet released
    assert announce_shared_results() == 0  # the beat tick before the release
    assert release_closed_surveys() == 1
    assert announce_shared_results() == 1
    notices = Notification.objects.filter(url=shared_survey.get_results_url())
    assert set(notices.values_list("recipient", flat=True)) == {m.pk for m in members}


def test_staff_list_of_who_took_part_follows_names_not_submission_order(
    client, network, coordinator, staff_user
):
    survey = make_survey(network, coordinator)
    names = ["Zofia Zawadzka", "Adam Abacki", "Maria Malinowska"]
    for seed, name in enumerate(names):
        person = MembershipFactory(network=network, user__display_name=name).user
        answer(survey, person, seed)
    client.force_login(staff_user)
    content = client.get(reverse("admin:evaluation_participation_changelist")).content.decode()
    positions = [content.index(name) for name in sorted(names)]
    assert positions == sorted(positions)


def test_the_admin_offers_no_view_of_answers_drafts_or_the_sealed_pool():
    from django.contrib import admin

    for model in (Answer, AnonymousDraft, SealedResponses):
        assert not admin.site.is_registered(model)


def test_settings_form_of_a_closed_anonymous_survey_saves_texts_but_keeps_it_closed(
    client, network, coordinator, members
):
    survey = close(make_survey(network, coordinator))
    client.force_login(coordinator)
    response = client.post(
        _url("survey_settings", survey),
        {
            "title": "Poprawiony tytuł",
            "min_responses": "3",
            "closes_at": "2099-01-01T10:00",  # a disabled field: the posted value is ignored
        },
    )
    assert response.status_code == 302
    changed = Survey.objects.get(pk=survey.pk)
    assert changed.title == "Poprawiony tytuł" and changed.closes_at == survey.closes_at


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_answers_sent_at_the_same_moment_all_reach_the_pool():
    """Each submission rewrites the whole pool: the survey's row lock keeps one from undoing another."""
    from accounts.tests.factories import UserFactory
    from evaluation.tests.test_reminders import _in_threads
    from networks.tests.factories import NetworkFactory

    coordinator = UserFactory()
    network = NetworkFactory(coordinator=coordinator)
    people = [MembershipFactory(network=network).user for _ in range(6)]
    survey = make_survey(network, coordinator)
    queue = list(enumerate(people))

    def submit():
        seed, person = queue.pop()
        answer(survey, person, seed)

    _in_threads(submit, count=len(people))
    close(survey)
    assert survey.response_count == 6 and not survey.withheld
    assert Answer.objects.filter(survey=survey).values("response_key").distinct().count() == 6
