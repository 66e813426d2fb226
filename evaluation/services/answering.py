"""Answering: drafts, one response per member, the sealed pool and its release at closing."""

import hashlib
import secrets
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from evaluation import permissions, sealing
from evaluation.models import (
    NUMERIC_KINDS,
    AnonymousDraft,
    Answer,
    Participation,
    Question,
    QuestionKind,
    SealedResponses,
    Survey,
)
from networks.models import Membership
from networks.permissions import coordinator_memberships

# Positions in the pool and the order of released answers: from the OS's randomness.
_random = secrets.SystemRandom()

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
    # Sealed with the browser's token: the row names nobody and the database cannot read it.
    draft_token = draft_token or new_draft_token()
    AnonymousDraft.objects.update_or_create(
        token_hash=draft_token_hash(draft_token),
        survey=survey,
        defaults={"sealed": sealing.seal_draft(survey.pk, draft_token, _serialise(answers))},
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
        if draft is None:
            return {}
        try:
            return sealing.unseal_draft(survey.pk, draft_token, draft.sealed)
        except sealing.SealBroken:
            return {}
    participation = Participation.objects.filter(survey=survey, user=user).first()
    return participation.draft if participation else {}


def _response_rows(questions: list[Question], answers: AnswerData) -> sealing.Response:
    """The validated answers as [question id, number or None, text] rows (one per chosen option)."""
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
            rows.append([question.pk, None, str(value)[:10000]])
            continue
        allowed = {number for number, _label in question.value_labels()}
        for number in values:
            if int(number) not in allowed:
                raise ValidationError(_("Choose one of the options given."))
            rows.append([question.pk, int(number), ""])
    return rows


def _answers(survey_id: int, rows: sealing.Response, key: uuid.UUID) -> list[Answer]:
    return [
        Answer(
            survey_id=survey_id,
            question_id=question_id,
            response_key=key,
            number=number,
            text="" if number is not None else text,
        )
        for question_id, number, text in rows
    ]


def response_submit(
    *, survey: Survey, user: User, answers: AnswerData, draft_token: str = ""
) -> None:
    """Record a member's one response; an anonymous one goes into the survey's sealed pool."""
    try:
        with transaction.atomic():
            _response_write(survey=survey, user=user, answers=answers, draft_token=draft_token)
    except IntegrityError:
        # Two submissions at once: the unique participation let only one through.
        raise ValidationError(_("You have already answered this survey.")) from None


def _response_write(*, survey: Survey, user: User, answers: AnswerData, draft_token: str) -> None:
    # The survey's row lock orders this submission against the release: an answer is
    # either in the pool before the release reads it, or refused as too late.
    locked = Survey.objects.select_for_update(of=("self",)).get(pk=survey.pk)
    survey.closes_at, survey.released_at = locked.closes_at, locked.released_at
    if not permissions.can_answer_survey(user, survey) or survey.released_at is not None:
        raise PermissionDenied
    participation, _created = Participation.objects.get_or_create(survey=survey, user=user)
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    if participation.submitted:
        raise ValidationError(_("You have already answered this survey."))
    questions = list(survey.questions.exclude(kind=QuestionKind.SECTION))
    rows = _response_rows(questions, answers)
    participation.submitted = True
    participation.draft = {}
    if survey.is_anonymous:
        _pool_add(survey, rows)
        participation.response_key = None
        if draft_token:
            AnonymousDraft.objects.filter(token_hash=draft_token_hash(draft_token)).delete()
    else:
        participation.response_key = uuid.uuid4()
        Answer.objects.bulk_create(_answers(survey.pk, rows, participation.response_key))
    participation.save(update_fields=["submitted", "draft", "response_key"])
    Survey.objects.filter(pk=survey.pk).update(response_count=F("response_count") + 1)


def _pool_add(survey: Survey, rows: sealing.Response) -> None:
    """Put one response at a random place in the sealed pool, sealed again whole (fresh nonce)."""
    pool = SealedResponses.objects.filter(survey_id=survey.pk).first()
    data = sealing.pool_add(survey.pk, pool.data if pool else None, rows)
    if pool is None:
        SealedResponses.objects.create(survey_id=survey.pk, data=data)
    else:
        SealedResponses.objects.filter(survey_id=survey.pk).update(data=data)


# --- releasing --------------------------------------------------------------


def respondents_other_than_coordinators(survey: Survey) -> int:
    """How many people other than the network's coordinators have answered (the threshold's count)."""
    coordinators = coordinator_memberships(survey.network_id).values("user_id")
    return (
        Participation.objects.filter(survey=survey, submitted=True)
        .exclude(user_id__in=coordinators)
        .count()
    )


def survey_release(*, survey_id: int) -> bool:
    """Unseal a closed anonymous survey's responses once: all at once, in random order, with fresh keys.

    If fewer than `min_responses` people other than the coordinators answered, the
    pool is discarded unread and the survey's results are withheld for good.
    """
    with transaction.atomic():
        survey = (
            Survey.objects.select_for_update(skip_locked=True, of=("self",))
            .published()
            .filter(
                pk=survey_id,
                is_anonymous=True,
                released_at__isnull=True,
                closes_at__lte=timezone.now(),
            )
            .first()
        )
        if survey is None:
            return False  # not closed, named, already released, or being released right now
        pool = SealedResponses.objects.filter(survey_id=survey.pk).first()
        responses = sealing.unseal_pool(survey.pk, pool.data) if pool else []
        survey.withheld = respondents_other_than_coordinators(survey) < survey.min_responses
        if not survey.withheld:
            _answers_copy(survey.pk, responses)
        SealedResponses.objects.filter(survey_id=survey.pk).delete()
        AnonymousDraft.objects.filter(survey_id=survey.pk).delete()
        _participations_shuffle(survey.pk)
        survey.released_at = timezone.now()
        survey.save(update_fields=["released_at", "withheld"])
    return True


def _answers_copy(survey_id: int, responses: list[sealing.Response]) -> None:
    """Write the released answers in random order, with keys made now (COPY: one pass, fast)."""
    # A question staff removed in the admin meanwhile takes its answers with it.
    questions = set(Question.objects.filter(survey_id=survey_id).values_list("pk", flat=True))
    rows = [
        (uuid.uuid4(), survey_id, question_id, key, number, "" if number is not None else text)
        for key, response in ((uuid.uuid4(), response) for response in responses)
        for question_id, number, text in response
        if question_id in questions
    ]
    _random.shuffle(rows)
    columns = "id, survey_id, question_id, response_key, number, text"
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {Answer._meta.db_table} ({columns}) FROM STDIN"  # noqa: S608
        ) as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _participations_shuffle(survey_id: int) -> None:
    """Rewrite the survey's participations in random order, so no row position or
    transaction id in the live table says who answered first any more."""
    table = Participation._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH moved AS (DELETE FROM {table} WHERE survey_id = %s RETURNING *) "  # noqa: S608
            f"INSERT INTO {table} SELECT * FROM moved ORDER BY random()",
            [survey_id],
        )


def surveys_release_due() -> int:
    """Release every anonymous survey whose closing time has passed (run by the beat task)."""
    due = Survey.objects.published().filter(
        is_anonymous=True, released_at__isnull=True, closes_at__lte=timezone.now()
    )
    return sum(survey_release(survey_id=pk) for pk in due.values_list("pk", flat=True))


def member_ids(network_id: int) -> list[int]:
    return list(Membership.objects.filter(network_id=network_id).values_list("user_id", flat=True))
