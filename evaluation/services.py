"""Every change to surveys: building them, publishing, answering, mixing anonymous answers."""

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from accounts.models import User
from evaluation import permissions
from evaluation.models import (
    CHOICE_KINDS,
    NUMERIC_KINDS,
    AnonymousDraft,
    Answer,
    Participation,
    Purpose,
    Question,
    QuestionKind,
    Survey,
)
from evaluation.survey_templates import TEMPLATES_BY_KEY
from networks.models import Meeting, Membership, Network
from notifications.models import Category
from notifications.services import notify

# An anonymous survey never shows results from fewer answers than this.
ANONYMOUS_MIN_RESPONSES = 3
DEFAULT_OPEN_FOR = timedelta(days=14)
SETTINGS_FIELDS = ("title", "description", "purpose", "meeting", "is_anonymous", "min_responses")
QUESTION_FIELDS = ("kind", "text", "help_text", "required", "options", "min_label", "max_label")

# What an answer looks like, keyed by question id: an int (Likert, scale, single
# choice), a list of ints (multiple choice) or a string (text).
AnswerData = dict[int, int | list[int] | str]


def _check_dates(opens_at: datetime, closes_at: datetime) -> None:
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": _("A survey must close after it opens.")})


def _check_settings(survey: Survey) -> None:
    if survey.purpose == Purpose.MEETING and survey.meeting_id is None:
        raise ValidationError({"meeting": _("Choose the meeting this feedback is about.")})
    if survey.meeting_id is not None and survey.meeting.network_id != survey.network_id:
        raise ValidationError({"meeting": _("Choose a meeting of this network.")})
    if survey.is_anonymous and survey.min_responses < ANONYMOUS_MIN_RESPONSES:
        raise ValidationError(
            {
                "min_responses": _(
                    "An anonymous survey shows results from at least %(count)d answers."
                )
                % {"count": ANONYMOUS_MIN_RESPONSES}
            }
        )
    _check_dates(survey.opens_at, survey.closes_at)


# --- building ---------------------------------------------------------------


@transaction.atomic
def survey_create(
    *,
    network: Network,
    by: User,
    title: str,
    opens_at: datetime,
    closes_at: datetime,
    purpose: str = Purpose.FORMATIVE,
    description: str = "",
    is_anonymous: bool = True,
    min_responses: int = 3,
    meeting: Meeting | None = None,
) -> Survey:
    """A coordinator starts a draft survey of the network (or of one of its meetings)."""
    if not permissions.can_manage_surveys(by, network):
        raise PermissionDenied
    survey = Survey(
        network=network,
        meeting=meeting,
        title=title,
        description=description,
        purpose=purpose,
        is_anonymous=is_anonymous,
        min_responses=min_responses,
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=by,
    )
    _check_settings(survey)
    survey.full_clean()
    survey.save()
    return survey


@transaction.atomic
def survey_create_from_template(
    *, network: Network, by: User, template_key: str, meeting: Meeting | None = None
) -> Survey:
    """A coordinator copies a ready-made template into a draft survey, open for two weeks from now."""
    template = TEMPLATES_BY_KEY.get(template_key)
    if template is None:
        raise ValidationError(_("There is no such template."))
    if template.purpose == Purpose.MEETING and meeting is None:
        meeting = network.meetings.order_by("-starts_at").first()
    opens_at = timezone.now().replace(second=0, microsecond=0)
    survey = survey_create(
        network=network,
        by=by,
        title=str(template.title),
        description=str(template.description),
        purpose=template.purpose
        if meeting or template.purpose != Purpose.MEETING
        else Purpose.OTHER,
        meeting=meeting if template.purpose == Purpose.MEETING else None,
        opens_at=opens_at,
        closes_at=opens_at + DEFAULT_OPEN_FOR,
    )
    survey.template_key = template.key
    survey.save(update_fields=["template_key"])
    Question.objects.bulk_create(
        Question(
            survey=survey,
            key=item.key,
            kind=item.kind,
            text=str(item.text),
            help_text=str(item.help_text),
            required=item.required,
            options=[str(option) for option in item.options],
            min_label=str(item.min_label),
            max_label=str(item.max_label),
            position=position,
        )
        for position, item in enumerate(template.questions)
    )
    return survey


@transaction.atomic
def survey_update(*, survey: Survey, by: User, opens_at=None, closes_at=None, **fields) -> Survey:
    """A coordinator changes a survey's settings; once published, only its texts and closing time."""
    if not permissions.can_manage_surveys(by, survey.network):
        raise PermissionDenied
    if survey.is_published:
        # Anonymity, purpose and the opening time are promises made to those who answered.
        fields = {k: v for k, v in fields.items() if k in ("title", "description", "min_responses")}
        if "min_responses" in fields and fields["min_responses"] < survey.min_responses:
            raise ValidationError(
                {"min_responses": _("Once published, the threshold can only be raised.")}
            )
        opens_at = None
    for name, value in fields.items():
        if name in SETTINGS_FIELDS:
            setattr(survey, name, value)
    if opens_at is not None:
        survey.opens_at = opens_at
    if closes_at is not None:
        survey.closes_at = closes_at
    if survey.purpose != Purpose.MEETING:
        survey.meeting = None
    _check_settings(survey)
    survey.full_clean()
    survey.save()
    return survey


