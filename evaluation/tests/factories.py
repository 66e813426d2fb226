"""Survey states built through the services, as the house style asks."""

from datetime import timedelta

from django.utils import timezone

from evaluation import services
from evaluation.models import QuestionKind, Survey


def make_survey(
    network,
    coordinator,
    *,
    anonymous: bool = True,
    publish: bool = True,
    template: str | None = None,
    min_responses: int = 3,
    opens_in: timedelta = timedelta(minutes=-1),
    open_for: timedelta = timedelta(days=7),
) -> Survey:
    """A survey with one question of each kind (or from a template), published unless told not to."""
    opens_at = timezone.now() + opens_in
    if template:
        survey = services.survey_create_from_template(
            network=network, by=coordinator, template_key=template
        )
        survey = services.survey_update(
            survey=survey,
            by=coordinator,
            is_anonymous=anonymous,
            min_responses=min_responses,
            opens_at=opens_at,
            closes_at=opens_at + open_for,
        )
    else:
        survey = services.survey_create(
            network=network,
            by=coordinator,
            title="Ewaluacja formatywna",
            is_anonymous=anonymous,
            min_responses=min_responses,
            opens_at=opens_at,
            closes_at=opens_at + open_for,
        )
        add = lambda **fields: services.question_save(survey=survey, by=coordinator, **fields)  # noqa: E731
        add(kind=QuestionKind.SECTION, text="Sieć w praktyce")
        add(kind=QuestionKind.LIKERT, text="Sieć działa", required=True)
        add(kind=QuestionKind.SINGLE, text="Forma", options=["Spotkania", "Platforma"])
        add(kind=QuestionKind.MULTIPLE, text="Co pomogło", options=["Czas", "Ludzie", "Wątki"])
        add(kind=QuestionKind.SCALE, text="Ocena", min_label="źle", max_label="dobrze")
        add(kind=QuestionKind.SHORT_TEXT, text="Jednym słowem")
        add(kind=QuestionKind.LONG_TEXT, text="Co przeszkadzało")
    if publish:
        # Publishing needs a future closing time; an upcoming survey keeps its opening time.
        services.survey_publish(survey=survey, by=coordinator)
    survey.refresh_from_db()
    return survey


def questions_by_kind(survey: Survey) -> dict:
    return {q.kind: q for q in survey.questions.exclude(kind=QuestionKind.SECTION)}


def sample_answers(survey: Survey, seed: int = 0) -> dict:
    """A complete, valid response whose values vary with `seed`."""
    answers = {}
    for question in survey.questions.exclude(kind=QuestionKind.SECTION):
        values = [value for value, _label in question.value_labels()]
        if question.kind == QuestionKind.MULTIPLE:
            answers[question.pk] = values[: 1 + seed % len(values)]
        elif values:
            answers[question.pk] = values[seed % len(values)]
        else:
            answers[question.pk] = f"odpowiedź {seed}"
    return answers


def answer(survey: Survey, user, seed: int = 0) -> None:
    services.response_submit(survey=survey, user=user, answers=sample_answers(survey, seed))


def close(survey: Survey) -> Survey:
    """Let a survey's closing time pass and run what the beat does then (release its answers)."""
    opens_at = min(survey.opens_at, timezone.now() - timedelta(hours=2))
    Survey.objects.filter(pk=survey.pk).update(
        opens_at=opens_at, closes_at=timezone.now() - timedelta(minutes=1)
    )
    services.surveys_release_due()
    survey.refresh_from_db()
    return survey
