"""Demo networks in different stages, with members, goals and meetings (never in production)."""

import calendar
import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import InstitutionType, ProfessionalRole, User
from core.markdown import render_markdown
from core.search import search_document
from networks.models import (
    ActivityKind,
    ActivityLog,
    Answer,
    Attendance,
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
    Outcome,
    PlanComment,
    PlannedActivity,
    Role,
    Rsvp,
    Stage,
    StageChange,
    StageTaskTick,
    Topic,
    Visibility,
)
from networks.permissions import coordinators_of
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
    seed_library_network()
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


# --- the library network: a year and a term of history --------------------------------
#
# One network at the scale of the Sieć BP report in the seeds (45 participants, about 30
# threads and 240 posts, materials, entries every month, meetings with attendance, a
# formative and a final survey, outcomes), so that statistics, the annual report and a
# certificate show something real on the first run. Its history starts in September of
# the previous school year and runs up to today, wherever today falls.
#
# Rows whose service would stamp "now" (memberships, stage changes, goals, agreements,
# past meetings and their attendance, outcomes, the activity log) are bulk-created here
# with the dates they would have had: a service cannot write the past, and replaying
# months of activity through services would also notify 45 people of every step.
# Invariants those services keep are kept here by hand: one membership per person, one
# attendance row and one "attended" log entry per person present, one visit per person
# and day, member_count. The forums, resources and evaluation demos add their parts.

