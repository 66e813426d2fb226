"""Demo threads for the seeded networks (idempotent: looked up by title)."""

import random
from datetime import timedelta

from django.contrib.postgres.search import SearchVector
from django.db import transaction
from django.db.models import Value
from django.utils import timezone

from accounts.models import User
from core.markdown import render_markdown
from core.search import search_document
from forums import services
from forums.models import Post, ReadState, Subscription, Thread
from networks.models import ActivityKind, ActivityLog, Network
from networks.permissions import is_member
from networks.services.activity import start_of_day

DEMO_THREADS = {
    "matematyka-w-klasach-1-3": [
        (
            "koordynator@example.org",
            "Jak uczycie dodawania w pamięci w klasie 1?",
            "Podzielcie się sposobami, które sprawdziły się u Was. U mnie działają **patyczki** "
            "i gra w sklep.",
            [
                (
                    "nauczycielka@example.org",
                    "Liczmany i liczenie do 20 na osi liczbowej — "
                    "dzieci same pokazują skoki. @Marek Koordynator, czy mamy materiały z warsztatów?",
                ),
            ],
        ),
    ],
    "czytelnictwo-w-bibliotece": [
        (
            "bibliotekarz@example.org",
            "Pomysły na klub książki dla klas 4–6",
            "Szukam sprawdzonych tytułów i form spotkań. Co zachęca uczniów do czytania?",
            [],
        ),
    ],
}


def seed() -> None:
    for slug, threads in DEMO_THREADS.items():
        network = Network.objects.filter(slug=slug).first()
        if network is None:
            continue
        for email, title, body, replies in threads:
            author = User.objects.filter(email=email).first()
            if author is None or Thread.objects.filter(network=network, title=title).exists():
                continue
            if not is_member(author, network):
                continue
            thread = services.thread_create(network=network, author=author, title=title, body=body)
            for reply_email, reply_body in replies:
                person = User.objects.filter(email=reply_email).first()
                network.__dict__.pop("_membership_cache", None)
                if person is not None and is_member(person, network):
                    services.thread_reply(thread=thread, author=person, body=reply_body)
    seed_library_threads()


# --- the library network's discussions ---------------------------------------------
#
# 32 threads and about 250 posts spread over the network's history. Bulk-created with
# their real dates: thread_create/thread_reply stamp "now" and notify every follower
# (thousands of notifications for a replayed year). What those services keep is kept
# here: numbers 1, 2, 3… per thread, post_count/last_number/last_post_at, the rendered
# and searchable text, the author following the thread and having read up to their
# post, and one log entry per post and thread — an anonymous one without person or
# object, at the start of its day, as activity_record writes it.

