"""Fill the database with realistic Polish data at a chosen scale, fast and deterministically.

    .venv/bin/python manage.py generate_data --scale small|large [--seed 1] [--reset]
    .venv/bin/python bench/generate.py --scale small|large [--seed 1] [--reset]   (the same)

Why it looks the way it does:
* The same seed gives the same rows (one random.Random drives everything and
  identity sequences restart on --reset), so figures from two runs compare.
* Speed: rows go in with bulk_create in large batches, and the two biggest
  tables (forum posts and the activity log) with COPY. Expensive derived
  columns (rendered HTML, search documents) are computed once for a pool of
  bodies and reused; every user shares one precomputed password hash.
* Derived columns are filled as the services would fill them (post numbers,
  thread counters and last activity, search vectors, member_count, survey
  response counts, calendar feed tokens), so pages behave as in production.
* A known network "siec-testowa-wydajnosci" is guaranteed: the bench users
  (bench1@example.org …) coordinate it and the member bench users
  (bench-member1@example.org …) take part in it as plain participants; it has
  a thread of exactly 1,000 posts, meetings, a closed survey with results and
  published materials.
"""

import argparse
import os
import random
import sys
import time
import uuid
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
if __name__ == "__main__":
    # Run as a script, Django is set up here; imported by the generate_data command
    # it already is, and importing must not change the process's environment.
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # A command-line tool, not a server: the local settings are enough.
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone, translation  # noqa: E402
from django.utils.text import slugify  # noqa: E402

from accounts.models import InstitutionType, ProfessionalRole, User, Voivodeship  # noqa: E402
from core.markdown import render_markdown  # noqa: E402
from core.search import search_document  # noqa: E402
from evaluation.models import (  # noqa: E402
    Participation,
    Question,
    QuestionKind,
    Survey,
)
from evaluation.survey_templates import TEMPLATES_BY_KEY  # noqa: E402
from forums.models import ReadState, Subscription, Thread  # noqa: E402
from networks.models import (  # noqa: E402
    ActivityKind,
    CalendarFeed,
    JoinPolicy,
    Meeting,
    MeetingForm,
    MeetingKind,
    Membership,
    Network,
    Role,
    Rsvp,
    StageChange,
    Topic,
    Visibility,
)
from notifications.models import (  # noqa: E402
    Category,
    Frequency,
    NetworkMute,
    Notification,
    Preference,
)
from resources.models import (  # noqa: E402
    EducationLevel,
    Licence,
    Rating,
    Resource,
    ResourceFile,
    ResourceType,
    Status,
    Subject,
)

SCALES = {
    "small": {
        "users": 500,
        "networks": 20,
        "posts": 5_000,
        "resources": 1_000,
        "surveys": 20,
        "events": 20_000,
    },
    "large": {
        "users": 20_000,
        "networks": 600,
        "posts": 300_000,
        "resources": 50_000,
        "surveys": 500,
        "events": 1_000_000,
    },
}
BENCH_USERS = 50
BENCH_EMAIL = "bench{}@example.org"
# As many plain participants of the bench network, so each page is measured for both roles.
BENCH_MEMBERS = 50
BENCH_MEMBER_EMAIL = "bench-member{}@example.org"
BENCH_PASSWORD = "sieci-bench-2026"  # noqa: S105 (test data)
BENCH_NETWORK = "siec-testowa-wydajnosci"
BIG_THREAD_POSTS = 1_000
BATCH = 5_000
NOW = timezone.now().replace(microsecond=0)

# --- Polish vocabulary ----------------------------------------------------------------------

