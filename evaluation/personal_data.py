"""Evaluation's part of a person's data: which surveys they answered, and their named answers.

Registered with accounts.personal_data in EvaluationConfig.ready(). Answers to
an anonymous survey are linked to nobody (see evaluation.models), so they can
neither be exported to the person nor erased with the account: they stay in
the results, which is what the person was promised.
"""

from accounts.models import User
from accounts.personal_data import ErasureRequest, ExportPart
from evaluation.models import Answer, Participation, SurveyReminder


def evaluation_export(user: User) -> ExportPart:
    """Surveys answered; for named surveys the answers given, for anonymous ones only that they answered."""
    participations = list(
        Participation.objects.filter(user=user).select_related("survey__network").order_by("pk")
    )
    named_keys = [
        p.response_key for p in participations if not p.survey.is_anonymous and p.response_key
    ]
    answers: dict = {}
    for answer in (
        Answer.objects.filter(response_key__in=named_keys)
        .select_related("question")
        .order_by("question__position", "question_id")
    ):
        answers.setdefault(answer.response_key, []).append(
            {
                "question": answer.question.text,
                "number": answer.number,
                "option": _option(answer),
                "text": answer.text,
            }
        )
    return ExportPart(
        data={
            "surveys": [
                {
                    "survey": p.survey.title,
                    "network": p.survey.network.name,
                    "anonymous": p.survey.is_anonymous,
                    "submitted": p.submitted,
                    "answers": (None if p.survey.is_anonymous else answers.get(p.response_key, [])),
                    "unfinished_answers": p.draft or None,
                }
                for p in participations
            ]
        }
    )


def _option(answer: Answer) -> str | None:
    if answer.number is None:
        return None
    return dict(answer.question.value_labels()).get(answer.number)


def evaluation_erase(user: User, request: ErasureRequest) -> None:
    """Unfinished answers and pending reminders go; submitted answers stay as they are."""
    Participation.objects.filter(user=user).update(draft={})
    SurveyReminder.objects.filter(user=user, sent_at__isnull=True).delete()
