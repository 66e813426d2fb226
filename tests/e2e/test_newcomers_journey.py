import re

import pytest
from django.core import mail

from accounts.models import User
from accounts.tests.factories import UserFactory
from networks import services
from networks.models import Membership
from networks.tests.factories import NetworkFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

INVITED = "ewa.nowak@szkola.example.org"


def test_teacher_invited_by_email_signs_up_on_another_device_and_finds_the_invitation(
    browser, page, axe, live_server
):
    coordinator = UserFactory(display_name="Marek Koordynator")
    network = NetworkFactory(name="Czytanie w klasach 1–3", coordinator=coordinator)
    invitation = services.invitation_create(network=network, by=coordinator, email=INVITED)

    # Device 1 (the phone): the link from the e-mail is opened, nobody signs up there.
    page.goto(f"/sieci/zaproszenie/{invitation.token}/")
    axe(page)
    assert page.get_by_role("heading", name=re.compile("Czytanie w klasach 1–3")).is_visible()

    # Device 2 (the school computer): a fresh browser context, never saw the link.
    laptop = browser.new_context(base_url=live_server.url, locale="pl-PL")
    laptop.set_default_timeout(10_000)
    second = laptop.new_page()
    try:
        second.goto("/accounts/signup/")
        axe(second)
        second.locator("#id_display_name").fill("Ewa Nowak")
        second.locator("#id_email").fill(INVITED)
        second.locator("#id_password1").fill("Mocne-haslo-2026")
        second.locator("#id_password2").fill("Mocne-haslo-2026")
        second.locator("#id_institution_name").fill("Szkoła Podstawowa nr 3 w Lublinie")
        second.locator("#id_professional_role").select_option("teacher")
        second.get_by_role("button", name="Zarejestruj się").click()
        second.wait_for_url("**/accounts/confirm-email/")

        body = mail.outbox[-1].body
        link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", body).group(1)
        second.goto(link)
        second.get_by_role("button", name="Potwierdź").click()
        second.wait_for_url("**/sieci/moje/#invitations")
        axe(second)

        invitations = second.get_by_role("region", name="Zaproszenia dla Ciebie")
        assert invitations.get_by_text("Czytanie w klasach 1–3").first.is_visible()
        invitations.get_by_role("button", name=re.compile("Przyjmij i dołącz")).click()
        second.wait_for_url(f"**/sieci/{network.slug}/")
        axe(second)
    finally:
        laptop.close()

    person = User.objects.get(email=INVITED)
    assert person.public_name == "Ewa Nowak"
    assert person.professional_role == "teacher"
    assert Membership.objects.filter(network=network, user=person).exists()


def test_first_steps_and_help_are_accessible(page, axe, live_server):
    from accounts.tests.factories import PASSWORD

    UserFactory(email="ola@example.org", display_name="Ola")
    page.goto("/accounts/login/")
    page.get_by_label("Adres e-mail").fill("ola@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj").click()
    page.goto("/profil/")
    assert page.locator("#first-steps").is_visible()
    axe(page)
    page.locator("#first-steps").get_by_role("button").click()
    page.wait_for_url("**/profil/")
    assert page.locator("#first-steps").count() == 0

    page.get_by_role("navigation", name="Menu główne").locator("a[href='/pomoc/']").click()
    page.wait_for_url("**/pomoc/")
    axe(page)
    for slug in ("pierwsze-kroki", "koordynator", "nauczyciel", "bibliotekarz"):
        page.goto(f"/pomoc/{slug}/")
        axe(page)
        assert page.locator("figure img").first.evaluate("img => img.naturalWidth") == 1000