LIBRARY_SLUG = "biblioteki-pedagogiczne-wspieraja-szkoly"
LIBRARY_DOMAIN = "bp.example.org"
LIBRARY_PARTICIPANTS = [
    # (name, library) — 43 people; with the coordinator and the demo librarian, 45.
    ("Elżbieta Mieczkowska", "Biblioteka Pedagogiczna w Lublinie"),
    ("Agnieszka Nowak", "Biblioteka Pedagogiczna w Lublinie, Filia w Puławach"),
    ("Barbara Kowalska", "Biblioteka Pedagogiczna w Zamościu"),
    ("Beata Wiśniewska", "Biblioteka Pedagogiczna w Zamościu, Filia w Biłgoraju"),
    ("Danuta Wójcik", "Biblioteka Pedagogiczna w Białej Podlaskiej"),
    ("Dorota Kamińska", "Biblioteka Pedagogiczna w Białej Podlaskiej, Filia w Radzyniu"),
    ("Ewa Lewandowska", "Biblioteka Pedagogiczna w Chełmie, Filia we Włodawie"),
    ("Grażyna Zielińska", "Biblioteka Pedagogiczna w Lublinie, Filia w Kraśniku"),
    ("Halina Szymańska", "Biblioteka Pedagogiczna w Lublinie, Filia w Świdniku"),
    ("Iwona Dąbrowska", "Pedagogiczna Biblioteka Wojewódzka w Rzeszowie"),
    ("Joanna Kozłowska", "Pedagogiczna Biblioteka Wojewódzka w Rzeszowie, Filia w Jarosławiu"),
    ("Jolanta Jankowska", "Biblioteka Pedagogiczna w Krośnie"),
    ("Katarzyna Kwiatkowska", "Biblioteka Pedagogiczna w Przemyślu"),
    ("Krystyna Piotrowska", "Biblioteka Pedagogiczna w Tarnobrzegu"),
    ("Magdalena Grabowska", "Biblioteka Pedagogiczna w Tarnobrzegu, Filia w Stalowej Woli"),
    ("Małgorzata Pawłowska", "Biblioteka Pedagogiczna w Krośnie, Filia w Sanoku"),
    ("Maria Michalska", "Biblioteka Pedagogiczna w Siedlcach"),
    ("Marta Jabłońska", "Biblioteka Pedagogiczna w Siedlcach, Filia w Łukowie"),
    ("Monika Majewska", "Biblioteka Pedagogiczna w Kielcach"),
    ("Renata Olszewska", "Biblioteka Pedagogiczna w Kielcach, Filia w Ostrowcu Świętokrzyskim"),
    ("Teresa Jaworska", "Biblioteka Pedagogiczna w Zamościu, Filia w Hrubieszowie"),
    ("Urszula Malinowska", "Biblioteka Pedagogiczna w Zamościu, Filia w Tomaszowie Lubelskim"),
    ("Wioletta Górska", "Biblioteka Pedagogiczna w Chełmie, Filia w Krasnymstawie"),
    ("Zofia Rutkowska", "Biblioteka Pedagogiczna w Lublinie, Filia w Lubartowie"),
    ("Alicja Witkowska", "Biblioteka Pedagogiczna w Lublinie, Filia w Łęcznej"),
    ("Bożena Ostrowska", "Biblioteka Pedagogiczna w Białej Podlaskiej, Filia w Parczewie"),
    ("Hanna Tomaszewska", "Pedagogiczna Biblioteka Wojewódzka w Rzeszowie, Filia w Mielcu"),
    ("Irena Adamczyk", "Biblioteka Pedagogiczna w Przemyślu, Filia w Lubaczowie"),
    ("Lucyna Pietrzak", "Biblioteka Pedagogiczna w Krośnie, Filia w Jaśle"),
    ("Aleksandra Wieczorek", "Biblioteka Pedagogiczna w Tarnobrzegu, Filia w Nisku"),
    ("Anna Stępień", "Biblioteka Pedagogiczna w Siedlcach, Filia w Garwolinie"),
    ("Justyna Krawczyk", "Biblioteka Pedagogiczna w Kielcach, Filia w Busku-Zdroju"),
    ("Karolina Sikora", "Biblioteka Pedagogiczna w Lublinie, Filia w Opolu Lubelskim"),
    ("Natalia Baran", "Biblioteka Pedagogiczna w Zamościu, Filia w Szczebrzeszynie"),
    ("Paulina Walczak", "Biblioteka Pedagogiczna w Chełmie"),
    ("Sylwia Dudek", "Biblioteka Pedagogiczna w Białej Podlaskiej, Filia w Międzyrzecu"),
    ("Edyta Zając", "Pedagogiczna Biblioteka Wojewódzka w Rzeszowie, Filia w Leżajsku"),
    ("Wanda Król", "Biblioteka Pedagogiczna w Przemyślu, Filia w Przeworsku"),
    ("Tomasz Mazur", "Biblioteka Pedagogiczna w Lublinie"),
    ("Paweł Szewczyk", "Biblioteka Pedagogiczna w Krośnie, Filia w Brzozowie"),
    ("Andrzej Michalak", "Biblioteka Pedagogiczna w Siedlcach, Filia w Sokołowie Podlaskim"),
    ("Krzysztof Woźniak", "Biblioteka Pedagogiczna w Kielcach, Filia w Jędrzejowie"),
    ("Michał Kowalczyk", "Biblioteka Pedagogiczna w Tarnobrzegu, Filia w Sandomierzu"),
]
# Entries per month from September of the first year (the Sieć BP report's figures for
# October to June, quieter summer months, then the second year so far).
LIBRARY_VISITS = [150, 286, 235, 223, 468, 449, 474, 388, 360, 254, 35, 22, 231, 322, 296, 12]

LIBRARY_STAGES = [
    # (month, day, stage, note)
    (
        0,
        3,
        Stage.PROBING,
        "Sondujemy potrzeby bibliotek pedagogicznych regionu: ankieta i rozmowy z dyrektorami.",
    ),
    (
        0,
        29,
        Stage.TOPIC_AND_GOAL,
        "Cele i plan pracy uzgodnione na spotkaniu inauguracyjnym i w wątku na platformie.",
    ),
    (1, 20, Stage.WORKING, ""),
    (6, 16, Stage.APPLYING, "Wdrażamy wypracowane scenariusze i procedury w swoich bibliotekach."),
    (8, 25, Stage.REFLECTION, "Podsumowanie roku: ankieta końcowa i spotkanie w realu."),
    (
        12,
        7,
        Stage.TOPIC_AND_GOAL,
        "Drugi rok pracy sieci: wracamy do wyboru celów, bo w ankiecie końcowej "
        "uczestnicy poprosili o kontynuację z naciskiem na TIK.",
    ),
    (13, 5, Stage.WORKING, ""),
]

