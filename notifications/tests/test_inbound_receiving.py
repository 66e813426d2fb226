"""The two ways in: an MTA's pipe (`manage.py receive_email`) and a provider's signed webhook."""

import base64
import hashlib
import hmac
import io
import json
import time

import pytest
from django.core.management import call_command
from django.urls import reverse

from notifications.models import InboundEmail, InboundStatus
from notifications.tests.inbound_helpers import fixture_message

pytestmark = pytest.mark.django_db

SECRET = "sieci:tajne-haslo-webhooka"
SIGNING_KEY = "key-mailgun-podpis"


class _Stdin:
    def __init__(self, data: bytes):
        self.buffer = io.BytesIO(data)


def pipe(monkeypatch, raw: bytes, *args):
    monkeypatch.setattr("sys.stdin", _Stdin(raw))
    out = io.StringIO()
    call_command("receive_email", *args, stdout=out)
    return out.getvalue()


def test_the_pipe_command_stores_the_raw_message_with_its_envelope(monkeypatch):
    raw = fixture_message("wp_webmail.eml")
    output = pipe(monkeypatch, raw, "--sender", "beata@wp.pl", "--recipient", "odpowiedz+x@y.pl")
    row = InboundEmail.objects.get()
    assert bytes(row.raw) == raw
    assert row.message_id == "<8f7e6d5c4b3a2918.wp-poczta@wp.pl>"
    assert (row.source, row.envelope_sender, row.envelope_recipient) == (
        "pipe",
        "beata@wp.pl",
        "odpowiedz+x@y.pl",
    )
    assert "Queued" in output


def test_the_pipe_command_keeps_a_repeated_message_once(monkeypatch):
    raw = fixture_message("wp_webmail.eml")
    pipe(monkeypatch, raw)
    assert "Already received" in pipe(monkeypatch, raw)
    assert InboundEmail.objects.count() == 1


def test_the_pipe_command_records_an_empty_envelope_sender_as_a_bounce(monkeypatch):
    pipe(monkeypatch, fixture_message("wp_webmail.eml"), "--sender", "")
    assert InboundEmail.objects.get().envelope_sender == "<>"


def test_the_pipe_command_refuses_an_empty_input_with_a_sysexits_code(monkeypatch):
    with pytest.raises(SystemExit) as exit_:
        pipe(monkeypatch, b"  \n")
    assert exit_.value.code == 65
    assert not InboundEmail.objects.exists()


@pytest.fixture
def webhooks(settings):
    settings.INBOUND_EMAIL_PROVIDERS = ["postmark", "mailgun"]
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET, "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}


def basic_auth(secret: str = SECRET) -> dict:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def postmark(client, raw: bytes, **extra):
    payload = {
        "RawEmail": raw.decode("utf-8"),
        "FromFull": {"Email": "beata@wp.pl", "Name": ""},
        "ToFull": [],
        "Headers": [],
    }
    url = reverse("inbound:webhook", args=["postmark"])
    return client.post(url, json.dumps(payload), content_type="application/json", **extra)


def test_a_signed_postmark_webhook_stores_the_message(client, webhooks):
    response = postmark(client, fixture_message("wp_webmail.eml"), **basic_auth())
    assert response.status_code == 200
    row = InboundEmail.objects.get()
    assert row.source == "postmark" and row.status in InboundStatus.values
    assert row.message_id == "<8f7e6d5c4b3a2918.wp-poczta@wp.pl>"


@pytest.mark.parametrize("extra", [{}, basic_auth("sieci:zle-haslo")])
def test_an_unsigned_or_badly_signed_webhook_is_refused(client, webhooks, extra):
    response = postmark(client, fixture_message("wp_webmail.eml"), **extra)
    assert response.status_code in (400, 403)
    assert not InboundEmail.objects.exists()


def mailgun(client, raw: bytes, *, signature: str | None = None):
    timestamp, token = str(int(time.time())), "a" * 50
    good = hmac.new(SIGNING_KEY.encode(), f"{timestamp}{token}".encode(), hashlib.sha256)
    data = {
        "body-mime": raw.decode("utf-8"),
        "timestamp": timestamp,
        "token": token,
        "signature": signature or good.hexdigest(),
    }
    url = reverse("inbound:webhook_mime", args=["mailgun"])
    return client.post(url, data, **basic_auth())


def test_a_mailgun_webhook_with_a_valid_signature_stores_the_message(client, webhooks):
    assert mailgun(client, fixture_message("wp_webmail.eml")).status_code == 200
    assert InboundEmail.objects.get().source == "mailgun"


def test_a_mailgun_webhook_with_a_forged_signature_is_refused(client, webhooks):
    response = mailgun(client, fixture_message("wp_webmail.eml"), signature="0" * 64)
    assert response.status_code in (400, 403)
    assert not InboundEmail.objects.exists()


@pytest.mark.parametrize("provider", ["sendgrid", "brevo", "nieznany"])
def test_a_provider_not_switched_on_answers_404(client, webhooks, provider):
    response = client.post(f"/poczta/przychodzaca/{provider}/", {}, **basic_auth())
    assert response.status_code == 404


def test_webhooks_answer_404_without_a_secret_even_when_switched_on(client, settings):
    settings.INBOUND_EMAIL_PROVIDERS = ["postmark"]
    settings.ANYMAIL = {"WEBHOOK_SECRET": ""}
    response = postmark(client, fixture_message("wp_webmail.eml"))
    assert response.status_code == 404