LIBRARY_THREADS = [
    # (month, title, opening post)
    (
        0,
        "Przedstawmy się: skąd jesteśmy i z czym przychodzimy do sieci",
        "Napiszcie kilka zdań o sobie i swojej bibliotece: jakie macie doświadczenia we wspieraniu szkół?",
    ),
    (
        0,
        "Diagnoza potrzeb: jakie pytania zadajemy szkołom?",
        "Zbieram pytania do ankiety dla dyrektorów. Co u Was się sprawdziło?",
    ),
    (
        1,
        "Cele szczegółowe sieci — uwagi przed zatwierdzeniem",
        "Projekt celów jest w zakładce „Cele i plan”. Proszę o uwagi do końca tygodnia.",
    ),
    (
        1,
        "Procesowe wspomaganie szkoły krok po kroku",
        "Po wykładzie dr Wilk: spróbujmy opisać etapy wspomagania na przykładzie jednej szkoły.",
    ),
    (
        1,
        "Jak pracować na platformie? Pytania techniczne",
        "Tu zadajemy pytania o logowanie, załączniki i powiadomienia — odpowiem lub poproszę o pomoc.",
    ),
    (
        2,
        "Scenariusze lekcji bibliotecznych — wymieniamy się",
        "Wrzućcie scenariusze, które prowadzicie z uczniami. Ja zaczynam od lekcji o katalogu online.",
    ),
    (
        2,
        "Oferta biblioteki dla rady pedagogicznej",
        "Jak przygotowujecie ofertę szkoleń dla rad pedagogicznych? Czy macie wzór pisma do dyrektora?",
    ),
    (
        3,
        "Zestawienia bibliograficzne: wspólny wzór opisu",
        "Proponuję jeden wzór opisu bibliograficznego w naszych zestawieniach. Przykład w załączniku do materiału.",
    ),
    (
        3,
        "Ferie w bibliotece — pomysły na zajęcia",
        "Co planujecie na ferie? U nas warsztaty komiksowe i gra terenowa po mieście.",
    ),
    (
        4,
        "Moderowanie dyskusji: co działa, a co zniechęca?",
        "Po warsztatach w Zamościu: podzielcie się, jak zachęcacie milczących uczestników do zabierania głosu.",
    ),
    (
        4,
        "Motywowanie nauczycieli do udziału w sieciach szkolnych",
        "Dyrektorzy pytają, co nauczyciel „ma z tego”. Jak odpowiadacie?",
    ),
    (
        4,
        "Biblioteka a ocenianie kształtujące",
        "Szukam literatury i przykładów lekcji bibliotecznych z elementami OK.",
    ),
    (
        5,
        "Przygotowanie do panelu: pytania do dyrektorów",
        "Zbieramy pytania na dyskusję panelową o roli bibliotek w systemie doskonalenia.",
    ),
    (
        5,
        "Dzielenie się wiedzą — dlaczego tak trudno?",
        "W ankiecie formatywnej wyszło, że więcej bierzemy, niż dajemy. Co mogłoby to zmienić?",
    ),
    (
        5,
        "Samouczki aplikacji: który format jest najlepszy?",
        "Film, PDF ze zrzutami ekranu czy prezentacja? Zróbmy jeden wzór dla wszystkich.",
    ),
    (
        6,
        "Wdrożenia w praktyce: pierwsze doświadczenia",
        "Jesteśmy na etapie 3. Opiszcie tu krótko, co udało się wprowadzić — potem dodajcie to jako efekt w praktyce.",
    ),
    (
        6,
        "Umowa o współpracy biblioteki ze szkołą — wzór",
        "Czy ktoś ma sprawdzony wzór porozumienia o współpracy? Przyda się przy procedurze.",
    ),
    (
        6,
        "Tydzień Bibliotek — wspólna akcja sieci?",
        "Może zrobimy jedną akcję we wszystkich bibliotekach sieci? Propozycje haseł mile widziane.",
    ),
    (
        7,
        "Otwarte zasoby edukacyjne — skąd brać i jak podpisywać",
        "Zbieram sprawdzone repozytoria OZE i przykłady poprawnego podpisywania licencji CC.",
    ),
    (
        7,
        "Czytelnictwo w klasach 4–8: co działa w Waszych szkołach?",
        "Kluby książki, wyzwania czytelnicze, spotkania z autorami — co przyciąga uczniów?",
    ),
    (
        8,
        "Ankieta końcowa — prośba o wypełnienie",
        "Ankieta jest anonimowa; wyniki zobaczymy wszyscy po zamknięciu. Dziękuję za każdą odpowiedź!",
    ),
    (
        8,
        "Co dała nam sieć? Refleksje przed podsumowaniem",
        "Przed spotkaniem w Chełmie: napiszcie jedno zdanie o tym, co najbardziej się przydało.",
    ),
    (
        9,
        "Podsumowanie roku — notatka i zdjęcia",
        "Notatka ze spotkania podsumowującego jest przy spotkaniu. Dziękuję za cały rok wspólnej pracy!",
    ),
    (
        9,
        "Czy kontynuujemy w przyszłym roku?",
        "Większość w ankiecie chce kontynuacji. Jakie tematy na drugi rok?",
    ),
    (
        12,
        "Drugi rok: witamy nowe osoby",
        "Dołączyły do nas trzy osoby — przedstawcie się, proszę, i napiszcie, czego szukacie w sieci.",
    ),
    (
        12,
        "Propozycje celów na drugi rok",
        "Na spotkaniu przyjęliśmy dwa cele. Czy brakuje czegoś ważnego?",
    ),
    (
        13,
        "Samouczki TIK: podział tematów",
        "Lista aplikacji do opisania jest w planie pracy. Zapiszcie się przy jednej lub dwóch.",
    ),
    (
        13,
        "Licencje CC w praktyce szkolnej",
        "Po warsztacie o OZE: jakie pytania o licencje zadają Wam nauczyciele?",
    ),
    (
        13,
        "Wspieramy szkolne sieci — jak zacząć?",
        "Kilka bibliotek zakłada sieci nauczycieli w swoich powiatach. Wymieńmy się doświadczeniami z pierwszych spotkań.",
    ),
    (
        14,
        "Quizy i gry w bibliotece szkolnej",
        "Jakich aplikacji używacie do quizów z uczniami? Szukam czegoś bez zakładania kont.",
    ),
    (
        14,
        "Ankieta formatywna — dziękuję i pierwsze wnioski",
        "Wyniki ankiety są już widoczne. Najczęściej prosicie o więcej spotkań w realu.",
    ),
    (
        14,
        "Plan na grudzień i styczeń",
        "Przed przerwą świąteczną: kto przygotuje samouczki na spotkanie w styczniu?",
    ),
]