FIRST_F = [
    "Anna",
    "Maria",
    "Katarzyna",
    "Małgorzata",
    "Agnieszka",
    "Barbara",
    "Ewa",
    "Krystyna",
    "Elżbieta",
    "Joanna",
    "Magdalena",
    "Monika",
    "Dorota",
    "Beata",
    "Justyna",
    "Aleksandra",
    "Iwona",
    "Renata",
    "Grażyna",
    "Paulina",
]  # noqa: E501
FIRST_M = [
    "Piotr",
    "Krzysztof",
    "Tomasz",
    "Paweł",
    "Andrzej",
    "Marcin",
    "Michał",
    "Grzegorz",
    "Jan",
    "Marek",
    "Łukasz",
    "Adam",
    "Rafał",
    "Wojciech",
    "Jakub",
    "Mariusz",
    "Dariusz",
    "Robert",
    "Mateusz",
    "Sławomir",
]  # noqa: E501
LAST = [
    "Nowak",
    "Kowalsk",
    "Wiśniewsk",
    "Wójcik",
    "Kowalczyk",
    "Kamińsk",
    "Lewandowsk",
    "Zielińsk",
    "Szymańsk",
    "Woźniak",
    "Dąbrowsk",
    "Kozłowsk",
    "Jankowsk",
    "Mazur",
    "Kwiatkowsk",
    "Krawczyk",
    "Piotrowsk",
    "Grabowsk",
    "Nowakowsk",
    "Pawłowsk",
    "Michalsk",
    "Nowicki",
    "Adamczyk",
    "Dudek",
    "Zając",
    "Wieczorek",
    "Jabłońsk",
    "Król",
    "Majewsk",
    "Olszewsk",
]  # noqa: E501
TOWNS = [
    "Warszawa",
    "Kraków",
    "Łódź",
    "Wrocław",
    "Poznań",
    "Gdańsk",
    "Szczecin",
    "Bydgoszcz",
    "Lublin",
    "Białystok",
    "Katowice",
    "Gdynia",
    "Częstochowa",
    "Radom",
    "Toruń",
    "Kielce",
    "Rzeszów",
    "Gliwice",
    "Zabrze",
    "Olsztyn",
    "Opole",
    "Tarnów",
    "Płock",
    "Elbląg",
    "Siedlce",
    "Zamość",
    "Chełm",
    "Suwałki",
    "Nowy",
    "Sącz",
    "Przemyśl",
]  # noqa: E501
SUBJECTS = [
    "matematyka",
    "język polski",
    "historia",
    "biologia",
    "chemia",
    "fizyka",
    "geografia",
    "informatyka",
    "język angielski",
    "edukacja wczesnoszkolna",
    "plastyka",
    "muzyka",
    "wychowanie fizyczne",
    "etyka",
    "biblioteka",
]  # noqa: E501
SCHOOLS = [
    "Szkoła Podstawowa nr {n} im. Marii Konopnickiej",
    "Szkoła Podstawowa nr {n} im. Jana Pawła II",
    "Zespół Szkół Ogólnokształcących nr {n}",
    "Liceum Ogólnokształcące nr {n} im. Adama Mickiewicza",
    "Przedszkole Publiczne nr {n}",
    "Technikum nr {n}",
    "Szkoła Podstawowa nr {n} z Oddziałami Integracyjnymi",
]
CENTRES = [
    ("Ośrodek Doskonalenia Nauczycieli w {town}", InstitutionType.TEACHER_TRAINING_CENTRE),
    ("Poradnia Psychologiczno-Pedagogiczna nr {n} w {town}", InstitutionType.COUNSELLING_CENTRE),
    ("Biblioteka Pedagogiczna w {town}", InstitutionType.PEDAGOGICAL_LIBRARY),
    ("Centrum Edukacji Nauczycieli w {town}", InstitutionType.TEACHER_TRAINING_CENTRE),
]
OPENINGS = [
    "Dziękuję za ciekawy wątek.",
    "U mnie w klasie sprawdziło się coś podobnego.",
    "Mam pytanie do osób, które już to testowały.",
    "Po ostatnim spotkaniu sieci wypróbowałam tę metodę.",
    "Podzielę się doświadczeniem z naszej szkoły.",
    "Zgadzam się z przedmówczynią, ale dodam jedną rzecz.",
    "Wracam z informacją zwrotną po lekcji otwartej.",
]
SENTENCES = [
    "Uczniowie pracowali w parach nad zadaniami tekstowymi i sami sprawdzali wyniki.",
    "Karty pracy przygotowałam w dwóch wersjach, dla szybszych i wolniejszych zespołów.",
    "Najwięcej trudności sprawiło uczniom uzasadnianie odpowiedzi własnymi słowami.",
    "Ocenianie kształtujące pozwala szybciej zauważyć, kto potrzebuje wsparcia.",
    "Wykorzystaliśmy fragment filmu jako punkt wyjścia do dyskusji o emocjach.",
    "Biblioteka szkolna udostępniła nam zestaw lektur do pracy w grupach.",
    "Dzieci z klas młodszych chętnie uczą się przez zabawę i ruch.",
    "Warto ustalić z uczniami kryteria sukcesu jeszcze przed rozpoczęciem pracy.",
    "Projekt edukacyjny trwał trzy tygodnie i zakończył się prezentacją dla rodziców.",
    "Tablica interaktywna przydała się przy wspólnym rozwiązywaniu łamigłówek.",
    "Otwarte zasoby edukacyjne oszczędzają czas, ale trzeba je dostosować do klasy.",
    "Rodzice docenili krótkie informacje o postępach przesyłane co tydzień.",
    "Myślenie twórcze ćwiczymy metodą burzy mózgów i mapami myśli.",
    "Po lekcji uczniowie zapisywali na karteczkach, czego się nauczyli.",
    "Konsultacja z doradczynią metodyczną pomogła mi uporządkować scenariusz.",
    "W przyszłym semestrze chcemy wymienić się lekcjami pokazowymi między szkołami.",
    "Czytanie na głos w małych grupach poprawiło rozumienie tekstu.",
    "Zadania z kodowania na dywanie świetnie łączą matematykę z informatyką.",
    "Ewaluacja po spotkaniu pokazała, że potrzebujemy więcej czasu na pracę własną.",
    "Proponuję, żebyśmy na następnym spotkaniu omówili przykłady prac uczniów.",
]
LIST_ITEMS = [
    "krótka rozgrzewka na początek",
    "praca w grupach czteroosobowych",
    "wspólne podsumowanie na tablicy",
    "karta samooceny dla ucznia",
    "zadanie domowe do wyboru",
    "informacja zwrotna od kolegi",
]
THREAD_TITLES = [
    "Jak motywować uczniów do czytania lektur?",
    "Ocenianie kształtujące w klasach 1–3",
    "Scenariusze lekcji z wykorzystaniem gier planszowych",
    "Praca z uczniem o specjalnych potrzebach edukacyjnych",
    "Tablety na lekcji matematyki – doświadczenia",
    "Pomysły na lekcję z filmem krótkometrażowym",
    "Współpraca z biblioteką pedagogiczną",
    "Zadania otwarte a myślenie twórcze",
    "Jak prowadzić lekcję odwróconą?",
    "Materiały do nauki programowania bez komputera",
    "Organizacja spotkania sieci w szkole",
    "Wymiana kart pracy na nowy semestr",
    "Projekt edukacyjny o lokalnej historii",
    "Jak rozmawiać z rodzicami o postępach dziecka?",
    "Gry dydaktyczne na przerwach",
]
RESOURCE_TITLES = [
    "Scenariusz lekcji: {subject} w klasie {grade}",
    "Karta pracy – {subject}, klasa {grade}",
    "Prezentacja do lekcji: {subject}",
    "Dobra praktyka: {topic} w naszej szkole",
    "Bibliografia: {topic}",
    "Poradnik dla nauczyciela – {topic}",
    "Narzędzie do oceniania: {subject}, klasa {grade}",
    "Procedura pracy w grupach – {subject}",
]
MEETING_TITLES = [
    "Spotkanie otwierające sieć",
    "Warsztaty: ocenianie kształtujące",
    "Lekcja pokazowa i omówienie",
    "Panel dyskusyjny z ekspertką",
    "Wymiana dobrych praktyk",
    "Konsultacje przed ewaluacją",
    "Podsumowanie semestru",
]
NETWORK_NAMES = [
    "Sieć współpracy i samokształcenia: {topic}",
    "{topic} – sieć nauczycieli z regionu {town}",
    "Nauczyciele razem: {topic}",
]
TAGS = [
    "ocenianie kształtujące",
    "praca w grupach",
    "gry",
    "lektury",
    "kodowanie",
    "eksperyment",
    "projekt",
    "film",
    "emocje",
    "czytanie",
    "zadania otwarte",
    "samoocena",
]  # noqa: E501