def _require_editable(by: User, survey: Survey) -> None:
    if not permissions.can_edit_survey(by, survey):
        raise PermissionDenied


def _clean_question(question: Question) -> None:
    question.options = [str(option).strip() for option in question.options if str(option).strip()]
    if question.kind in CHOICE_KINDS and len(question.options) < 2:
        raise ValidationError({"options": _("Give at least two options, one per line.")})
    if question.kind not in CHOICE_KINDS:
        question.options = []
    if question.kind != QuestionKind.SCALE:
        question.min_label = question.max_label = ""
    if question.kind == QuestionKind.SECTION:
        question.required = False
    question.full_clean()


@transaction.atomic
def question_save(
    *, survey: Survey, by: User, question: Question | None = None, **fields
) -> Question:
    """A coordinator adds a question (or section heading) at the end of a draft survey, or edits one."""
    _require_editable(by, survey)
    if question is None:
        last = survey.questions.aggregate(last=Max("position"))["last"]
        question = Question(survey=survey, position=0 if last is None else last + 1)
    elif question.survey_id != survey.pk:
        raise PermissionDenied
    for name in QUESTION_FIELDS:
        if name in fields:
            setattr(question, name, fields[name])
    _clean_question(question)
    question.save()
    return question


@transaction.atomic
def question_move(*, question: Question, by: User, offset: int) -> Question:
    """A coordinator moves a question up (-1) or down (+1) in a draft survey."""
    survey = question.survey
    _require_editable(by, survey)
    items = list(survey.questions.select_for_update().order_by("position", "id"))
    index = next(i for i, item in enumerate(items) if item.pk == question.pk)
    target = index + (1 if offset > 0 else -1)
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for position, item in enumerate(items):
        item.position = position
    Question.objects.bulk_update(items, ["position"])
    return question


@transaction.atomic
def question_delete(*, question: Question, by: User) -> None:
    """A coordinator removes a question from a draft survey."""
    _require_editable(by, question.survey)
    question.delete()


@transaction.atomic
def survey_delete(*, survey: Survey, by: User) -> None:
    """A coordinator deletes a survey that was never published."""
    _require_editable(by, survey)
    survey.delete()


@transaction.atomic
def survey_publish(*, survey: Survey, by: User) -> Survey:
    """A coordinator publishes a draft survey; members are told when it opens."""
    _require_editable(by, survey)
    if not survey.questions.exclude(kind=QuestionKind.SECTION).exists():
        raise ValidationError(_("Add at least one question before publishing."))
    now = timezone.now()
    if survey.closes_at <= now:
        raise ValidationError({"closes_at": _("The closing time has already passed.")})
    survey.published_at = now
    survey.save(update_fields=["published_at"])
    if survey.opens_at <= now:
        survey_id = survey.pk
        transaction.on_commit(lambda: survey_opening_notify(survey_id=survey_id))
    return survey


@transaction.atomic
def survey_close(*, survey: Survey, by: User) -> Survey:
    """A coordinator closes an open survey now, before its planned time."""
    if not permissions.can_manage_surveys(by, survey.network) or not survey.is_open:
        raise PermissionDenied
    survey.closes_at = timezone.now()
    survey.save(update_fields=["closes_at"])
    return survey


# --- telling members --------------------------------------------------------


def survey_opening_notify(*, survey_id: int) -> bool:
    """Tell the members once that a published survey is open (claimed under lock, so never twice)."""
    with transaction.atomic():
        survey = (
            Survey.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("network")
            .filter(
                pk=survey_id,
                published_at__isnull=False,
                opening_notified_at__isnull=True,
                opens_at__lte=timezone.now(),
                closes_at__gt=timezone.now(),
            )
            .first()
        )
        if survey is None:
            return False
        survey.opening_notified_at = timezone.now()
        survey.save(update_fields=["opening_notified_at"])
        members = User.objects.filter(
            memberships__network_id=survey.network_id, is_active=True
        ).exclude(pk=survey.created_by_id)
        notify(
            recipients=members,
            category=Category.SURVEY,
            text=gettext_noop("A survey is open in %(network)s: %(title)s"),
            params={"network": survey.network.name, "title": survey.title},
            url=survey.get_absolute_url(),
            network_id=survey.network_id,
            item_key=f"evaluation.survey:{survey.pk}",
        )
    return True


def surveys_opening_notify_due() -> int:
    """Tell members about every survey that has opened since the last run; returns how many."""
    now = timezone.now()
    due = Survey.objects.published().filter(
        opening_notified_at__isnull=True, opens_at__lte=now, closes_at__gt=now
    )
    return sum(survey_opening_notify(survey_id=pk) for pk in due.values_list("pk", flat=True))


# --- answering --------------------------------------------------------------


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