LIBRARY_REPLIES = [
    "U nas sprawdziło się krótkie spotkanie z dyrektorem przed wysłaniem ankiety.",
    "Dziękuję, skorzystam z tego pomysłu w swojej filii.",
    "Mam podobne doświadczenia — nauczyciele najchętniej przychodzą, gdy temat wynika z ich pytań.",
    "Dodałam scenariusz do banku materiałów, można go dowolnie zmieniać.",
    "Czy moglibyśmy omówić to na najbliższym spotkaniu online?",
    "Zgadzam się. Proponuję jeszcze dopisać termin realizacji.",
    "W naszej bibliotece zrobiliśmy to w formie gry terenowej — uczniowie byli zachwyceni.",
    "Polecam publikację z ORE o wspomaganiu szkół, jest bezpłatna w wersji PDF.",
    "Spróbuję w przyszłym tygodniu i dam znać, jak poszło.",
    "To ważne pytanie. U nas brakuje czasu, więc łączymy to z radą szkoleniową.",
    "Świetny pomysł! Czy jest wersja dla klas 1–3?",
    "Przesyłam link do prezentacji, którą pokazywałam nauczycielom.",
    "Mam wątpliwości, czy to się uda w małych szkołach, ale warto spróbować.",
    "Zrobiłam zrzuty ekranu krok po kroku, wrzucę je jako samouczek.",
    "Dyrektorzy najbardziej cenią konkret: termin, czas trwania i jedną stronę opisu.",
    "U mnie podobnie — pierwsze spotkanie było trudne, drugie już dużo lepsze.",
    "Może warto zapytać uczniów? Ich pomysły bywają najlepsze.",
    "Dziękuję za podsumowanie, bardzo przydatne.",
    "Dopisuję się do listy, mogę przygotować materiał do końca miesiąca.",
    "Na platformie łatwiej mi się wypowiedzieć niż na spotkaniu — dobrze, że jest ten wątek.",
    "Sprawdziłam — licencja CC BY pozwala na przeróbki, trzeba tylko podać autora.",
    "W naszym powiecie zainteresowanie jest duże, zgłosiło się już pięć szkół.",
    "Przyda się wspólny wzór, inaczej każdy opis wygląda inaczej.",
    "Proponuję krótką ankietę po każdym spotkaniu, wtedy szybciej zobaczymy, co zmienić.",
]


def _library_thread_rows(rng, members, givers, network_allows_anonymous):
    from networks.demo import library_moment

    now = timezone.now()
    for index, (month, title, opening) in enumerate(LIBRARY_THREADS):
        started = library_moment(month, 2 + (index * 7) % 24, 9 + index % 10, (index * 13) % 60)
        if started >= now:
            continue
        author = members[0] if index in (0, 1, 2, 4, 20, 22, 23, 25, 30, 31) else rng.choice(givers)
        posts = [(author, opening, started, False)]
        moment = started
        for _reply in range(rng.randint(4, 10) if index else 12):
            moment += timedelta(hours=rng.randint(3, 96))
            if moment >= now:
                break
            anonymous = network_allows_anonymous and rng.random() < 0.05
            posts.append((rng.choice(givers), rng.choice(LIBRARY_REPLIES), moment, anonymous))
        yield title, posts


@transaction.atomic
def seed_library_threads() -> None:
    from networks.demo import LIBRARY_SLUG, library_givers, library_people

    network = Network.objects.filter(slug=LIBRARY_SLUG).first()
    if network is None or Thread.objects.filter(network=network).exists():
        return
    coordinator, people = library_people(network)
    givers = [coordinator, *library_givers(people)]
    rng = random.Random(2026)
    threads, thread_posts = [], []
    for title, posts in _library_thread_rows(
        rng, [coordinator, *people], givers, network.allow_anonymous_posts
    ):
        author, _body, started, _anonymous = posts[0]
        threads.append(
            Thread(
                network=network,
                title=title,
                author=author,
                created_at=started,
                last_post_at=posts[-1][2],
                last_number=len(posts),
                post_count=len(posts),
            )
        )
        thread_posts.append(posts)
    Thread.objects.bulk_create(threads)
    rows = [
        Post(
            thread=thread,
            number=number,
            author=author,
            is_anonymous=anonymous,
            body=body,
            body_html=render_markdown(body),
            created_at=moment,
        )
        for thread, posts in zip(threads, thread_posts, strict=True)
        for number, (author, body, moment, anonymous) in enumerate(posts, start=1)
    ]
    Post.objects.bulk_create(rows)
    for post in rows:
        title = post.thread.title if post.number == 1 else ""
        post.search_vector = SearchVector(Value(search_document(title, post.body)), config="simple")
    Post.objects.bulk_update(rows, ["search_vector"], batch_size=100)
    read = {}
    for post in rows:
        key = (post.author_id, post.thread_id)
        read[key] = max(read.get(key, 0), post.number)
    Subscription.objects.bulk_create(
        Subscription(user_id=user_id, thread_id=thread_id) for user_id, thread_id in read
    )
    ReadState.objects.bulk_create(
        ReadState(user_id=user_id, thread_id=thread_id, last_read_number=number)
        for (user_id, thread_id), number in read.items()
    )
    log = []
    for post in rows:
        anonymous = post.is_anonymous
        when = start_of_day(post.created_at) if anonymous else post.created_at
        user = None if anonymous else post.author
        log.append(
            ActivityLog(
                network=network,
                user=user,
                kind=ActivityKind.POST,
                object_key="" if anonymous else f"forums.post:{post.pk}",
                created_at=when,
            )
        )
        if post.number == 1:
            log.append(
                ActivityLog(
                    network=network,
                    user=user,
                    kind=ActivityKind.THREAD,
                    object_key="" if anonymous else f"forums.thread:{post.thread_id}",
                    created_at=when,
                )
            )
    ActivityLog.objects.bulk_create(log)
