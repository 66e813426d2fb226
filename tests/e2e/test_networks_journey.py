import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from accounts.tests.factories import PASSWORD, UserFactory
from networks.models import Membership, Rsvp
from networks.tests.factories import TopicFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Adres e-mail").fill(email)
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj", exact=True).click()
    page.wait_for_url("**/")


def test_coordinator_invites_a_teacher_who_signs_up_answers_and_downloads_the_meeting(
    page, axe, live_server, browser
):
    TopicFactory(name="Matematyka", slug="matematyka")
    UserFactory(email="koordynatorka@example.org", display_name="Ola K.", can_create_networks=True)

    # The coordinator creates a network.
    _log_in(page, "koordynatorka@example.org")
    page.goto("/sieci/")
    axe(page)
    page.get_by_role("link", name="Utwórz sieć").click()
    axe(page)
    page.get_by_label("Nazwa").fill("Matematyka przez zabawę")
    page.get_by_label("Tematyka").select_option(label="Matematyka")
    page.get_by_label("Opis").fill("Gry i zabawy na lekcjach matematyki w klasach 1–3.")
    page.get_by_label("Placówka prowadząca").fill("ODN Lublin")
    page.get_by_label("Rodzaj placówki prowadzącej").select_option("teacher_training_centre")
    page.get_by_label("Tylko na zaproszenie").check()
    page.get_by_role("button", name="Utwórz sieć").click()
    page.wait_for_url("**/koordynacja/")
    axe(page)

    # ...schedules a meeting (in Polish time)...
    page.get_by_role("link", name="Zaplanuj spotkanie", exact=True).click()
    start = timezone.localtime() + timedelta(days=10)
    page.get_by_label("Tytuł").fill("Gry planszowe w klasie")
    page.get_by_role("radio", name="Online").check()
    page.get_by_label("Forma pracy").select_option("workshop")
    page.get_by_label("Początek").fill(start.strftime("%Y-%m-%dT18:00"))
    page.get_by_label("Koniec").fill(start.strftime("%Y-%m-%dT19:30"))
    page.get_by_label("Link do spotkania online").fill("https://spotkania.example.org/gry")
    page.get_by_role("button", name="Zaplanuj").click()
    page.wait_for_url(re.compile(r".*/spotkania/\d+/$"))
    axe(page)
    meeting_url = page.url

    # ...and invites a teacher who has no account yet.
    page.goto(page.url.split("/spotkania/")[0] + "/koordynacja/")
    page.get_by_label("Adres e-mail").fill("ewa@example.org")
    page.get_by_label("Osobista wiadomość").fill("Zapraszam do naszej sieci!")
    page.get_by_role("button", name="Wyślij zaproszenie").click()
    assert page.get_by_text("Wysłano zaproszenie na adres ewa@example.org.").is_visible()
    invitation_mail = next(m for m in mail.outbox if m.to == ["ewa@example.org"])
    link = re.search(r"https?://[^/\s]+(/sieci/zaproszenie/\S+/)", invitation_mail.body).group(1)

    # The teacher follows the link in a fresh browser, signs up and lands in the network.
    teacher = browser.new_context(base_url=live_server.url, locale="pl-PL").new_page()
    teacher.goto(link)
    axe(teacher)
    teacher.locator("#main").get_by_role("link", name="Załóż konto").click()
    assert teacher.get_by_label("Adres e-mail").input_value() == "ewa@example.org"
    teacher.locator("#id_display_name").fill("Ewa Nowak")
    teacher.locator("#id_password1").fill("Mocne-haslo-2026")
    teacher.locator("#id_password2").fill("Mocne-haslo-2026")
    teacher.get_by_role("button", name="Zarejestruj się").click()
    teacher.wait_for_url(f"**{link}")
    teacher.get_by_role("button", name="Przyjmij i dołącz").click()
    teacher.wait_for_selector("text=Witamy w sieci!")
    axe(teacher)
    assert Membership.objects.filter(user__email="ewa@example.org").exists()

    # She answers the meeting invitation and takes it to her calendar.
    teacher.goto(meeting_url)
    axe(teacher)
    teacher.get_by_role("button", name="Biorę udział", exact=True).click()
    teacher.wait_for_selector("text=Biorą udział: 1")
    assert Rsvp.objects.get(user__email="ewa@example.org").answer == "yes"
    with teacher.expect_download() as download_info:
        teacher.get_by_role("link", name="Dodaj do kalendarza (.ics)").click()
    content = Path(download_info.value.path()).read_bytes()
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    assert str(event["summary"]).startswith("Gry planszowe w klasie")
    assert event.decoded("dtstart").strftime("%H:%M") == "18:00"

    teacher.goto("/sieci/moje/")
    axe(teacher)
    assert teacher.get_by_role("link", name="Matematyka przez zabawę").is_visible()
    teacher.context.close()
