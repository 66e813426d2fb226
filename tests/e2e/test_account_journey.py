import re

import pytest
from django.core import mail

from accounts.models import User

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_new_teacher_signs_up_verifies_fills_profile_and_switches_language(page, axe, live_server):
    page.goto("/")
    axe(page)
    page.get_by_role("link", name="Dołącz do platformy").click()

    axe(page)
    page.locator("#id_display_name").fill("Ewa")
    page.get_by_label("Adres e-mail").fill("ewa@example.org")
    page.locator("#id_password1").fill("Mocne-haslo-2026")
    page.locator("#id_password2").fill("Mocne-haslo-2026")
    page.get_by_role("button", name="Zarejestruj się").click()
    page.wait_for_url("**/accounts/confirm-email/")
    axe(page)

    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mail.outbox[0].body).group(1)
    page.goto(link)
    axe(page)
    page.get_by_role("button", name="Potwierdź").click()
    page.wait_for_url(f"{live_server.url}/")

    # The name was given at sign-up; the rest of the profile is one click from the menu.
    page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Ewa").click()
    page.get_by_role("link", name="Edytuj profil").click()
    axe(page)
    page.get_by_label("Nazwa wyświetlana").fill("Ewa Nowak")
    page.locator("#id_institution_name").fill("Szkoła Podstawowa nr 3 w Lublinie")
    page.get_by_label("Rodzaj placówki").select_option("school")
    page.get_by_label("Województwo").select_option("lubelskie")
    page.get_by_role("button", name="Zapisz profil").click()
    page.wait_for_url("**/profil/")
    axe(page)
    assert page.get_by_role("heading", name="Mój profil").is_visible()
    assert User.objects.get(email="ewa@example.org").display_name == "Ewa Nowak"

    page.get_by_label("Język").select_option("en")
    page.get_by_role("button", name="Zmień").click()
    page.wait_for_selector("html[lang=en]")
    assert page.get_by_role("heading", name="My profile").is_visible()
    axe(page)
    assert User.objects.get(email="ewa@example.org").language == "en"


def test_keyboard_user_reaches_the_skip_link_first(page, axe):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    axe(page)


def test_log_in_with_a_wrong_password_shows_a_polish_error(page, axe):
    from accounts.tests.factories import UserFactory

    UserFactory(email="ola@example.org")
    page.goto("/accounts/login/")
    page.get_by_label("Adres e-mail").fill("ola@example.org")
    page.locator("#id_password").fill("zle-haslo")
    page.get_by_role("button", name="Zaloguj").click()
    page.get_by_text("hasło są niepoprawne").wait_for()
    axe(page)


def test_account_management_pages_are_accessible(page, axe, live_server):
    from accounts.tests.factories import PASSWORD, UserFactory

    UserFactory(email="ola@example.org")
    page.goto("/accounts/login/")
    page.get_by_label("Adres e-mail").fill("ola@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj").click()
    page.wait_for_url(f"{live_server.url}/")
    for url in (
        "/profil/",
        "/accounts/password/change/",
        "/accounts/email/",
        "/deklaracja-dostepnosci/",
    ):
        page.goto(url)
        axe(page)
