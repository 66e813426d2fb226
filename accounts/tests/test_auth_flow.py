import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_up(client, django_capture_on_commit_callbacks, email="nowa@example.org"):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            reverse("account_signup"),
            {
                "display_name": "Nowa Osoba",
                "email": email,
                "password1": "Trudne-haslo-2026",
                "password2": "Trudne-haslo-2026",
            },
        )


def test_sign_up_requires_verifying_the_email_before_logging_in(
    client, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert User.objects.filter(email="nowa@example.org").exists()
    assert len(mail.outbox) == 1
    # Not logged in until the address is confirmed.
    assert client.get(reverse("accounts:profile")).status_code == 302

    link = re.search(r"https?://[^/]+(/accounts/confirm-email/[^\s]+)", mail.outbox[0].body).group(
        1
    )
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_sign_up_email_is_queued_not_sent_inside_the_request(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(
            reverse("account_signup"),
            {
                "display_name": "Iks",
                "email": "x@example.org",
                "password1": "Trudne-haslo-2026",
                "password2": "Trudne-haslo-2026",
            },
        )
    assert mail.outbox == []
    assert callbacks


def test_sign_up_with_a_taken_email_does_not_reveal_it_but_tells_the_owner(
    client, django_capture_on_commit_callbacks
):
    # allauth prevents account enumeration: the visitor sees the usual
    # "check your e-mail" page and the owner of the address gets a warning.
    UserFactory(email="zajety@example.org")
    response = sign_up(client, django_capture_on_commit_callbacks, email="zajety@example.org")
    assert response.status_code == 302
    assert User.objects.filter(email="zajety@example.org").count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["zajety@example.org"]


def test_sign_up_with_a_weak_password_explains_why(client):
    response = client.post(
        reverse("account_signup"),
        {"display_name": "A", "email": "a@example.org", "password1": "123", "password2": "123"},
    )
    assert response.status_code == 200
    assert "za krótkie" in response.content.decode()


def test_log_in_and_out_with_email(client):
    UserFactory(email="ola@example.org")
    response = client.post(
        reverse("account_login"), {"login": "ola@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    client.post(reverse("account_logout"))
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_wrong_password_is_rate_limited(client):
    UserFactory(email="ola@example.org")
    pages = [
        client.post(reverse("account_login"), {"login": "ola@example.org", "password": "zle"})
        for _ in range(6)
    ]
    assert "Zbyt wiele nieudanych prób logowania" not in pages[0].content.decode()
    assert "Zbyt wiele nieudanych prób logowania" in pages[-1].content.decode()
    # Even the right password is refused while the limit holds.
    client.post(reverse("account_login"), {"login": "ola@example.org", "password": PASSWORD})
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_password_reset_sends_a_link(client, django_capture_on_commit_callbacks):
    UserFactory(email="ola@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "ola@example.org"})
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_password_change_page_needs_login(client):
    response = client.get(reverse("account_change_password"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_password_change(client):
    person = UserFactory()
    client.force_login(person)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "Nowe-haslo-2026!", "password2": "Nowe-haslo-2026!"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("Nowe-haslo-2026!")


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password"])
def test_account_pages_use_our_polish_layout(client, name, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        html = client.get(reverse(name)).content.decode()
    assert '<html lang="pl">' in html
    assert 'href="#main"' in html
    assert "form-control" in html
