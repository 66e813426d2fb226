"""Demo surveys in the lead's demo networks, built through the services (never in production).

Idempotent: a network that already has surveys gets nothing new, and the whole seed is one
transaction, so a failure half-way leaves nothing that would stop the next run.
"""

import random
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
    seed_library_surveys()
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


# --- the library network's evaluation: formative and final surveys, released ----------
#
# Built, published and answered through the services, so each anonymous response goes
# into the sealed pool one by one and comes out through survey_release, in the shape the
# real thing leaves (answers under fresh keys, participations reshuffled). The dates are
# then moved back to when the survey ran; that is also why its opening and results were
# never announced (the notices look for surveys open now or closed in the last week).

LIBRARY_SURVEYS = [
    # (template, month opened, day, respondents)
    ("formative", 4, 12, 28),
    ("final", 9, 1, 31),
    ("formative", 14, 9, 24),
]

LIBRARY_TEXTS = [
    "Wymiana doświadczeń z bibliotekami z innych powiatów.",
    "Spotkania w realu — na platformie trudniej mi się wypowiadać.",
    "Gotowe scenariusze i samouczki, które od razu wykorzystuję.",
    "Brak czasu przy wielu obowiązkach w filii.",
    "Więcej spotkań z ekspertami i krótsze zadania między spotkaniami.",
    "Praca na platformie była na początku trudna, potem coraz łatwiejsza.",
    "Poczucie, że nie jestem sama z problemami wspomagania szkół.",
]


def _library_answers(survey: Survey, rng: random.Random) -> dict:
    """A plausible response: mostly agreeing, a spread on the scales, a few comments."""
    answers = {}
    for question in survey.questions.exclude(kind=QuestionKind.SECTION):
        values = [value for value, _label in question.value_labels()]
        if question.kind == QuestionKind.LIKERT:
            answers[question.pk] = rng.choices(values, weights=(1, 2, 5, 11, 8))[0]
        elif question.kind == QuestionKind.SCALE:
            answers[question.pk] = rng.choice(values[4:])
        elif question.kind == QuestionKind.MULTIPLE:
            answers[question.pk] = sorted(rng.sample(values[:-1], k=rng.randint(1, 3)))
        elif values:
            answers[question.pk] = rng.choices(values, weights=(5, 4, 1, 1)[: len(values)])[0]
        elif question.required or rng.random() < 0.4:
            answers[question.pk] = rng.choice(LIBRARY_TEXTS)
    return answers


@transaction.atomic
def seed_library_surveys() -> None:
    from networks.demo import LIBRARY_SLUG, library_moment, library_people

    network = Network.objects.filter(slug=LIBRARY_SLUG).first()
    if network is None or network.surveys.exists():
        return
    coordinator, people = library_people(network)
    rng = random.Random(2028)
    with translation.override("pl"):
        for template, month, day, respondents in LIBRARY_SURVEYS:
            opens = library_moment(month, day, 8)
            closes = opens + timedelta(days=14)
            if closes >= timezone.now():
                continue
            survey = services.survey_create_from_template(
                network=network, by=coordinator, template_key=template
            )
            survey.results_shared = True
            survey.save(update_fields=["results_shared"])
            services.survey_publish(survey=survey, by=coordinator)
            for person in rng.sample(people, k=min(respondents, len(people))):
                services.response_submit(
                    survey=survey, user=person, answers=_library_answers(survey, rng)
                )
            Survey.objects.filter(pk=survey.pk).update(
                opens_at=opens,
                closes_at=closes,
                published_at=opens - timedelta(days=1),
                opening_notified_at=opens,
                reminders_planned_at=opens,
            )
            services.survey_release(survey_id=survey.pk)
            Survey.objects.filter(pk=survey.pk).update(
                created_at=opens - timedelta(days=2),
                released_at=closes + timedelta(minutes=1),
                results_notified_at=closes + timedelta(minutes=1),
            )