LIBRARY_GOALS = [
    # (year, title, status, description)
    (
        0,
        "Nabyć kompetencje do procesowego wspomagania szkół i placówek",
        GoalStatus.ACHIEVED,
        "Każda biblioteka przygotowuje ofertę wspomagania co najmniej jednej szkoły.",
    ),
    (
        0,
        "Przygotować się do roli koordynatora sieci współpracy i samokształcenia",
        GoalStatus.ACHIEVED,
        "",
    ),
    (
        0,
        "Stworzyć bank materiałów — dobrych praktyk (co najmniej 20)",
        GoalStatus.ACHIEVED,
        "Scenariusze, samouczki, zestawienia bibliograficzne, procedury.",
    ),
    (
        0,
        "Budować lobby na rzecz bibliotek pedagogicznych w nowym systemie doskonalenia",
        GoalStatus.IN_PROGRESS,
        "",
    ),
    (
        0,
        "Prowadzić bloga sieci",
        GoalStatus.DROPPED,
        "Zrezygnowaliśmy: wątki na platformie wystarczają, a blog nie miał czytelników.",
    ),
    (
        1,
        "TIK w pracy nauczyciela: samouczki aplikacji i scenariusze z OZE",
        GoalStatus.IN_PROGRESS,
        "",
    ),
    (1, "Zorganizować 3 sieci szkolne wspierane przez nasze biblioteki", GoalStatus.AGREED, ""),
]

LIBRARY_MEETINGS = [
    # (month, day, hour, hours, kind, form, title, place or link, expert, minutes)
    (
        0,
        24,
        10,
        4,
        MeetingKind.IN_PERSON,
        MeetingForm.GROUP_WORK,
        "Spotkanie inauguracyjne: diagnoza potrzeb i cele sieci",
        "Biblioteka Pedagogiczna w Lublinie, ul. Szkolna 2, sala 104",
        "",
        "Ustaliliśmy cele główne i szczegółowe sieci, harmonogram spotkań i zasady pracy na platformie.",
    ),
    (
        1,
        22,
        16,
        2,
        MeetingKind.ONLINE,
        MeetingForm.EXPERT_LECTURE,
        "Procesowe wspomaganie szkół — rola biblioteki pedagogicznej",
        "https://spotkania.example.org/bp-wspomaganie",
        "dr Anna Wilk",
        "Ekspertka omówiła etapy wspomagania; zadanie: opisać jedną szkołę, z którą współpracujemy.",
    ),
    (
        2,
        19,
        16,
        2,
        MeetingKind.ONLINE,
        MeetingForm.WORKSHOP,
        "Warsztat: diagnoza potrzeb szkoły",
        "https://spotkania.example.org/bp-diagnoza",
        "",
        "",
    ),
    (
        3,
        10,
        16,
        2,
        MeetingKind.ONLINE,
        MeetingForm.GOOD_PRACTICE,
        "Wymiana dobrych praktyk: lekcje biblioteczne",
        "https://spotkania.example.org/bp-praktyki",
        "",
        "",
    ),
    (
        4,
        21,
        10,
        5,
        MeetingKind.IN_PERSON,
        MeetingForm.WORKSHOP,
        "Moderowanie i motywowanie: warsztaty dla koordynatorów",
        "Biblioteka Pedagogiczna w Zamościu, ul. Partyzantów 3",
        "Marianna Hajdukiewicz",
        "Ćwiczyliśmy prowadzenie spotkań sieci i moderowanie dyskusji na forum.",
    ),
    (
        5,
        18,
        16,
        2,
        MeetingKind.ONLINE,
        MeetingForm.PANEL,
        "Dyskusja panelowa: biblioteka w nowym systemie doskonalenia",
        "https://spotkania.example.org/bp-panel",
        "",
        "",
    ),
    (
        6,
        18,
        16,
        2,
        MeetingKind.ONLINE,
        MeetingForm.CONSULTATION,
        "Konsultacje: wdrażanie scenariuszy w szkołach",
        "https://spotkania.example.org/bp-konsultacje",
        "",
        "",
    ),
    (
        7,
        15,
        16,
        2,
        MeetingKind.ONLINE,
        MeetingForm.LEARNING_BY_DOING,
        "TIK w bibliotece: tworzymy samouczki",
        "https://spotkania.example.org/bp-tik",
        "",
        "",
    ),
    (
        9,
        12,
        10,
        5,
        MeetingKind.IN_PERSON,
        MeetingForm.GOOD_PRACTICE,
        "Podsumowanie roku pracy sieci",
        "Biblioteka Pedagogiczna w Chełmie, ul. Lwowska 1",
        "",
        "Przedstawiliśmy efekty, omówiliśmy wyniki ankiety końcowej i zdecydowaliśmy o kontynuacji.",
    ),
    (
        12,
        23,
        10,
        4,
        MeetingKind.HYBRID,
        MeetingForm.GROUP_WORK,
        "Drugi rok: nowe cele i plan pracy",
        "Biblioteka Pedagogiczna w Lublinie, sala 104",
        "",
        "Przyjęliśmy dwa nowe cele; plan pracy do czerwca w zakładce „Cele i plan”.",
    ),
    (
        13,
        21,
        16,
        2,
        MeetingKind.ONLINE,
        MeetingForm.WORKSHOP,
        "Otwarte zasoby edukacyjne w pracy biblioteki",
        "https://spotkania.example.org/bp-oze",
        "dr Anna Wilk",
        "",
    ),
    (
        14,
        18,
        16,
        2,
        MeetingKind.ONLINE,
        MeetingForm.GOOD_PRACTICE,
        "Samouczki aplikacji: co się sprawdziło",
        "https://spotkania.example.org/bp-samouczki",
        "",
        "",
    ),
    (
        15,
        16,
        16,
        2,
        MeetingKind.ONLINE,
        MeetingForm.CONSULTATION,
        "Konsultacje: plan pracy na drugi semestr",
        "https://spotkania.example.org/bp-plan",
        "",
        "",
    ),
]

