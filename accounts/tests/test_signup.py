"""Sign-up asks for the name others see (so nobody is "Member #10") and offers institution and role."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

FORM = {
    "display_name": "  Ewa   Nowak ",
    "email": "ewa@example.org",
    "password1": "Trudne-haslo-2026",
    "password2": "Trudne-haslo-2026",
    "institution_name": "Szkoła Podstawowa nr 3 w Lublinie",
    "professional_role": "teacher",
}


def test_sign_up_form_asks_for_the_display_name_first_and_offers_institution_and_role(client):
    html = client.get(reverse("account_signup")).content.decode()
    positions = [
        html.index(f'name="{field}"')
        for field in ("display_name", "email", "password1", "institution_name", "professional_role")
    ]
    assert positions == sorted(positions)
    assert 'autocomplete="name"' in html
    assert "Imię i nazwisko widoczne dla innych" in html or "Your name as others" in html


def test_sign_up_saves_display_name_institution_and_role(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_signup"), FORM)
    assert response.status_code == 302
    person = User.objects.get(email="ewa@example.org")
    assert person.display_name == "Ewa Nowak"  # spaces tidied
    assert person.institution_name == "Szkoła Podstawowa nr 3 w Lublinie"
    assert person.professional_role == "teacher"
    assert person.public_name == "Ewa Nowak"
    # The confirmation e-mail names the person, never the "Member #N" fallback.
    body = mail.outbox[0].body
    assert "Ewa Nowak" in body
    assert not re.search(r"(Member #|Uczestnik nr )\d", body)


def test_institution_and_role_are_optional(client, django_capture_on_commit_callbacks):
    form = {**FORM, "institution_name": "", "professional_role": ""}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), form)
    person = User.objects.get(email="ewa@example.org")
    assert (person.display_name, person.institution_name, person.professional_role) == (
        "Ewa Nowak",
        "",
        "",
    )


@pytest.mark.parametrize("name", ["", "   "])
def test_sign_up_without_a_name_explains_and_keeps_what_was_typed(client, name):
    response = client.post(reverse("account_signup"), {**FORM, "display_name": name})
    assert response.status_code == 200
    assert not User.objects.filter(email="ewa@example.org").exists()
    html = response.content.decode()
    assert "To pole jest wymagane" in html or "Wpisz imię i nazwisko" in html
    assert 'value="ewa@example.org"' in html
    assert 'value="Szkoła Podstawowa nr 3 w Lublinie"' in html


def test_sign_up_rejects_an_unknown_role(client):
    response = client.post(reverse("account_signup"), {**FORM, "professional_role": "wizard"})
    assert response.status_code == 200
    assert not User.objects.filter(email="ewa@example.org").exists()
    assert "Wybierz poprawną wartość" in response.content.decode()


def test_too_long_a_name_is_refused_with_a_message(client):
    response = client.post(reverse("account_signup"), {**FORM, "display_name": "x" * 81})
    assert response.status_code == 200
    assert not User.objects.filter(email="ewa@example.org").exists()
