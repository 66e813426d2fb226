"""What is read from real-world messages: the new text, the files, whether a machine sent it."""

import email
import email.policy

import pytest

from notifications.inbound.parsing import (
    automatic_reason,
    html_to_markdown,
    message_id_of,
    parse_message,
    strip_quotes,
)
from notifications.tests.inbound_helpers import fixture_message

REPLIES = {
    "gmail_top_posted.eml": (
        "Dziękuję za materiały! Wykorzystam je na lekcji w czwartek.\n"
        "Czy ktoś ma też kartę pracy dla klasy 3?"
    ),
    "outlook_desktop.eml": (
        "Dzień dobry,\n\nzgadzam się – warto zacząć od diagnozy potrzeb. "
        "Przygotuję ankietę do piątku."
    ),
    "outlook_web_html_only.eml": (
        "Proponuję spotkanie online w **środę o 17:00**.\n\nAgenda:\n\n"
        "- omówienie wyników ankiety\n- plan na II semestr"
    ),
    "thunderbird_bottom_posted.eml": (
        "U nas sprawdza się „Klub książki” raz w miesiącu.\n"
        "Dzieci same wybierają lekturę z trzech propozycji."
    ),
    "apple_mail_attachment.eml": "W załączniku scenariusz lekcji, o którym mówiłam na spotkaniu.",
    "onet_webmail.eml": "Bardzo dobry pomysł, dołączam się do grupy.",
    "wp_webmail.eml": "Potwierdzam, będę na spotkaniu w Radomiu.",
    # Plain 8-bit text with a Polish sign-off (no "-- " line) above the quote.
    "o2_webmail_signature.eml": (
        "Mam gotową kartę pracy o ułamkach, wrzucę ją jutro.\nMoże się przydać w klasie 5."
    ),
    "interia_webmail.eml": (
        "Dziękuję, przesyłam swoje uwagi:\n1. Ankieta jest za długa.\n"
        "2. Brakuje pytania o potrzeby rodziców."
    ),
}


@pytest.mark.parametrize(("name", "expected"), REPLIES.items())
def test_only_the_new_text_is_kept_from_each_mail_client(settings, name, expected):
    settings.REPLY_EMAIL_DOMAIN = "odpowiedzi.sieci.example.org"
    parsed = parse_message(fixture_message(name, sender="anna@example.org"))
    assert parsed.text == expected
    assert parsed.automatic == ""
    assert parsed.sender == "anna@example.org"
    assert parsed.recipients[0] == "odpowiedz+" + "a" * 26 + "@odpowiedzi.sieci.example.org"


@pytest.mark.parametrize(
    "name", ["out_of_office_exchange.eml", "vacation_subject_only.eml", "bounce_dsn.eml"]
)
def test_auto_replies_and_bounces_are_recognised(name):
    parsed = parse_message(fixture_message(name))
    assert parsed.automatic
    assert parsed.text == ""
    assert parsed.attachments == []


def test_an_attached_file_is_found_and_an_inline_logo_is_not():
    apple = parse_message(fixture_message("apple_mail_attachment.eml"))
    assert [(a.name, a.content_type) for a in apple.attachments] == [
        ("scenariusz-lekcji.pdf", "application/pdf")
    ]
    assert apple.attachments[0].content.startswith(b"%PDF-1.4")
    outlook = parse_message(fixture_message("outlook_desktop.eml"))
    assert outlook.attachments == []  # image001.png is the signature's logo, shown by the HTML


def _message(headers: str, body: str = "Treść") -> email.message.EmailMessage:
    raw = f"From: anna@example.org\r\nTo: x@example.org\r\n{headers}\r\n{body}\r\n".encode()
    return email.message_from_bytes(raw, policy=email.policy.default)


@pytest.mark.parametrize(
    "headers",
    [
        "Auto-Submitted: auto-replied\r\n",
        "Auto-Submitted: auto-generated\r\n",
        "X-Autoreply: yes\r\n",
        "X-Autorespond: vacation\r\n",
        "Precedence: bulk\r\n",
        "Precedence: auto_reply\r\n",
        "Return-Path: <>\r\n",
        "Subject: Automatic reply: Re: Wątek\r\n",
        "Subject: Out of Office: Re: Wątek\r\n",
        "Subject: Automatyczna odpowiedź: Re: Wątek\r\n",
        "Content-Type: multipart/report; report-type=delivery-status; boundary=x\r\n",
    ],
)
def test_machine_headers_mark_a_message_automatic(headers):
    assert automatic_reason(_message(headers))