LIBRARY_OUTCOMES = [
    # (month, day, goal index, title, with whom, description, response, coordinator comment)
    (
        5,
        14,
        0,
        "Oferta wspomagania dla SP nr 3 w Puławach",
        "zespół nauczycieli edukacji wczesnoszkolnej",
        "Po diagnozie potrzeb przygotowałam ofertę: trzy spotkania o pracy z lekturą i zestawienie materiałów.",
        "Szkoła przyjęła ofertę; dwa spotkania już za nami.",
        "Wzorcowa diagnoza — warto pokazać ją na spotkaniu.",
    ),
    (
        6,
        9,
        2,
        "Lekcja biblioteczna „Jak szukać informacji w katalogu online”",
        "klasa 7b",
        "Scenariusz z banku sieci przeprowadzony z klasą; uczniowie pracowali w parach na tabletach.",
        "Uczniowie sami zaproponowali drugą lekcję o wiarygodności źródeł.",
        "Dziękuję! Proszę o krótki opis w wątku o lekcjach.",
    ),
    (
        6,
        25,
        0,
        "Sieć współpracy nauczycieli bibliotekarzy powiatu biłgorajskiego",
        "12 nauczycieli bibliotekarzy",
        "Założyłam lokalną sieć: pierwsze spotkanie poświęciliśmy diagnozie potrzeb czytelniczych.",
        "Duże zainteresowanie; kolejne spotkanie w maju.",
        "Świetnie — to dokładnie efekt, o który nam chodziło.",
    ),
    (
        7,
        8,
        1,
        "Moderowanie dyskusji na szkolnej platformie",
        "rada pedagogiczna",
        "Przeprowadziłam z radą pedagogiczną dyskusję online według zasad z warsztatu o moderowaniu.",
        "Więcej głosów niż na zwykłym posiedzeniu.",
        "",
    ),
    (
        7,
        20,
        2,
        "Zestawienie bibliograficzne o ocenianiu kształtującym",
        "nauczyciele SP nr 2 we Włodawie",
        "Przygotowane w sieci zestawienie udostępniłam nauczycielom razem z krótkim szkoleniem.",
        "Nauczyciele poprosili o zestawienie o tutoringu.",
        "Dopiszmy je do banku dobrych praktyk.",
    ),
    (
        8,
        6,
        3,
        "Prezentacja oferty BP na konferencji dyrektorów",
        "dyrektorzy szkół powiatu",
        "Przedstawiliśmy ofertę wspomagania bibliotek pedagogicznych regionu.",
        "Cztery szkoły zgłosiły się po wsparcie.",
        "To budowanie lobby w praktyce — gratuluję.",
    ),
    (
        8,
        19,
        2,
        "Samouczek Padletu w pracy z uczniami",
        "nauczyciele języka polskiego",
        "Na podstawie samouczka z banku poprowadziłam warsztat dla polonistów.",
        "",
        "",
    ),
    (
        9,
        2,
        0,
        "Procedura współpracy biblioteki ze szkołą",
        "dyrekcja i pracownicy biblioteki",
        "Wdrożyliśmy w filii procedurę wypracowaną w sieci: od diagnozy do ewaluacji.",
        "Procedura porządkuje pracę, ale wymaga jeszcze wzoru umowy.",
        "Wzór umowy dodamy w drugim roku.",
    ),
    (
        13,
        15,
        5,
        "Lekcja z otwartymi zasobami: licencje CC",
        "klasa 8a",
        "Uczniowie szukali zdjęć na licencjach CC do gazetki szkolnej i uczyli się je podpisywać.",
        "Gazetka ma teraz stopkę z licencjami.",
        "Bardzo dobry przykład — dodaj scenariusz do banku.",
    ),
    (
        14,
        4,
        6,
        "Pierwsze spotkanie szkolnej sieci w Tomaszowie Lubelskim",
        "8 nauczycieli z 5 szkół",
        "Ruszyła sieć nauczycieli edukacji wczesnoszkolnej wspierana przez naszą filię.",
        "Uczestnicy chcą spotykać się co miesiąc.",
        "",
    ),
    (
        14,
        16,
        5,
        "Samouczek aplikacji do tworzenia quizów w bibliotece szkolnej",
        "nauczyciele bibliotekarze gminy",
        "Przeszkoliłam bibliotekarzy szkolnych według samouczka z sieci.",
        "",
        "",
    ),
]

