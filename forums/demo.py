"""Demo threads for the seeded networks (idempotent: looked up by title)."""

from accounts.models import User
from forums import services
from forums.models import Thread
from networks.models import Network
from networks.permissions import is_member

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
