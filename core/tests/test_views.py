import pytest
from django.test import override_settings
from django.urls import reverse

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_home_tells_a_visitor_what_the_platform_is_for_in_polish(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="pl">' in html
    assert "Nauczyciele uczą się od siebie nawzajem" in html
    assert reverse("account_signup") in html


def test_home_leads_a_logged_in_person_to_their_networks(client):
    person = UserFactory(display_name="Ala")
    client.force_login(person)
    html = client.get("/").content.decode()
    assert "Witaj, Ala" in html
    assert "Moje sieci" in html


@pytest.mark.parametrize("who", ["anonymous", "member", "staff"])
def test_home_and_accessibility_statement_answer_everyone(
    client, who, django_assert_max_num_queries
):
    if who != "anonymous":
        client.force_login(UserFactory(is_staff=who == "staff"))
    # A logged-in person's home page is their dashboard with the first steps (one query):
    # tests/test_dashboard.py measures
    # it with networks; without any it is a few queries more than a plain page.
    budgets = {"/": 3 if who == "anonymous" else 9, reverse("accessibility"): 3}
    for url, budget in budgets.items():
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200


def test_accessibility_statement_has_the_legally_required_parts(client):
    html = client.get(reverse("accessibility")).content.decode()
    for element_id in (
        "a11y-data-publikacja",
        "a11y-data-aktualizacja",
        "a11y-status",
        "a11y-kontakt",
        "a11y-procedura",
    ):
        assert f'id="{element_id}"' in html
    assert "Deklaracja dostępności" in html


def test_every_page_has_a_skip_link_to_the_main_landmark(client):
    html = client.get("/").content.decode()
    assert 'href="#main"' in html and 'id="main"' in html


def test_unknown_page_answers_a_polish_404(client):
    response = client.get("/nie-ma-takiej-strony/")
    assert response.status_code == 404
    assert "Nie znaleziono strony" in response.content.decode()


def test_server_error_page_is_polish_and_needs_no_context(rf):
    from core.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Coś poszło nie tak" in response.content.decode()


def test_permission_denied_page_is_polish(rf):
    from core.views import permission_denied

    response = permission_denied(rf.get("/"))
    assert response.status_code == 403
    assert "Brak dostępu" in response.content.decode()


def test_language_switch_to_english_is_remembered_for_the_person(client):
    person = UserFactory()
    client.force_login(person)
    response = client.post(reverse("switch_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.language == "en"
    # A new device (no cookie) still gets English once the person logs in.
    other_device = client.__class__()
    other_device.force_login(person)
    assert '<html lang="en">' in other_device.get("/").content.decode()


def test_language_switch_works_for_a_visitor_through_the_cookie(client):
    client.post(reverse("switch_language"), {"language": "en", "next": "/"})
    assert "Teachers learning from one another" in client.get("/").content.decode()


def test_polish_by_default_whatever_the_browser_prefers(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="pl">' in page
    person = UserFactory()
    client.force_login(person)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="pl">' in page


def test_language_switch_ignores_an_unknown_language(client):
    person = UserFactory()
    client.force_login(person)
    client.post(reverse("switch_language"), {"language": "xx", "next": "/"})
    person.refresh_from_db()
    assert person.language == ""


def test_language_switch_refuses_get(client):
    assert client.get(reverse("switch_language")).status_code == 405


def test_pages_send_a_content_security_policy_without_unsafe_inline(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_SSL_REDIRECT=False)
def test_hsts_header_is_sent_over_https_in_production_mode(client):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
