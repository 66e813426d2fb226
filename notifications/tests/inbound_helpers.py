"""Loading the real-world message fixtures (notifications/tests/fixtures/inbound/*.eml).

Each fixture has the shape one mail client produces; {{TOKEN}} and {{SENDER}} stand for the
reply token and the sender's address, filled in by the test.
"""

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "inbound"
REPLY_DOMAIN = "odpowiedzi.sieci.example.org"


def fixture_message(name: str, *, token: str = "a" * 26, sender: str = "anna@example.org") -> bytes:
    raw = (FIXTURES / name).read_bytes()
    return raw.replace(b"{{TOKEN}}", token.encode()).replace(b"{{SENDER}}", sender.encode())


def simple_message(
    *,
    token: str,
    sender: str,
    body: str = "Zgadzam się.",
    message_id: str = "<prosta-1@example.org>",
    headers: str = "",
) -> bytes:
    return (
        f"From: {sender}\r\nTo: odpowiedz+{token}@{REPLY_DOMAIN}\r\n"
        f"Subject: Re: Wątek\r\nMessage-ID: {message_id}\r\n{headers}"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"Content-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n"
    ).encode()
