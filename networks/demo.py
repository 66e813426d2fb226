"""Demo networks in different stages, with members, goals and meetings (never in production)."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import InstitutionType, User
from core.markdown import render_markdown
from core.search import search_document
from networks.models import (
    Answer,
    DatePoll,
    DatePollSlot,
    Goal,
    GoalAgreement,
    GoalStatus,
    Meeting,
    MeetingForm,
    MeetingKind,
    Membership,
    Network,
    PlannedActivity,
    Role,
    Rsvp,
    Stage,
    StageChange,
    StageTaskTick,
    Topic,
    Visibility,
)
from networks.reminders import reminders_sync

NETWORKS = [
    {
        "slug": "matematyka-w-klasach-1-3",
        "name": "Matematyka w klasach 1–3",
        "topic": "matematyka",
        "description": (
            "Sieć nauczycieli edukacji wczesnoszkolnej z Lubelszczyzny. Wymieniamy się "
            "pomysłami na **odkrywanie matematyki przez zabawę**, scenariuszami zajęć i "
            "pomocami dydaktycznymi.\n\n- spotkania raz w miesiącu\n- lekcje pokazowe\n"
            "- bank scenariuszy"
        ),
        "goals": "Rozwijanie kompetencji matematycznych uczniów klas 1–3 przez zabawę.",
        "stage": Stage.WORKING,
        "join_policy": "open",
        "visibility": Visibility.PUBLIC,
        "allow_anonymous_posts": True,
        "members": {
            "koordynator@example.org": Role.COORDINATOR,
            "nauczycielka@example.org": Role.PARTICIPANT,
        },
    },
    {
        "slug": "czytelnictwo-w-bibliotece",
        "name": "Biblioteka wspiera czytelnictwo",
        "topic": "zachecanie-do-czytania",
        "description": (
            "Nauczyciele bibliotekarze i poloniści szukają sposobów na zachęcanie uczniów "
            "do czytania: kluby książki, spotkania z autorami, zestawienia bibliograficzne."
        ),
        "goals": "Wspólny program promocji czytelnictwa dla szkół powiatu.",
        "stage": Stage.TOPIC_AND_GOAL,
        "join_policy": "request",
        "visibility": Visibility.PUBLIC,
        "allow_anonymous_posts": False,
        "members": {
            "koordynator@example.org": Role.COORDINATOR,
            "bibliotekarz@example.org": Role.EXPERT,
        },
    },
    {
        "slug": "mysl-tworcza-zespol",
        "name": "Myślenie twórcze — zespół roboczy",
        "topic": "myslenie-tworcze",
        "description": "Zamknięty zespół dyrektorów szkół, który przygotowuje program szkoleń.",
        "goals": "",
        "stage": Stage.PROBING,
        "join_policy": "invitation",
        "visibility": Visibility.HIDDEN,
        "allow_anonymous_posts": False,
        "members": {"koordynator@example.org": Role.COORDINATOR},
    },
]


def _next_weekday_at(days_ahead: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days_ahead)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@transaction.atomic
def seed() -> None:
    people = {user.email: user for user in User.objects.filter(email__endswith="@example.org")}
    coordinator = people.get("koordynator@example.org")
    if coordinator is None:
        return
    for spec in NETWORKS:
        if Network.objects.filter(slug=spec["slug"]).exists():
            continue
        network = Network.objects.create(
            slug=spec["slug"],
            name=spec["name"],
            topic=Topic.objects.get(slug=spec["topic"]),
            description=spec["description"],
            description_html=render_markdown(spec["description"]),
            goals=spec["goals"],
            institution_name="Ośrodek Doskonalenia Nauczycieli w Lublinie",
            institution_type=InstitutionType.TEACHER_TRAINING_CENTRE,
            voivodeship="lubelskie",
            visibility=spec["visibility"],
            join_policy=spec["join_policy"],
            school_year="2026/2027",
            allow_anonymous_posts=spec["allow_anonymous_posts"],
            stage=spec["stage"],
            created_by=coordinator,
        )
        network.search_vector = search_document(network.name, network.description, network.goals)
        network.save(update_fields=["search_vector"])
        for email, role in spec["members"].items():
            if email in people:
                Membership.objects.create(network=network, user=people[email], role=role)
        StageChange.objects.create(network=network, to_stage=network.stage, changed_by=coordinator)
        _seed_plan(network)
    for network in Network.objects.annotate(total=Count("memberships")):
        if network.member_count != network.total:
            Network.objects.filter(pk=network.pk).update(member_count=network.total)


def _seed_plan(network: Network) -> None:
    if network.slug != "matematyka-w-klasach-1-3":
        return
    goal = Goal.objects.create(
        network=network, title="Zebrać 20 scenariuszy zajęć", status=GoalStatus.IN_PROGRESS
    )
    Goal.objects.create(network=network, title="Przeprowadzić 3 lekcje pokazowe")
    today = timezone.localdate()
    PlannedActivity.objects.create(
        network=network,
        goal=goal,
        title="Warsztaty: gry planszowe na lekcjach matematyki",
        starts_on=today + timedelta(days=14),
    )
    meeting = Meeting.objects.create(
        network=network,
        title="Gry i zabawy matematyczne",
        kind=MeetingKind.HYBRID,
        form=MeetingForm.WORKSHOP,
        starts_at=_next_weekday_at(7, 16),
        ends_at=_next_weekday_at(7, 18),
        place="ODN Lublin, sala 12",
        online_url="https://spotkania.example.org/matematyka",
        agenda="1. Przywitanie\n2. Gry planszowe\n3. Wymiana doświadczeń",
        agenda_html=render_markdown("1. Przywitanie\n2. Gry planszowe\n3. Wymiana doświadczeń"),
        capacity=25,
    )
    Meeting.objects.create(
        network=network,
        title="Lekcja pokazowa: mierzymy i ważymy",
        kind=MeetingKind.IN_PERSON,
        form=MeetingForm.DEMONSTRATION_LESSON,
        starts_at=_next_weekday_at(21, 12),
        ends_at=_next_weekday_at(21, 13),
        place="SP nr 5 w Zamościu",
    )
    for membership in network.memberships.select_related("user"):
        rsvp = Rsvp.objects.create(meeting=meeting, user=membership.user, answer=Answer.YES)
        reminders_sync(rsvp=rsvp)
    _seed_agreement_and_poll(network, goal)


def _seed_agreement_and_poll(network: Network, goal: Goal) -> None:
    """Members' answers to a goal, a ticked task and a date poll waiting for answers."""
    members = [membership.user for membership in network.memberships.select_related("user")]
    for user in members:
        GoalAgreement.objects.create(goal=goal, user=user, agrees=True)
    StageTaskTick.objects.create(
        network=network, task_key="recruitment", ticked_by=members[0] if members else None
    )
    poll = DatePoll.objects.create(
        network=network,
        title="Konsultacje: scenariusze z gier",
        kind=MeetingKind.ONLINE,
        form=MeetingForm.CONSULTATION,
        online_url="https://spotkania.example.org/konsultacje",
        created_by=members[0] if members else None,
    )
    DatePollSlot.objects.bulk_create(
        DatePollSlot(
            poll=poll,
            starts_at=_next_weekday_at(days, 17),
            ends_at=_next_weekday_at(days, 18),
        )
        for days in (10, 11, 12)
    )
