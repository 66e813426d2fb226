"""Building a survey: from scratch or a template, its questions, publishing and closing."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from evaluation import permissions
from evaluation.models import (
    CHOICE_KINDS,
    Purpose,
    Question,
    QuestionKind,
    Survey,
)
from evaluation.services.answering import survey_release
from evaluation.services.notices import survey_opening_notify
from evaluation.survey_templates import TEMPLATES_BY_KEY
from networks.models import Meeting, Network

# An anonymous survey never shows results from fewer answers than this.
ANONYMOUS_MIN_RESPONSES = 3
DEFAULT_OPEN_FOR = timedelta(days=14)
SETTINGS_FIELDS = (
    "title",
    "description",
    "purpose",
    "meeting",
    "is_anonymous",
    "min_responses",
    "results_shared",
)
QUESTION_FIELDS = ("kind", "text", "help_text", "required", "options", "min_label", "max_label")


def _check_dates(opens_at: datetime, closes_at: datetime) -> None:
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": _("A survey must close after it opens.")})


def survey_settings_check(survey: Survey) -> None:
    """The rules a survey's settings obey (a form asks them before the service saves)."""
    _check_settings(survey)


def question_check(question: Question) -> None:
    """The rules a question obeys (a form asks them before the service saves)."""
    _clean_question(question)


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
    results_shared: bool = False,
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
        results_shared=results_shared,
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
        # Anonymity, purpose, the opening time and who will see the results are promises
        # made to those who answered: sharing may be withdrawn, never added.
        fields = {
            k: v
            for k, v in fields.items()
            if k in ("title", "description", "min_responses") or (k == "results_shared" and not v)
        }
        if "min_responses" in fields and fields["min_responses"] < survey.min_responses:
            raise ValidationError(
                {"min_responses": _("Once published, the threshold can only be raised.")}
            )
        opens_at = None
        # Compared with the stored time: a model form has already copied its values in.
        stored_closes_at = Survey.objects.values_list("closes_at", flat=True).get(pk=survey.pk)
        if survey.is_anonymous and stored_closes_at <= timezone.now():
            # Its answers were released (or withheld) at closing; more would stand out.
            if closes_at is not None and closes_at > timezone.now():
                raise ValidationError(
                    {"closes_at": _("An anonymous survey that has closed cannot be opened again.")}
                )
            survey.closes_at, closes_at = stored_closes_at, None
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
    """A coordinator closes an open survey now; an anonymous one's answers are released at once."""
    if not permissions.can_manage_surveys(by, survey.network) or not survey.is_open:
        raise PermissionDenied
    survey.closes_at = timezone.now()
    survey.save(update_fields=["closes_at"])
    if survey.is_anonymous:
        survey_release(survey_id=survey.pk)
        survey.refresh_from_db(fields=["released_at", "withheld"])
    return survey