@pytest.mark.parametrize(
    "headers",
    [
        "Auto-Submitted: no\r\n",
        "Subject: Re: Urlop zdrowotny nauczyciela\r\n",
        "Precedence: first-class\r\n",
        "Return-Path: <anna@example.org>\r\n",
    ],
)
def test_a_persons_message_is_not_automatic(headers):
    assert automatic_reason(_message(headers)) == ""


def test_an_empty_envelope_sender_is_a_bounce():
    assert automatic_reason(_message(""), envelope_sender="<>")
    assert automatic_reason(_message(""), envelope_sender="anna@example.org") == ""


def test_html_becomes_markdown_with_marked_quotes_removed_and_markup_escaped():
    html = (
        "<div>Mnożenie *nie* jest trudne, a_b to zmienna.</div>"
        "<script>alert(1)</script>"
        '<div class="gmail_quote">Ktoś napisał:<blockquote>stare</blockquote></div>'
    )
    text = html_to_markdown(html)
    assert "stare" not in text and "alert" not in text
    assert r"\*nie\*" in text and r"a\_b" in text


def test_quotes_are_removed_but_a_persons_colon_line_is_kept():
    text = (
        "Plan:\n- punkt pierwszy\n\nOn Tue, 1 Dec 2026 at 10:00, Sieci <x@y.pl> wrote:\n> stare\n"
    )
    assert strip_quotes(text).strip() == "Plan:\n- punkt pierwszy"


def test_a_message_without_message_id_gets_one_from_its_bytes():
    raw = b"From: a@example.org\r\n\r\nTekst\r\n"
    assert message_id_of(raw) == message_id_of(raw)
    assert message_id_of(raw) != message_id_of(raw + b"!")
    assert message_id_of(b"Message-ID: <abc@example.org>\r\n\r\nx") == "<abc@example.org>"


def test_headers_are_decoded_as_mail_clients_write_them():
    # Raw UTF-8 in a header (Apple Mail), an encoded word glued to a colon (Outlook on the web).
    assert parse_message(fixture_message("apple_mail_attachment.eml")).subject == (
        "Re: Anna Kowalska wspomniała o Tobie"
    )
    assert parse_message(fixture_message("outlook_web_html_only.eml")).subject == "Odp: Nowy wpis"
    raw = (
        b"From: =?utf-8?q?Kowalska=2C_Anna?= <Anna@Example.org>\r\n"
        b'To: "Sieci, odpowiedzi" <odpowiedz+abc@x.pl>\r\n'
        b"Subject: =?iso-8859-2?q?Re=3A_W=B1tek?= i =?utf-8?b?xbzDs8WCdw==?=\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        b"--b\r\nContent-Type: text/plain; charset=iso-8859-2\r\n"
        b"Content-Transfer-Encoding: quoted-printable\r\n\r\nZa=BF=F3=B3=E6 g=EA=B6l=B1 ja=BC=F1\r\n"
        b"--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
        b'Content-Disposition: attachment; filename="=?utf-8?q?karta_=C5=BC.pdf?="\r\n\r\n'
        b"JVBERi0=\r\n"
        b"--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
        b"Content-Disposition: attachment; filename*=utf-8''plan%C5%BC.pdf\r\n\r\nJVBERi0=\r\n"
        b"--b--\r\n"
    )
    parsed = parse_message(raw)
    assert parsed.sender == "anna@example.org"
    assert parsed.recipients == ["odpowiedz+abc@x.pl"]
    assert parsed.subject == "Re: Wątek i żółw"
    assert parsed.text == "Zażółć gęślą jaźń"
    assert [a.name for a in parsed.attachments] == ["karta ż.pdf", "planż.pdf"]
    assert parsed.attachments[0].content == b"%PDF-"
