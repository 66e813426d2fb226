"""Answering: drafts, one response per member, and mixing anonymous answers."""

import hashlib
import secrets
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from evaluation import permissions
from evaluation.models import (
    NUMERIC_KINDS,
    AnonymousDraft,
    Answer,
    Participation,
    Question,
    QuestionKind,
    Survey,
)
from networks.models import Membership

# --- answering --------------------------------------------------------------

# What an answer looks like, keyed by question id: an int (Likert, scale, single
# choice), a list of ints (multiple choice) or a string (text).
AnswerData = dict[int, int | list[int] | str]


def draft_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_draft_token() -> str:
    return secrets.token_urlsafe(32)


def _serialise(answers: AnswerData) -> dict:
    return {str(question_id): value for question_id, value in answers.items()}


@transaction.atomic
def answers_save_draft(
    *, survey: Survey, user: User, answers: AnswerData, draft_token: str = ""
) -> str:
    """Keep a member's unfinished answers; returns the browser token for an anonymous survey's draft."""
    if not permissions.can_answer_survey(user, survey):
        raise PermissionDenied
    if Participation.objects.filter(survey=survey, user=user, submitted=True).exists():
        raise ValidationError(_("You have already answered this survey."))
    if not survey.is_anonymous:
        Participation.objects.update_or_create(
            survey=survey, user=user, defaults={"draft": _serialise(answers)}
        )
        return ""
    draft_token = draft_token or new_draft_token()
    AnonymousDraft.objects.update_or_create(
        token_hash=draft_token_hash(draft_token),
        survey=survey,
        defaults={"data": _serialise(answers)},
    )
    return draft_token


def draft_answers(*, survey: Survey, user: User, draft_token: str = "") -> dict:
    """The person's saved, unfinished answers (question id as a string → value), or {}."""
    if survey.is_anonymous:
        if not draft_token:
            return {}
        draft = AnonymousDraft.objects.filter(
            survey=survey, token_hash=draft_token_hash(draft_token)
        ).first()
        return draft.data if draft else {}
    participation = Participation.objects.filter(survey=survey, user=user).first()
    return participation.draft if participation else {}


def _answer_rows(survey: Survey, questions: list[Question], answers: AnswerData, key) -> list:
    rows = []
    for question in questions:
        value = answers.get(question.pk)
        empty = value is None or value == "" or value == []
        if empty:
            if question.required:
                raise ValidationError(_("Answer every required question."))
            continue
        if question.kind in NUMERIC_KINDS or question.kind == QuestionKind.SINGLE:
            values = [value]
        elif question.kind == QuestionKind.MULTIPLE:
            values = list(value)
        else:
            rows.append(
                Answer(survey=survey, question=question, response_key=key, text=str(value)[:10000])
            )
            continue
        allowed = {number for number, _label in question.value_labels()}
        for number in values:
            if int(number) not in allowed:
                raise ValidationError(_("Choose one of the options given."))
            rows.append(
                Answer(survey=survey, question=question, response_key=key, number=int(number))
            )
    return rows


def response_submit(
    *, survey: Survey, user: User, answers: AnswerData, draft_token: str = ""
) -> None:
    """Record a member's one response; for an anonymous survey, with nothing that leads back to them."""
    try:
        with transaction.atomic():
            _response_write(survey=survey, user=user, answers=answers, draft_token=draft_token)
    except IntegrityError:
        # Two submissions at once: the unique participation let only one through.
        raise ValidationError(_("You have already answered this survey.")) from None
    if survey.is_anonymous:
        survey_answers_mix(survey_id=survey.pk)


def _response_write(*, survey: Survey, user: User, answers: AnswerData, draft_token: str) -> None:
    if not permissions.can_answer_survey(user, survey):
        raise PermissionDenied
    participation, _created = Participation.objects.get_or_create(survey=survey, user=user)
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    if participation.submitted:
        raise ValidationError(_("You have already answered this survey."))
    questions = list(survey.questions.exclude(kind=QuestionKind.SECTION))
    key = uuid.uuid4()
    Answer.objects.bulk_create(_answer_rows(survey, questions, answers, key))
    participation.submitted = True
    participation.draft = {}
    participation.response_key = None if survey.is_anonymous else key
    participation.save(update_fields=["submitted", "draft", "response_key"])
    Survey.objects.filter(pk=survey.pk).update(
        response_count=F("response_count") + 1,
        needs_mix=survey.is_anonymous or F("needs_mix"),
    )
    if survey.is_anonymous and draft_token:
        AnonymousDraft.objects.filter(token_hash=draft_token_hash(draft_token)).delete()


def survey_answers_mix(*, survey_id: int) -> bool:
    """Rewrite an anonymous survey's answers in random order, in a transaction of their own.

    This is what makes a fresh answer impossible to match with the participation
    written beside it: afterwards every answer of the survey carries the same
    transaction id (PostgreSQL's xmin) and a random physical position.
    """
    with transaction.atomic():
        survey = (
            Survey.objects.select_for_update(skip_locked=True)
            .filter(pk=survey_id, needs_mix=True)
            .first()
        )
        if survey is None:
            return False  # already mixed, or being written right now (that commit mixes again)
        table = Answer._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH moved AS (DELETE FROM {table} WHERE survey_id = %s RETURNING *) "  # noqa: S608
                f"INSERT INTO {table} SELECT * FROM moved ORDER BY random()",
                [survey_id],
            )
        survey.needs_mix = False
        survey.save(update_fields=["needs_mix"])
    return True


def surveys_mix_pending() -> int:
    """Mix every survey a crash left unmixed (a safety net run by the beat task)."""
    pending = Survey.objects.filter(needs_mix=True).values_list("pk", flat=True)
    return sum(survey_answers_mix(survey_id=pk) for pk in pending)


def member_ids(network_id: int) -> list[int]:
    return list(Membership.objects.filter(network_id=network_id).values_list("user_id", flat=True))