# Tiny but valid files many material rows point at (written once into PRIVATE_MEDIA_ROOT).
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n170\n%%EOF\n"
)
TXT_BYTES = "Scenariusz lekcji – notatki nauczyciela.\nCel: uczeń rozumie ułamki.\n".encode()
FILES = [
    ("bench/scenariusz-lekcji.pdf", "scenariusz-lekcji.pdf", "pdf", "application/pdf", PDF_BYTES),
    ("bench/notatki.txt", "notatki.txt", "txt", "text/plain; charset=utf-8", TXT_BYTES),
]


# --- helpers ------------------------------------------------------------------------------------


@contextmanager
def timed(label: str):
    """Print how long one table (or step) took; the report the issue asks for."""
    started = time.perf_counter()
    result = {"rows": 0}
    yield result
    seconds = time.perf_counter() - started
    print(f"  {label:<28} {result['rows']:>10,} rows {seconds:8.1f} s", flush=True)


def copy_rows(table: str, columns: list[str], rows) -> int:
    """COPY rows (an iterable of tuples) into a table: the fastest way in for big tables."""
    count = 0
    with connection.cursor() as cursor:
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def bulk(model, objects) -> int:
    """bulk_create in large batches; returns how many rows went in."""
    objects = list(objects)
    model.objects.bulk_create(objects, batch_size=BATCH)
    return len(objects)


def tsvectors(documents: list[str]) -> list[str]:
    """to_tsvector('simple', …) of each document, as text, as the forum service stores it."""
    result: list[str] = []
    with connection.cursor() as cursor:
        for start in range(0, len(documents), BATCH):
            chunk = documents[start : start + BATCH]
            cursor.execute(
                "SELECT to_tsvector('simple', d)::text FROM unnest(%s::text[])"
                " WITH ORDINALITY AS t(d, n) ORDER BY n",
                [chunk],
            )
            result.extend(row[0] for row in cursor.fetchall())
    return result


def join_documents(*documents: str) -> str:
    """search_document(a, b) equals the documents of a and b joined: reuse precomputed ones."""
    return " ".join(document for document in documents if document)


def past(rng: random.Random, days: int = 365) -> datetime:
    return NOW - timedelta(seconds=rng.randrange(days * 86_400))


def polish_person(rng: random.Random) -> tuple[str, str]:
    """A display name with the surname in the right gender ("Kowalska", "Kowalski")."""
    female = rng.random() < 0.8  # most Polish teachers are women
    first = rng.choice(FIRST_F if female else FIRST_M)
    last = rng.choice(LAST)
    if last.endswith("sk") or last.endswith("ck"):
        last += "a" if female else "i"
    return first, last


def ascii_slug(text: str) -> str:
    return slugify(text.replace("ł", "l").replace("Ł", "L"))


# --- pools of content ----------------------------------------------------------------------------


class Pool:
    """Bodies rendered once (HTML and search document) and reused by many rows."""

    def __init__(self, rng: random.Random, size: int = 200):
        self.bodies = [self._body(rng) for _ in range(size)]
        self.html = [render_markdown(body) for body in self.bodies]
        self.documents = [search_document(body) for body in self.bodies]
        self.vectors = tsvectors(self.documents)
        self.title_documents = {title: search_document(title) for title in THREAD_TITLES}

    @staticmethod
    def _body(rng: random.Random) -> str:
        parts = [rng.choice(OPENINGS), " ".join(rng.sample(SENTENCES, rng.randint(2, 5)))]
        if rng.random() < 0.3:
            parts.append("\n".join(f"- {item}" for item in rng.sample(LIST_ITEMS, 3)))
        if rng.random() < 0.3:
            parts.append(f"**Wniosek:** {rng.choice(SENTENCES).lower()}")
        return "\n\n".join(parts)

    def pick(self, rng: random.Random) -> int:
        return rng.randrange(len(self.bodies))


# --- the generator -----------------------------------------------------------------------------


