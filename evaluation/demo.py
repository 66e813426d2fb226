"""Demo surveys in the lead's demo networks, built through the services (never in production).

Idempotent: a network that already has surveys gets nothing new, and the whole seed is one
transaction, so a failure half-way leaves nothing that would stop the next run.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone, translation

from accounts.models import User
from evaluation import services
from evaluation.models import QuestionKind, Survey
from networks.models import Membership, Network
from networks.permissions import coordinators_of

DEMO_NETWORK = "matematyka-w-klasach-1-3"


def _answers(survey: Survey, seed: int) -> dict:
    answers = {}
    for number, question in enumerate(survey.questions.exclude(kind=QuestionKind.SECTION)):
        values = [value for value, _label in question.value_labels()]
        if question.kind == QuestionKind.MULTIPLE:
            answers[question.pk] = values[: 1 + (seed + number) % 2]
        elif values:
            answers[question.pk] = values[(seed * 3 + number) % len(values)]
        elif question.required or (seed + number) % 2 == 0:
            answers[question.pk] = [
                "Wymiana scenariuszy zajęć.",
                "Spotkania w realu.",
                "Brak czasu.",
            ][(seed + number) % 3]
    return answers


@transaction.atomic
def seed() -> None:
    network = Network.objects.filter(slug=DEMO_NETWORK).first()
    if network is None or network.surveys.exists():
        return
    coordinator = coordinators_of(network).order_by("pk").first()
    if coordinator is None:
        return
    members = list(User.objects.filter(memberships__network=network).order_by("pk"))
    with translation.override("pl"):
        needs = services.survey_create_from_template(
            network=network, by=coordinator, template_key="needs"
        )
        needs.is_anonymous = False
        needs.min_responses = 1
        needs.opens_at = timezone.now() - timedelta(days=40)
        needs.results_shared = True  # members see its results (without names) in the demo
        needs.save(update_fields=["is_anonymous", "min_responses", "opens_at", "results_shared"])
        services.survey_publish(survey=needs, by=coordinator)
        for seed_number, member in enumerate(members):
            services.response_submit(
                survey=needs, user=member, answers=_answers(needs, seed_number)
            )
        Survey.objects.filter(pk=needs.pk).update(closes_at=timezone.now() - timedelta(days=20))

        formative = services.survey_create_from_template(
            network=network, by=coordinator, template_key="formative"
        )
        services.survey_publish(survey=formative, by=coordinator)
        teacher = next((m for m in members if m.pk != coordinator.pk), None)
        if (
            teacher is not None
            and Membership.objects.filter(network=network, user=teacher).exists()
        ):
            services.response_submit(survey=formative, user=teacher, answers=_answers(formative, 1))
