"""Account e-mails (allauth) are outbox rows like every other e-mail, naming the site."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import UserFactory
from notifications.models import Category, EmailKind, EmailRecord, EmailStatus, Frequency
from notifications.services import network_mute_set, preferences_update

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_NAME = "Sieci Testowe"
    settings.SITE_URL = "https://sieci.example.org"


def test_sign_up_confirmation_is_one_outbox_row_naming_the_site_and_its_address(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "display_name": "Nowa Osoba",
                "email": "nowa@example.org",
                "password1": "Trudne-h4slo",
                "password2": "Trudne-h4slo",
            },
        )
    record = EmailRecord.objects.get()
    assert record.kind == EmailKind.ACCOUNT
    assert record.to_address == "nowa@example.org"
    assert record.user.email == "nowa@example.org"
    assert record.status == EmailStatus.SENT
    assert "Sieci Testowe" in record.body_text
    assert "sieci.example.org" in record.body_text
    assert "Witamy z !" not in record.body_text and "w domenie ." not in record.body_text
    assert record.subject.startswith("[Sieci Testowe]")
    # The worker sent exactly the row: the same text reached the mail server.
    assert [message.body for message in mail.outbox] == [record.body_text]


def test_password_reset_goes_through_the_outbox_even_for_someone_who_wants_no_email(
    client, django_capture_on_commit_callbacks
):
    person = UserFactory(email="ola@example.org")
    # Preferences and mutes govern what the platform sends on its own, not what one asks for.
    preferences_update(user=person, frequencies=dict.fromkeys(Category, Frequency.NEVER))
    network_mute_set(user=person, network_id=1, muted=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "ola@example.org"})
    record = EmailRecord.objects.get()
    assert record.kind == EmailKind.ACCOUNT and record.user == person
    assert "/accounts/password/reset/key/" in record.body_text
    assert "Sieci Testowe" in record.body_text and "sieci.example.org" in record.body_text
    assert len(mail.outbox) == 1


def test_account_email_is_queued_not_sent_inside_the_request(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="ola@example.org")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("account_reset_password"), {"email": "ola@example.org"})
    assert mail.outbox == []
    assert EmailRecord.objects.get().status == EmailStatus.QUEUED
    assert callbacks


# Every account e-mail allauth may send, by template prefix, with what its template needs.
ACCOUNT_EMAILS = {
    "account/email/account_already_exists": {"password_reset_url": "https://x/reset/"},
    "account/email/email_confirmation_signup": {"activate_url": "https://x/confirm/"},
    "account/email/email_confirmation": {"activate_url": "https://x/confirm/"},
    "account/email/password_reset_key": {"password_reset_url": "https://x/reset/"},
    "account/email/unknown_account": {"signup_url": "https://x/signup/"},
    "account/email/login_code": {"code": "123456"},
    "account/email/password_reset_code": {"code": "123456"},
    "account/email/email_changed": {"from_email": "a@x.org", "to_email": "b@x.org"},
    "account/email/email_confirm": {},
    "account/email/email_deleted": {"deleted_email": "a@x.org"},
    "account/email/password_changed": {},
    "account/email/password_reset": {},
    "account/email/password_set": {},
}


@pytest.mark.parametrize("prefix", ACCOUNT_EMAILS)
def test_every_account_email_names_the_site_and_gives_its_full_address(rf, prefix):
    from accounts.adapter import AccountAdapter, current_site

    person = UserFactory(display_name="Ewa Nowak")
    request = rf.get("/")
    request.user = person
    context = {
        "user": person,
        "current_site": current_site(),
        "ip": "127.0.0.1",
        "user_agent": "Firefox",
        "timestamp": "2026-12-01",
        **ACCOUNT_EMAILS[prefix],
    }
    message = AccountAdapter(request).render_mail(prefix, person.email, context)
    assert message.subject.startswith("[Sieci Testowe] ")
    assert "Sieci Testowe" in message.body
    assert "https://sieci.example.org/" in message.body
    assert "{{" not in message.body and "%(" not in message.body
