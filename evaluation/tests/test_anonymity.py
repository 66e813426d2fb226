"""An anonymous response has no link to its author: not in the schema, not in the data."""

import uuid

import pytest
from django.db import connection, models

from accounts.tests.factories import UserFactory
from evaluation.models import Answer, Participation, Survey
from evaluation.services import answers_save_draft, draft_token_hash
from evaluation.tests.factories import answer, close, make_survey, sample_answers
from networks.tests.factories import MembershipFactory, NetworkFactory


def test_answer_table_has_no_link_to_a_person_and_no_time():
    for field in Answer._meta.get_fields():
        if field.is_relation:
            assert field.related_model in (Survey, Answer._meta.get_field("question").related_model)
        assert not isinstance(field, models.DateField | models.DateTimeField | models.TimeField)
    assert isinstance(Answer._meta.pk, models.UUIDField)


def test_participation_has_no_time_and_no_sequential_key():
    for field in Participation._meta.get_fields():
        assert not isinstance(field, models.DateField | models.DateTimeField | models.TimeField)
    assert isinstance(Participation._meta.pk, models.UUIDField)


def test_anonymous_participation_keeps_neither_answers_nor_a_response_key(
    network, coordinator, members
):
    survey = make_survey(network, coordinator)
    for seed, person in enumerate(members[:3]):
        answer(survey, person, seed)
    close(survey)
    rows = list(
        Participation.objects.filter(survey=survey).values("response_key", "draft", "submitted")
    )
    assert rows == [{"response_key": None, "draft": {}, "submitted": True}] * 3
    participation_values = {
        str(value)
        for row in Participation.objects.filter(survey=survey).values()
        for value in row.values()
    }
    for row in Answer.objects.filter(survey=survey).values("id", "response_key"):
        assert str(row["id"]) not in participation_values
        assert str(row["response_key"]) not in participation_values


def _xmins(table: str, survey_id: int) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmin::text FROM {table} WHERE survey_id = %s", [survey_id])  # noqa: S608
        return {row[0] for row in cursor.fetchall()}


# serialized_rollback: the flush after a transactional test would otherwise also wipe the
# rows data migrations seed (topics, subjects) that later tests of other apps rely on.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_release_writes_all_answers_and_participations_in_one_transaction():
    """With real commits: no answer or participation keeps the transaction id of a submission."""
    coordinator = UserFactory()
    network = NetworkFactory(coordinator=coordinator)
    people = [MembershipFactory(network=network).user for _ in range(3)]
    survey = make_survey(network, coordinator)
    for seed, person in enumerate(people):
        answer(survey, person, seed)
    assert len(_xmins(Participation._meta.db_table, survey.pk)) == 3  # one per submission
    assert _xmins(Answer._meta.db_table, survey.pk) == set()  # sealed while open
    close(survey)
    answer_xmins = _xmins(Answer._meta.db_table, survey.pk)
    assert len(answer_xmins) == 1
    assert _xmins(Participation._meta.db_table, survey.pk) == answer_xmins


def test_named_survey_links_the_response_to_the_person(network, coordinator, member):
    survey = make_survey(network, coordinator, anonymous=False)
    answer(survey, member)
    participation = Participation.objects.get(survey=survey, user=member)
    assert Answer.objects.filter(survey=survey, response_key=participation.response_key).exists()


def test_anonymous_draft_row_names_nobody(network, coordinator, member):
    survey = make_survey(network, coordinator)
    answers = sample_answers(survey)
    secret = survey.questions.get(kind="long_text")
    answers[secret.pk] = "Mój sekretny szkic"
    token = answers_save_draft(survey=survey, user=member, answers=answers)
    from evaluation.models import AnonymousDraft

    draft = AnonymousDraft.objects.get(survey=survey)
    assert draft.token_hash == draft_token_hash(token) and token not in str(draft.__dict__)
    assert isinstance(draft.pk, uuid.UUID) and draft.pk.version == 4
    # Sealed with a key from the browser's token: the database cannot read the draft.
    assert b"sekretny" not in bytes(draft.sealed)
    assert "Mój sekretny szkic".encode("utf-16-le") not in bytes(draft.sealed)
    assert not any(
        f.is_relation and f.related_model is type(member) for f in AnonymousDraft._meta.get_fields()
    )
    assert not Participation.objects.filter(survey=survey, user=member).exists()


# --- what the database itself holds (not only what the models declare) -----------------------


@pytest.mark.django_db
def test_answer_table_in_the_database_has_no_column_or_constraint_leading_to_a_person():
    """Introspect the real table: its columns, and where its foreign keys point."""
    table = Answer._meta.db_table
    with connection.cursor() as cursor:
        columns = {
            column.name: column.type_code
            for column in connection.introspection.get_table_description(cursor, table)
        }
        constraints = connection.introspection.get_constraints(cursor, table)
    assert set(columns) == {"id", "survey_id", "question_id", "response_key", "number", "text"}
    targets = {c["foreign_key"][0] for c in constraints.values() if c["foreign_key"]}
    assert targets == {
        Survey._meta.db_table,
        Answer._meta.get_field("question").related_model._meta.db_table,
    }
    assert Participation._meta.db_table not in targets
    assert UserFactory._meta.model._meta.db_table not in targets
    # No column with a default the database fills in (a sequence or a clock).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = %s AND column_default IS NOT NULL",
            [table],
        )
        assert cursor.fetchall() == []


def test_anonymous_answer_rows_hold_only_random_keys_and_the_answers(network, coordinator, members):
    """The rows written: version-4 (random, not time-ordered) UUIDs, nothing from the person."""
    survey = make_survey(network, coordinator)
    for seed, person in enumerate(members[:3]):
        answer(survey, person, seed)
    participation_keys = {str(pk) for pk in Participation.objects.values_list("pk", flat=True)}
    close(survey)
    rows = list(Answer.objects.filter(survey=survey).values())
    assert rows
    assert {row["id"].version for row in rows} == {4}
    assert {row["response_key"].version for row in rows} == {4}
    assert len({row["response_key"] for row in rows}) == 3
    traces = set()
    for person in members[:3]:
        traces |= {str(person.pk), person.email, person.display_name}
    traces |= participation_keys
    for participation in Participation.objects.filter(survey=survey):
        traces.add(str(participation.pk))
    for row in rows:
        assert set(row) == {"id", "survey_id", "question_id", "response_key", "number", "text"}
        assert row["text"] not in traces
        assert not {str(row["id"]), str(row["response_key"])} & traces