LIBRARY_PLAN = [
    # (month, day, goal index, title, done)
    (1, 1, 0, "Diagnoza potrzeb szkół w każdej bibliotece", True),
    (2, 1, 2, "Pierwsze scenariusze lekcji bibliotecznych w banku", True),
    (4, 15, 1, "Warsztaty z moderowania i motywowania", True),
    (6, 1, 3, "Prezentacja oferty BP dyrektorom szkół", True),
    (9, 1, 2, "Ankieta końcowa i podsumowanie roku", True),
    (13, 1, 5, "Samouczki aplikacji: podział tematów", True),
    (15, 10, 6, "Spotkania szkolnych sieci w trzech powiatach", False),
]


def library_start() -> date:
    """1 September of the school year before the current one: where the history starts."""
    today = timezone.localdate()
    return date(today.year - 1 if today.month >= 9 else today.year - 2, 9, 1)


def library_moment(month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    """A local time `month` months after the start of the history (day clamped to the month)."""
    start = library_start()
    year, month0 = start.year + (start.month - 1 + month) // 12, (start.month - 1 + month) % 12 + 1
    day = min(day, calendar.monthrange(year, month0)[1])
    return timezone.make_aware(datetime.combine(date(year, month0, day), time(hour, minute)))


def library_people(network: Network) -> tuple[User, list[User]]:
    """The coordinator and the other members, in a fixed order (the demo librarian first)."""
    coordinator = coordinators_of(network).order_by("pk").first()
    others = list(
        User.objects.filter(memberships__network=network)
        .exclude(pk=coordinator.pk)
        .order_by("email")
    )
    others.sort(key=lambda user: user.email != "bibliotekarz@example.org")
    return coordinator, others


def library_givers(members: list[User]) -> list[User]:
    """The members who write and share (about half, as in the Sieć BP report); the rest take."""
    return [user for index, user in enumerate(members) if index % 7 in (0, 1, 3, 5)]


def _library_users() -> list[User]:
    table = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")
    wanted = {
        f"{name.translate(table).lower().replace(' ', '.')}@{LIBRARY_DOMAIN}": (name, library)
        for name, library in LIBRARY_PARTICIPANTS
    }
    existing = set(User.objects.filter(email__in=wanted).values_list("email", flat=True))
    User.objects.bulk_create(
        User(
            email=email,
            display_name=name,
            institution_name=library,
            institution_type=InstitutionType.PEDAGOGICAL_LIBRARY,
            professional_role=ProfessionalRole.LIBRARIAN,
            subjects="biblioteka, czytelnictwo",
            password=make_password(None),  # no login: only the fixed demo accounts sign in
        )
        for email, (name, library) in wanted.items()
        if email not in existing
    )
    return list(User.objects.filter(email__in=wanted).order_by("email"))


@transaction.atomic
def seed_library_network() -> None:
    coordinator = User.objects.filter(email="koordynator@example.org").first()
    librarian = User.objects.filter(email="bibliotekarz@example.org").first()
    if coordinator is None or Network.objects.filter(slug=LIBRARY_SLUG).exists():
        return
    rng = random.Random(2025)
    description = (
        "Międzybiblioteczny zespół nauczycieli bibliotekarzy i dyrektorów bibliotek "
        "pedagogicznych, którzy razem uczą się **wspomagać szkoły**.\n\n"
        "Wspólnie rozwiązujemy problemy, dzielimy się pomysłami, spostrzeżeniami i "
        "propozycjami:\n\n- spotkania z ekspertem, literaturą, filmem\n"
        "- wspólna refleksja nad działaniami podejmowanymi samodzielnie\n"
        "- wzajemne wskazówki i informacja zwrotna\n"
        "- wspólnie wypracowane scenariusze, materiały i procedury"
    )
    goals = (
        "Nabywanie kompetencji do procesowego wspomagania szkół i placówek oraz do zadań "
        "koordynatorów sieci; budowanie lobby na rzecz bibliotek pedagogicznych."
    )
    start = library_start()
    network = Network.objects.create(
        slug=LIBRARY_SLUG,
        name="Biblioteki pedagogiczne wspierają szkoły",
        topic=Topic.objects.get(slug="biblioteki-wspierajace-szkoly"),
        description=description,
        description_html=render_markdown(description),
        goals=goals,
        institution_name="Biblioteka Pedagogiczna w Lublinie",
        institution_type=InstitutionType.PEDAGOGICAL_LIBRARY,
        voivodeship="lubelskie",
        visibility=Visibility.PUBLIC,
        join_policy="request",
        school_year=f"{start.year + 1}/{start.year + 2}",
        starts_on=start,
        allow_anonymous_posts=True,
        stage=LIBRARY_STAGES[-1][2],
        created_by=coordinator,
    )
    network.search_vector = search_document(network.name, network.description, network.goals)
    network.save(update_fields=["search_vector"])
    Network.objects.filter(pk=network.pk).update(created_at=library_moment(0, 3, 9))

    people = ([librarian] if librarian else []) + _library_users()
    memberships = [Membership(network=network, user=coordinator, role=Role.COORDINATOR)]
    memberships += [Membership(network=network, user=u, role=Role.PARTICIPANT) for u in people]
    Membership.objects.bulk_create(memberships)
    for index, membership in enumerate(memberships):
        # Most joined in September, a few later in the first year, three in the second.
        month = 0 if index < 30 else (index - 30) // 2 if index < 42 else 12
        membership.joined_at = library_moment(month, 5 + index % 20, 9 + index % 8)
    Membership.objects.bulk_update(memberships, ["joined_at"])
    _library_stages(network, coordinator)
    goals = _library_goals(network, coordinator, people, rng)
    _library_meetings(network, coordinator, people, rng)
    _library_outcomes(network, coordinator, people, goals)
    _library_visits(network, [coordinator, *people], rng)
    Network.objects.filter(pk=network.pk).update(member_count=len(memberships))


def _past(moment: datetime) -> bool:
    return moment < timezone.now()


def _library_stages(network: Network, coordinator: User) -> None:
    changes, previous = [], None
    for month, day, stage, note in LIBRARY_STAGES:
        moment = library_moment(month, day, 15)
        if not _past(moment):
            break
        changes.append(
            StageChange(
                network=network,
                from_stage=previous,
                to_stage=stage,
                note=note,
                changed_by=coordinator,
            )
        )
        previous = stage
    StageChange.objects.bulk_create(changes)
    for change, (month, day, *_rest) in zip(changes, LIBRARY_STAGES, strict=False):
        change.created_at = library_moment(month, day, 15)
    StageChange.objects.bulk_update(changes, ["created_at"])
    Network.objects.filter(pk=network.pk).update(stage=previous)
    ticks = [
        "needs_survey",
        "recruitment",
        "materials_shared",
        "experts_invited",
        "formative_survey",
    ]
    StageTaskTick.objects.bulk_create(
        StageTaskTick(
            network=network,
            task_key=key,
            ticked_by=coordinator,
            ticked_at=library_moment(index * 2, 28, 18),
        )
        for index, key in enumerate(ticks)
    )


def _library_goals(network, coordinator, people, rng) -> list[Goal]:
    goals = Goal.objects.bulk_create(
        Goal(network=network, title=title, description=text, status=status, position=index)
        for index, (_year, title, status, text) in enumerate(LIBRARY_GOALS)
    )
    for goal, (year, *_rest) in zip(goals, LIBRARY_GOALS, strict=True):
        goal.created_at = library_moment(12 * year, 25 if year == 0 else 20, 17)
    Goal.objects.bulk_update(goals, ["created_at"])
    agreements = []
    for goal, (_year, _title, status, _text) in zip(goals, LIBRARY_GOALS, strict=True):
        for index, person in enumerate(people):
            if rng.random() < 0.15:
                continue  # not everyone answered
            objects = status == GoalStatus.DROPPED and index % 3 == 0
            agreements.append(
                GoalAgreement(
                    goal=goal,
                    user=person,
                    agrees=not objects,
                    comment="Blog to za dużo pracy przy naszych obowiązkach." if objects else "",
                )
            )
    GoalAgreement.objects.bulk_create(agreements)
    for activity_month, day, goal_index, title, done in LIBRARY_PLAN:
        PlannedActivity.objects.create(
            network=network,
            goal=goals[goal_index],
            title=title,
            starts_on=library_moment(activity_month, day).date(),
            done=done,
        )
    PlanComment.objects.create(
        network=network,
        author=people[1] if len(people) > 1 else coordinator,
        body="Proponuję, żeby samouczki miały jeden wzór: cel, kroki, zrzuty ekranu, licencja.",
    )
    return goals


def _library_meetings(network, coordinator, people, rng) -> None:
    meetings = []
    for month, day, hour, hours, kind, form, title, where, expert, minutes in LIBRARY_MEETINGS:
        starts = library_moment(month, day, hour)
        meeting = Meeting(
            network=network,
            title=title,
            kind=kind,
            form=form,
            starts_at=starts,
            ends_at=starts + timedelta(hours=hours),
            place="" if where.startswith("https://") else where,
            online_url=where if where.startswith("https://") else "",
            expert_name=expert,
            agenda=f"1. Powitanie\n2. {title}\n3. Wnioski i zadania na kolejny miesiąc",
            minutes=minutes if _past(starts) else "",
            created_by=coordinator,
        )
        meeting.agenda_html = render_markdown(meeting.agenda)
        meeting.minutes_html = render_markdown(meeting.minutes)
        meetings.append(meeting)
    Meeting.objects.bulk_create(meetings)
    everyone = [coordinator, *people]
    attendance, log, rsvps = [], [], []
    for number, meeting in enumerate(meetings):
        if not _past(meeting.starts_at):
            continue
        meeting.created_at = meeting.starts_at - timedelta(days=21)
        meeting.attendance_taken_at = meeting.ends_at + timedelta(hours=1)
        # In person draws fewer than online; the demo librarian missed the third meeting.
        share = 0.45 if meeting.kind == MeetingKind.IN_PERSON else 0.6
        present = [
            person
            for index, person in enumerate(everyone)
            if index == 0 or (index == 1 and number != 2) or (index > 1 and rng.random() < share)
        ]
        for person in everyone:
            came = person in present
            rsvps.append(
                Rsvp(
                    meeting=meeting,
                    user=person,
                    answer=Answer.YES if came or rng.random() < 0.2 else Answer.NO,
                    answered_at=meeting.starts_at - timedelta(days=rng.randint(2, 14)),
                )
            )
        for person in present:
            attendance.append(Attendance(meeting=meeting, user=person, present=True))
            log.append(
                ActivityLog(
                    network=network,
                    user=person,
                    kind=ActivityKind.MEETING_ATTENDED,
                    object_key=f"meeting:{meeting.pk}",
                    created_at=meeting.starts_at,
                )
            )
    Meeting.objects.bulk_update(
        [m for m in meetings if _past(m.starts_at)], ["created_at", "attendance_taken_at"]
    )
    Rsvp.objects.bulk_create(rsvps)
    Attendance.objects.bulk_create(attendance)
    ActivityLog.objects.bulk_create(log)
    for meeting in meetings:
        if _past(meeting.starts_at):
            continue
        for person in everyone[:12]:
            rsvp = Rsvp.objects.create(meeting=meeting, user=person, answer=Answer.YES)
            reminders_sync(rsvp=rsvp)


def _library_outcomes(network, coordinator, people, goals) -> None:
    givers = library_givers(people)
    outcomes, log = [], []
    for index, (month, day, goal, title, whom, text, response, comment) in enumerate(
        LIBRARY_OUTCOMES
    ):
        applied = library_moment(month, day, 10)
        if not _past(applied):
            continue
        outcome = Outcome(
            network=network,
            author=givers[(index * 3) % len(givers)],
            title=title,
            description=text,
            description_html=render_markdown(text),
            applied_on=applied.date(),
            with_whom=whom,
            goal=goals[goal],
            response=response,
            coordinator_comment=comment,
            commented_by=coordinator if comment else None,
            commented_at=applied + timedelta(days=3) if comment else None,
        )
        outcomes.append(outcome)
    Outcome.objects.bulk_create(outcomes)
    for outcome in outcomes:
        outcome.created_at = timezone.make_aware(
            datetime.combine(outcome.applied_on, time(19, 0))
        ) + timedelta(days=1)
        log.append(
            ActivityLog(
                network=network,
                user=outcome.author,
                kind=ActivityKind.OUTCOME,
                object_key=f"outcome:{outcome.pk}",
                created_at=outcome.created_at,
            )
        )
    Outcome.objects.bulk_update(outcomes, ["created_at"])
    ActivityLog.objects.bulk_create(log)


def _library_visits(network, everyone, rng) -> None:
    """Entries to the network, month by month, one per person and day at most."""
    # Some people come often, some rarely: weights from 1 to 8.
    weights = [8, 8, *(rng.choice((1, 1, 2, 3, 4, 6, 8)) for _person in everyone[2:])]
    now = timezone.now()
    entries, last_visit = [], {}
    for month, target in enumerate(LIBRARY_VISITS):
        first = library_moment(month, 1, 0)
        days = calendar.monthrange(first.year, first.month)[1]
        seen = set()
        for _attempt in range(target * 3):
            if len(seen) >= target:
                break
            person = rng.choices(range(len(everyone)), weights)[0]
            moment = first + timedelta(
                days=rng.randrange(days), hours=rng.randint(7, 21), minutes=rng.randrange(60)
            )
            day = timezone.localdate(moment)
            if moment >= now or (person, day) in seen:
                continue
            seen.add((person, day))
            entries.append(
                ActivityLog(
                    network=network,
                    user=everyone[person],
                    kind=ActivityKind.VISIT,
                    day=day,
                    created_at=moment,
                )
            )
            last_visit[person] = max(moment, last_visit.get(person, moment))
    ActivityLog.objects.bulk_create(entries)
    for person, moment in last_visit.items():
        Membership.objects.filter(network=network, user=everyone[person]).update(
            last_visited_at=moment
        )