class Generator:
    def __init__(self, scale: str, seed: int):
        self.size = SCALES[scale]
        self.rng = random.Random(seed)
        self.password = make_password(BENCH_PASSWORD)
        self.topics = list(Topic.objects.all())
        self.subjects = list(Subject.objects.all())

    def run(self) -> None:
        steps = [
            self.pool,
            self.users,
            self.networks,
            self.memberships,
            self.meetings,
            self.threads_and_posts,
            self.resources,
            self.surveys,
            self.activity,
            self.notifications,
            self.preferences,
        ]
        for step in steps:
            step()

    def pool(self) -> None:
        with timed("content pool (render)") as t:
            self.content = Pool(self.rng)
            t["rows"] = len(self.content.bodies)

    # --- accounts ---

    def users(self) -> None:
        rng = self.rng
        with timed("accounts_user") as t:
            users = []
            for i in range(1, self.size["users"] + 1):
                first, last = polish_person(rng)
                bench = i <= BENCH_USERS
                if bench:
                    email = BENCH_EMAIL.format(i)
                elif i <= BENCH_USERS + BENCH_MEMBERS:
                    email = BENCH_MEMBER_EMAIL.format(i - BENCH_USERS)
                else:
                    email = f"{ascii_slug(first)}.{ascii_slug(last)}.{i}@szkola.example.pl"
                town = rng.choice(TOWNS)
                users.append(
                    User(
                        email=email,
                        password=self.password,
                        display_name=f"{first} {last}",
                        institution_name=rng.choice(SCHOOLS).format(n=rng.randint(1, 60))
                        + f" w {town}",
                        institution_type=InstitutionType.SCHOOL,
                        professional_role=rng.choice(ProfessionalRole.values),
                        subjects=", ".join(rng.sample(SUBJECTS, rng.randint(1, 2))),
                        voivodeship=rng.choice(Voivodeship.values),
                        town=town,
                        language="pl",
                        can_create_networks=bench,
                        date_joined=past(rng, 700),
                    )
                )
            t["rows"] = bulk(User, users)
        self.user_ids = list(User.objects.order_by("pk").values_list("pk", flat=True))
        self.bench_ids = self.user_ids[:BENCH_USERS]
        self.bench_member_ids = self.user_ids[BENCH_USERS : BENCH_USERS + BENCH_MEMBERS]
        with timed("account_emailaddress") as t:
            t["rows"] = self._verified_emails()
        with timed("networks_calendarfeed") as t:
            # Bench users (both roles) and every tenth other person subscribe to their calendar.
            rest = BENCH_USERS + BENCH_MEMBERS
            owners = self.bench_ids + self.bench_member_ids + self.user_ids[rest::10]
            t["rows"] = bulk(
                CalendarFeed,
                (CalendarFeed(user_id=pk, token=f"{rng.getrandbits(192):048x}") for pk in owners),
            )

    def _verified_emails(self) -> int:
        """Bench users may also log in by hand (allauth wants a verified address)."""
        from allauth.account.models import EmailAddress

        addresses = [
            (pk, BENCH_EMAIL.format(i)) for i, pk in enumerate(self.bench_ids, start=1)
        ] + [
            (pk, BENCH_MEMBER_EMAIL.format(i))
            for i, pk in enumerate(self.bench_member_ids, start=1)
        ]
        return bulk(
            EmailAddress,
            (
                EmailAddress(user_id=pk, email=email, verified=True, primary=True)
                for pk, email in addresses
            ),
        )

    # --- networks ---

    def networks(self) -> None:
        rng = self.rng
        with timed("networks_network") as t:
            networks = []
            for i in range(self.size["networks"]):
                topic = rng.choice(self.topics)
                town = rng.choice(TOWNS)
                if i == 0:
                    name, slug = "Sieć testowa wydajności – ocenianie kształtujące", BENCH_NETWORK
                else:
                    name = rng.choice(NETWORK_NAMES).format(topic=topic.name, town=town)
                    slug = f"{ascii_slug(name)[:60].strip('-')}-{i}"
                template, kind = rng.choice(CENTRES)
                body = self.content.pick(rng)
                goals = (
                    "Chcemy wspólnie przygotować i sprawdzić w praktyce nowe scenariusze lekcji."
                )
                starts = date(2026, 9, 1) - timedelta(days=rng.randrange(400))
                networks.append(
                    Network(
                        name=name,
                        slug=slug,
                        topic=topic,
                        description=self.content.bodies[body],
                        description_html=self.content.html[body],
                        goals=goals,
                        institution_name=template.format(town=town, n=rng.randint(1, 9)),
                        institution_type=kind,
                        voivodeship=rng.choice(Voivodeship.values),
                        visibility=Visibility.PUBLIC
                        if i == 0 or rng.random() < 0.8
                        else Visibility.HIDDEN,
                        join_policy=rng.choice(JoinPolicy.values),
                        school_year="2026/2027",
                        starts_on=starts,
                        ends_on=starts + timedelta(days=300),
                        allow_anonymous_posts=rng.random() < 0.3,
                        stage=2 if i == 0 else rng.randrange(5),
                        created_by_id=self.bench_ids[0] if i == 0 else rng.choice(self.user_ids),
                        search_vector=join_documents(
                            search_document(name),
                            self.content.documents[body],
                            search_document(goals),
                        ),
                    )
                )
            t["rows"] = bulk(Network, networks)
        self.network_ids = list(Network.objects.order_by("pk").values_list("pk", flat=True))
        self.bench_network = self.network_ids[0]
        with timed("networks_stagechange") as t:
            t["rows"] = bulk(
                StageChange,
                (
                    StageChange(network_id=pk, to_stage=0, changed_by_id=self.bench_ids[0])
                    for pk in self.network_ids
                ),
            )

    def memberships(self) -> None:
        """Everyone joins 1–4 networks; bench users join the bench network and 4 more.

        The bench users coordinate the bench network, the member bench users are its
        plain participants.
        """
        rng = self.rng
        members: dict[int, list[tuple[int, str]]] = {pk: [] for pk in self.network_ids}
        coordinators, plain = set(self.bench_ids), set(self.bench_member_ids)
        for user in self.user_ids:
            if user in coordinators or user in plain:
                chosen = [self.bench_network, *rng.sample(self.network_ids[1:], 4)]
            else:
                chosen = rng.sample(self.network_ids, rng.randint(1, 4))
            for network in chosen:
                role = Role.PARTICIPANT
                if network == self.bench_network and user in coordinators:
                    role = Role.COORDINATOR
                elif network == self.bench_network and user in plain:
                    role = Role.PARTICIPANT
                elif rng.random() < 0.03:
                    role = rng.choice([Role.COORDINATOR, Role.EXPERT])
                members[network].append((user, role))
        self.members = {network: [user for user, _ in rows] for network, rows in members.items()}
        with timed("networks_membership") as t:
            t["rows"] = bulk(
                Membership,
                (
                    Membership(
                        network_id=network, user_id=user, role=role, last_visited_at=past(rng, 30)
                    )
                    for network, rows in members.items()
                    for user, role in rows
                ),
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE networks_network n SET member_count = m.count FROM "
                    "(SELECT network_id, count(*) FROM networks_membership GROUP BY network_id) m "
                    "WHERE m.network_id = n.id"
                )

    def meetings(self) -> None:
        rng = self.rng
        agenda = self.content.pick(rng)
        with timed("networks_meeting") as t:
            meetings = []
            for network in self.network_ids:
                count = 20 if network == self.bench_network else rng.randint(2, 8)
                for k in range(count):
                    starts = NOW + timedelta(days=rng.randint(-200, 90), hours=rng.randint(0, 8))
                    starts = starts.replace(minute=0, second=0)
                    meetings.append(
                        Meeting(
                            network_id=network,
                            uid=uuid.UUID(int=rng.getrandbits(128), version=4),
                            title=rng.choice(MEETING_TITLES),
                            kind=rng.choice(MeetingKind.values),
                            form=rng.choice(MeetingForm.values),
                            starts_at=starts,
                            ends_at=starts + timedelta(minutes=90),
                            place=f"{rng.choice(SCHOOLS).format(n=rng.randint(1, 40))}, sala {k + 1}",
                            online_url="https://meet.example.org/siec"
                            if rng.random() < 0.5
                            else "",
                            agenda=self.content.bodies[agenda],
                            agenda_html=self.content.html[agenda],
                            created_by_id=rng.choice(self.members[network] or self.bench_ids),
                        )
                    )
            t["rows"] = bulk(Meeting, meetings)
            # Scheduled (and last changed) 1–30 days before they start, not all at NOW (the
            # auto_now columns): the digest's "meetings ahead" lists those changed lately.
            ids = list(Meeting.objects.order_by("pk").values_list("pk", flat=True))
            made = [
                min(
                    NOW,
                    meeting.starts_at
                    - timedelta(days=rng.randint(1, 30), hours=rng.randint(0, 23)),
                )
                for meeting in meetings
            ]
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE networks_meeting m SET created_at = v.at, updated_at = v.at FROM "
                    "unnest(%s::bigint[], %s::timestamptz[]) AS v(id, at) WHERE v.id = m.id",
                    [ids, made],
                )
        bench_meetings = Meeting.objects.filter(network_id=self.bench_network).values_list(
            "pk", flat=True
        )
        with timed("networks_rsvp") as t:
            t["rows"] = bulk(
                Rsvp,
                (
                    Rsvp(
                        meeting_id=meeting,
                        user_id=user,
                        answer=rng.choice(["yes", "yes", "maybe", "no"]),
                    )
                    for meeting in bench_meetings
                    for user in rng.sample(
                        self.members[self.bench_network],
                        min(30, len(self.members[self.bench_network])),
                    )
                ),
            )

    # --- forums ---

    def threads_and_posts(self) -> None:
        """Threads first (sizes decided up front), then all posts through one COPY."""
        rng = self.rng
        sizes = self._thread_sizes()
        with timed("forums_thread") as t:
            threads = []
            for network, count in sizes:
                title = rng.choice(THREAD_TITLES)
                if count == BIG_THREAD_POSTS:
                    title = "Ocenianie kształtujące na co dzień – wymiana doświadczeń"
                started = past(rng, 300)
                threads.append(
                    Thread(
                        network_id=network,
                        title=title,
                        author_id=rng.choice(self.members[network]),
                        created_at=started,
                        last_post_at=started,
                        last_number=count,
                        post_count=count,
                    )
                )
            t["rows"] = bulk(Thread, threads)
        self.threads = list(
            Thread.objects.order_by("pk").values_list(
                "pk", "network_id", "title", "author_id", "created_at", "last_number"
            )
        )
        self.big_thread = next(pk for pk, *_rest, n in self.threads if n == BIG_THREAD_POSTS)
        first_vectors = self._first_post_vectors()
        with timed("forums_post (COPY)") as t:
            last_post_at = {}
            t["rows"] = copy_rows(
                "forums_post",
                [
                    "thread_id",
                    "number",
                    "author_id",
                    "is_anonymous",
                    "body",
                    "body_html",
                    "status",
                    "created_at",
                    "hidden_reason",
                    "search_vector",
                ],
                self._post_rows(first_vectors, last_post_at),
            )
            self._set_last_post_at(last_post_at)
        self._followers()

    def _thread_sizes(self) -> list[tuple[int, int]]:
        """(network, number of posts) per thread: one of exactly 1,000 posts, the rest 1–60."""
        rng = self.rng
        sizes = [(self.bench_network, BIG_THREAD_POSTS)]
        remaining = self.size["posts"] - BIG_THREAD_POSTS
        while remaining > 0:
            count = min(remaining, max(1, int(rng.expovariate(1 / 18))), 60)
            network = self.bench_network if rng.random() < 0.05 else rng.choice(self.network_ids)
            if not self.members[network]:
                continue
            sizes.append((network, count))
            remaining -= count
        return sizes

    def _first_post_vectors(self) -> dict[int, str]:
        """A thread's first post is searched by the thread title too (as forums.services does)."""
        bodies = {pk: self.rng.randrange(len(self.content.bodies)) for pk, *_ in self.threads}
        self.first_body = bodies
        documents = [
            join_documents(
                self.content.title_documents.get(title) or search_document(title),
                self.content.documents[bodies[pk]],
            )
            for pk, _network, title, *_ in self.threads
        ]
        return dict(zip([row[0] for row in self.threads], tsvectors(documents), strict=True))

    def _post_rows(self, first_vectors: dict[int, str], last_post_at: dict[int, datetime]):
        rng, content = self.rng, self.content
        for pk, network, _title, author, created, count in self.threads:
            people = self.members[network]
            when = created
            # 5 to 600 minutes between posts; a thread that would run past NOW is told faster
            # (not piled up at NOW), so the last day holds a day's posts, as digests expect.
            gaps = [rng.randint(5, 600) for _ in range(count)]
            speed = min(1.0, (NOW - created).total_seconds() / 60 / (sum(gaps[:-1]) or 1))
            for number in range(1, count + 1):
                body = self.first_body[pk] if number == 1 else content.pick(rng)
                vector = first_vectors[pk] if number == 1 else content.vectors[body]
                writer = author if number == 1 else rng.choice(people)
                yield (
                    pk,
                    number,
                    writer,
                    False,
                    content.bodies[body],
                    content.html[body],
                    "published",
                    when,
                    "",
                    vector,
                )
                last_post_at[pk] = when
                when = min(NOW, when + timedelta(minutes=gaps[number - 1] * speed))

    def _set_last_post_at(self, last_post_at: dict[int, datetime]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE forums_thread t SET last_post_at = v.at FROM "
                "unnest(%s::bigint[], %s::timestamptz[]) AS v(id, at) WHERE v.id = t.id",
                [list(last_post_at), list(last_post_at.values())],
            )

    def _followers(self) -> None:
        """Authors follow their threads; bench users follow and have read half the big thread."""
        readers = self.bench_ids + self.bench_member_ids
        subscriptions = {(author, pk) for pk, _n, _t, author, _c, _l in self.threads if author}
        subscriptions.update((user, self.big_thread) for user in readers)
        with timed("forums_subscription") as t:
            t["rows"] = bulk(
                Subscription,
                (Subscription(user_id=u, thread_id=th) for u, th in sorted(subscriptions)),
            )
        with timed("forums_readstate") as t:
            t["rows"] = bulk(
                ReadState,
                (
                    ReadState(user_id=u, thread_id=self.big_thread, last_read_number=500)
                    for u in readers
                ),
            )

    # --- resources ---

    def resources(self) -> None:
        rng, content = self.rng, self.content
        self._write_files()
        subject_documents = {s.pk: search_document(s.name) for s in self.subjects}
        with timed("resources_resource") as t:
            rows, links, added = [], [], []
            for i in range(self.size["resources"]):
                network = self.bench_network if i < 50 else rng.choice(self.network_ids)
                subject = rng.choice(self.subjects)
                title = rng.choice(RESOURCE_TITLES).format(
                    subject=subject.name.lower(),
                    grade=rng.randint(1, 8),
                    topic=rng.choice(self.topics).name.lower(),
                )
                tags = rng.sample(TAGS, rng.randint(0, 3))
                body = content.pick(rng)
                title_document = search_document(title)
                published = rng.random() < 0.7
                created = past(rng, 600)
                added.append(created)
                links.append(subject.pk)
                rows.append(
                    Resource(
                        network_id=network,
                        author_id=rng.choice(self.members[network] or self.bench_ids),
                        title=title,
                        description=content.bodies[body],
                        description_html=content.html[body],
                        resource_type=ResourceType.LESSON_SCENARIO
                        if title.startswith("Scenariusz")
                        else rng.choice(ResourceType.values),
                        levels=rng.sample(EducationLevel.values, rng.randint(1, 2)),
                        topic=rng.choice(self.topics),
                        tags=tags,
                        licence=rng.choice(Licence.values),
                        status=Status.PUBLISHED if published else Status.NETWORK,
                        published_at=created + timedelta(days=3) if published else None,
                        search_vector=join_documents(
                            title_document,
                            title_document,
                            search_document(" ".join(tags)),
                            subject_documents[subject.pk],
                            content.documents[body],
                        ),
                    )
                )
            t["rows"] = bulk(Resource, rows)
        ids = list(Resource.objects.order_by("pk").values_list("pk", flat=True))
        with connection.cursor() as cursor:
            # created_at is auto_now_add, which bulk_create fills with now: spread it as made.
            cursor.execute(
                "UPDATE resources_resource r SET created_at = v.at FROM "
                "unnest(%s::bigint[], %s::timestamptz[]) AS v(id, at) WHERE v.id = r.id",
                [ids, added],
            )
        with timed("resources_resource_subjects") as t:
            t["rows"] = copy_rows(
                "resources_resource_subjects",
                ["resource_id", "subject_id"],
                zip(ids, links, strict=True),
            )
        with timed("resources_resourcefile") as t:
            files = []
            for pk in ids:
                if rng.random() < 0.8:
                    path, name, kind, content_type, data = rng.choice(FILES)
                    files.append(
                        ResourceFile(
                            resource_id=pk,
                            file=path,
                            name=name,
                            kind=kind,
                            content_type=content_type,
                            size=len(data),
                        )
                    )
            t["rows"] = bulk(ResourceFile, files)
        self._ratings(ids)

    def _write_files(self) -> None:
        for path, _name, _kind, _type, data in FILES:
            target = Path(settings.PRIVATE_MEDIA_ROOT) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)

    def _ratings(self, ids: list[int]) -> None:
        rng = self.rng
        with timed("resources_rating") as t:
            ratings = []
            for pk in ids:
                for user in rng.sample(self.user_ids, rng.choice([0, 0, 1, 2, 3])):
                    ratings.append(Rating(resource_id=pk, user_id=user, stars=rng.randint(3, 5)))
            t["rows"] = bulk(Rating, ratings)
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE resources_resource r SET rating_count = s.n, rating_sum = s.total, "
                    "rating_average = s.total::float / s.n FROM (SELECT resource_id, count(*) n, "
                    "sum(stars) total FROM resources_rating GROUP BY resource_id) s WHERE s.resource_id = r.id"
                )

    # --- evaluation ---

    def surveys(self) -> None:
        """Surveys from the formative template; the first is the bench network's closed survey."""
        rng = self.rng
        with translation.override("pl"):
            template = TEMPLATES_BY_KEY["formative"]
            questions = [
                (q.key, q.kind, str(q.text), [str(o) for o in q.options])
                for q in template.questions
            ]
            title = str(template.title)
        with timed("evaluation_survey") as t:
            surveys = []
            for i in range(self.size["surveys"]):
                network = self.bench_network if i == 0 else rng.choice(self.network_ids)
                opens = NOW - timedelta(days=rng.randint(20, 300)) if i == 0 else past(rng, 300)
                surveys.append(
                    Survey(
                        network_id=network,
                        title=f"{title} – {['wrzesień', 'styczeń', 'czerwiec'][i % 3]}",
                        description="Prosimy o szczere odpowiedzi; ankieta jest anonimowa.",
                        is_anonymous=True,
                        opens_at=opens,
                        closes_at=opens + timedelta(days=14),
                        # As the beat leaves a closed anonymous survey: answers released.
                        released_at=NOW if opens + timedelta(days=14) <= NOW else None,
                        # The bench survey's results are shared, so members see them too.
                        results_shared=i == 0,
                        template_key=template.key,
                        published_at=opens,
                        created_by_id=self.bench_ids[0],
                    )
                )
            t["rows"] = bulk(Survey, surveys)
        survey_rows = list(Survey.objects.order_by("pk").values_list("pk", "network_id"))
        with timed("evaluation_question") as t:
            t["rows"] = bulk(
                Question,
                (
                    Question(
                        survey_id=pk,
                        key=key,
                        kind=kind,
                        text=text,
                        options=options,
                        position=position,
                    )
                    for pk, _network in survey_rows
                    for position, (key, kind, text, options) in enumerate(questions)
                ),
            )
        by_survey: dict[int, list[tuple[int, str, int]]] = {}
        for pk, survey, kind, options in Question.objects.values_list(
            "pk", "survey_id", "kind", "options"
        ):
            by_survey.setdefault(survey, []).append((pk, kind, len(options)))
        self._responses(survey_rows, by_survey)

    def _responses(self, survey_rows, by_survey) -> None:
        rng = self.rng
        participations, answers = [], []
        for pk, network in survey_rows:
            people = self.members[network]
            respondents = (
                people
                if pk == survey_rows[0][0]
                else rng.sample(people, min(len(people), rng.randint(3, 25)))
            )
            for user in respondents:
                participations.append(Participation(survey_id=pk, user_id=user, submitted=True))
                key = uuid.UUID(int=rng.getrandbits(128), version=4)
                for question, kind, options in by_survey[pk]:
                    answers.extend(self._answer(pk, question, kind, options, key))
        with timed("evaluation_participation") as t:
            t["rows"] = bulk(Participation, participations)
        with timed("evaluation_answer (COPY)") as t:
            # Shuffled: stored order must not follow the order of respondents (see evaluation.models).
            rng.shuffle(answers)
            t["rows"] = copy_rows(
                "evaluation_answer",
                ["id", "survey_id", "question_id", "response_key", "number", "text"],
                answers,
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE evaluation_survey s SET response_count = p.n FROM (SELECT survey_id, "
                    "count(*) n FROM evaluation_participation GROUP BY survey_id) p WHERE p.survey_id = s.id"
                )

    def _answer(self, survey: int, question: int, kind: str, options: int, key: uuid.UUID):
        rng = self.rng

        def row(number=None, text=""):
            return (
                uuid.UUID(int=rng.getrandbits(128), version=4),
                survey,
                question,
                key,
                number,
                text,
            )

        if kind == QuestionKind.LIKERT:
            return [row(rng.choice([2, 3, 4, 4, 5, 5]))]
        if kind == QuestionKind.SCALE:
            return [row(rng.randint(4, 10))]
        if kind == QuestionKind.SINGLE and options:
            return [row(rng.randrange(options))]
        if kind == QuestionKind.MULTIPLE and options:
            return [
                row(index) for index in rng.sample(range(options), rng.randint(1, min(3, options)))
            ]
        if kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT) and rng.random() < 0.4:
            return [row(text=rng.choice(SENTENCES))]
        return []

    # --- activity and notifications ---

    def activity(self) -> None:
        """Visits (unique per person, network and day, as the constraint wants) and other events."""
        rng = self.rng
        pairs = [(network, user) for network, users in self.members.items() for user in users]
        per_pair = -(-self.size["events"] // len(pairs))  # rounded up; stops at the total
        kinds = [ActivityKind.POST] * 5 + [
            ActivityKind.THREAD,
            ActivityKind.DOWNLOAD,
            ActivityKind.UPLOAD,
        ]

        today = timezone.localdate(NOW)

        def morning(day: date) -> datetime:
            return timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(
                hours=7
            )

        def rows():
            total = 0
            for network, user in pairs:
                for offset in rng.sample(range(1, 366), min(365, per_pair)):
                    if total >= self.size["events"]:
                        return
                    day = today - timedelta(days=offset)
                    at = morning(day) + timedelta(seconds=rng.randrange(12 * 3600))
                    if rng.random() < 0.6:
                        yield (network, user, ActivityKind.VISIT, "", "", day, at)
                    else:
                        kind = rng.choice(kinds)
                        if kind == ActivityKind.UPLOAD:
                            # As resources logs it: the material and its type.
                            key = f"resources.resource:{rng.randrange(1, 10**9)}"
                            category = rng.choice(ResourceType.values)
                        else:
                            key = category = ""
                        yield (network, user, kind, key, category, None, at)
                    total += 1

        with timed("networks_activitylog (COPY)") as t:
            t["rows"] = copy_rows(
                "networks_activitylog",
                ["network_id", "user_id", "kind", "object_key", "category", "day", "created_at"],
                rows(),
            )

    def notifications(self) -> None:
        rng = self.rng
        with timed("notifications_notification") as t:
            t["rows"] = bulk(
                Notification,
                (
                    Notification(
                        recipient_id=user,
                        category=Category.REPLY,
                        text="%(author)s replied in “%(thread)s”",
                        params={"author": "Anna Nowak", "thread": rng.choice(THREAD_TITLES)},
                        url="/",
                        network_id=self.bench_network,
                        created_at=past(rng, 60),
                        read_at=None if rng.random() < 0.3 else NOW,
                    )
                    for user in self.user_ids
                    for _ in range(5)
                ),
            )

    def preferences(self) -> None:
        """E-mail choices as people make them: a fifth want meetings in the daily digest (not
        at once), one in twenty the discussions weekly, one in fifty no e-mail at all, and
        one in forty mutes one of their networks; the rest keep the defaults."""
        rng = self.rng
        user_ids = list(User.objects.order_by("pk").values_list("pk", flat=True))
        memberships: dict[int, list[int]] = {}
        for user, network in Membership.objects.order_by("pk").values_list("user_id", "network_id"):
            memberships.setdefault(user, []).append(network)
        rows, mutes = [], []
        for user in user_ids:
            draw = rng.random()
            if draw < 0.02:
                rows += [
                    Preference(user_id=user, category=c, frequency=Frequency.NEVER)
                    for c in Category
                ]
            else:
                if draw < 0.22:
                    rows.append(
                        Preference(
                            user_id=user, category=Category.MEETING, frequency=Frequency.DAILY
                        )
                    )
                if rng.random() < 0.05:
                    rows.append(
                        Preference(
                            user_id=user, category=Category.REPLY, frequency=Frequency.WEEKLY
                        )
                    )
            if memberships.get(user) and rng.random() < 0.025:
                mutes.append(NetworkMute(user_id=user, network_id=rng.choice(memberships[user])))
        with timed("notifications_preference") as t:
            t["rows"] = bulk(Preference, rows)
        with timed("notifications_networkmute") as t:
            t["rows"] = bulk(NetworkMute, mutes)


# --- database state -------------------------------------------------------------------------------

# Topic and Subject are catalogues seeded by migrations: they stay.
APP_TABLES = [
    "accounts_user",
    "networks_network",
    "django_session",
    "account_emailaddress",
]


def is_empty() -> bool:
    return not (User.objects.exists() or Network.objects.exists())


def holds_scale(scale: str) -> bool:
    """The data of this scale, as generated, is there (so `make bench` need not regenerate it).

    Counts users and posts (a run that wrote into the kept data set would show in
    the posts) and looks for the member bench users (added after the first sets
    were generated).
    """
    from forums.models import Post

    size = SCALES[scale]
    return (
        Network.objects.filter(slug=BENCH_NETWORK).exists()
        and User.objects.filter(email=BENCH_MEMBER_EMAIL.format(1)).exists()
        and User.objects.count() == size["users"]
        and Post.objects.count() == size["posts"]
    )


def reset() -> None:
    """Empty every table of ours (CASCADE reaches all that refer to users and networks)."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(APP_TABLES)} RESTART IDENTITY CASCADE")


def analyse() -> None:
    """Fresh statistics, so the planner sees the data as a long-running database would."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


REFUSAL = "The database already has users or networks; run with --reset to replace them."


def generate(*, scale: str, seed: int = 1, reset_first: bool = False, keep: bool = False) -> int:
    """Fill the database at this scale; 0 when done or kept, 1 when it refuses to overwrite."""
    if keep and holds_scale(scale):
        print(f"The database already holds scale={scale}; kept.")
        return 0
    if reset_first or keep:
        reset()
    elif not is_empty():
        print(REFUSAL, file=sys.stderr)
        return 1
    print(f"Generating scale={scale} seed={seed}", flush=True)
    # Query logging under DEBUG would keep megabytes of bulk INSERT text in memory.
    settings.DEBUG = False
    started = time.perf_counter()
    with transaction.atomic():
        Generator(scale, seed).run()
    with timed("VACUUM ANALYZE"):
        analyse()
    print(f"  {'total':<28} {'':>10}      {time.perf_counter() - started:8.1f} s")
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scale", choices=SCALES, default="small")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reset", action="store_true", help="empty the app tables first")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="do nothing if the data of this scale is there already, else replace what is there",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_arguments(parser)
    args = parser.parse_args()
    return generate(scale=args.scale, seed=args.seed, reset_first=args.reset, keep=args.keep)


if __name__ == "__main__":
    sys.exit(main())
