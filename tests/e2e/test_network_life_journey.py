"""A network's life, guided by the platform: a coordinator takes a new network from stage 0 to 4
through its checklist's links, gets the annual report, and a member's certificate verifies.

Every step the issue names goes through the browser (the checklist's buttons, the goal the
members agree with, the date poll that becomes a meeting, the attendance, the outcome, the
surveys, the stage changes, the report, the certificate). Setup that is not the point (the
accounts, the survey answers above the anonymity threshold, the materials) goes through the
factories and services.
"""

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from accounts.tests.factories import UserFactory
from evaluation.models import Survey
from evaluation.tests.factories import answer
from networks import polls, services
from networks.models import Certificate, Goal, GoalStatus, Meeting, PollChoice, Role, Stage
from networks.tests.factories import MembershipFactory, NetworkFactory
from notifications.models import Notification
from resources.stage_tasks import MATERIALS_FOR_TASK
from resources.tests.factories import resource_share

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENSHOTS = Path(__file__).parent / "artifacts"


def _log_in(context, live_server, user) -> None:
    """Log the browser context in as the person (the login page has its own journey)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def _context(browser, live_server, user=None):
    """Another person's browser (logged in if a person is given)."""
    context = browser.new_context(base_url=live_server.url, locale="pl-PL")
    context.set_default_timeout(10_000)
    if user is not None:
        _log_in(context, live_server, user)
    return context, context.new_page()


def _task(page, key):
    return page.locator(f"#task-{key}")


def _done(page, key) -> bool:
    return "✔" in _task(page, key).inner_text()


def _manage(page, slug):
    page.goto(f"/sieci/{slug}/koordynacja/")


def _move_to(page, slug, stage: Stage, *, via_form=False, confirm=False, screenshot=None):
    """From the coordination page to the next stage (the button under the current stage's
    tasks, or the stage form), then back to the new stage's tasks from the network page."""
    if via_form:
        page.get_by_label("Nowy etap").select_option(str(stage.value))
        page.get_by_role("button", name="Zmień etap").click()
    else:
        current = page.locator(f"#stage-{stage.value - 1}-tasks").locator("..")
        current.get_by_role("button", name=f"Przejdź do: {stage.label}").click()
    if confirm:  # the tasks left open are listed first
        page.get_by_role("button", name="Przejdź mimo to").click()
    page.wait_for_url(f"**/sieci/{slug}/")
    if screenshot:
        page.locator("#stage-heading").locator("..").screenshot(path=str(SCREENSHOTS / screenshot))
    page.get_by_role("link", name="Zadania tego etapu").click()
    page.wait_for_url(f"**/koordynacja/#stage-{stage.value}-tasks")


def _survey_from_checklist(page, slug, task_key, members):
    """The task's button makes a draft from the template; publish, answers, close."""
    _task(page, task_key).get_by_role(
        "button", name=re.compile("Utwórz ankietę z szablonu")
    ).click()
    page.wait_for_url("**/edycja/")
    page.get_by_role("button", name="Opublikuj").click()
    page.wait_for_url(f"**/sieci/{slug}/ewaluacja/")
    survey = Survey.objects.filter(network__slug=slug).latest("pk")
    # The answers above the anonymity threshold (3 people besides the coordinators).
    for seed, member in enumerate(members):
        answer(survey, member, seed)
    page.goto(f"/sieci/{slug}/ewaluacja/{survey.pk}/edycja/")
    page.get_by_role("button", name="Zamknij teraz").click()
    page.wait_for_url("**/wyniki/")
    return survey


def test_coordinator_guides_a_new_network_from_probing_to_reflection(
    page, browser, live_server, axe
):
    coordinator = UserFactory(display_name="Marta Koordynatorka", can_create_networks=True)
    network = NetworkFactory(coordinator=coordinator, name="Czytanie bez granic")
    teacher = UserFactory(display_name="Anna Nauczycielka")
    MembershipFactory(network=network, user=teacher, role=Role.PARTICIPANT)
    others = [MembershipFactory(network=network, role=Role.PARTICIPANT).user for _ in range(2)]
    members = [teacher, *others]
    slug = network.slug
    SCREENSHOTS.mkdir(exist_ok=True)
    _log_in(page.context, live_server, coordinator)

    # Stage 0: the needs survey from its template, ticked by the platform; recruitment by hand.
    _manage(page, slug)
    assert not _done(page, "needs_survey") and not _done(page, "recruitment")
    _survey_from_checklist(page, slug, "needs_survey", members)
    _manage(page, slug)
    assert _done(page, "needs_survey")
    _task(page, "recruitment").get_by_role(
        "button", name=re.compile("Oznacz jako zrobione")
    ).click()
    page.wait_for_url(re.compile(r".*/koordynacja/#checklist-heading$"))
    assert _done(page, "recruitment")
    page.locator("#stage-0-tasks").locator("..").screenshot(
        path=str(SCREENSHOTS / "life-stage-0-done.png")
    )
    _move_to(page, slug, Stage.TOPIC_AND_GOAL)  # every task done: no confirmation asked

    # Stage 1: a goal the members agree with (one in her own browser), and a plan.
    _task(page, "goals_agreed").get_by_role("link", name=re.compile("Cele i plan")).click()
    page.get_by_role("link", name="Dodaj cel").click()
    page.locator("#id_title").fill("Każdy uczeń czyta jedną książkę w miesiącu")
    page.get_by_role("button", name="Zapisz").click()
    page.wait_for_url("**/plan/")
    goal = Goal.objects.get(network=network)
    for person in (coordinator, others[0]):
        services.goal_agreement_set(goal=goal, user=person, agrees=True)
    teacher_context, teacher_page = _context(browser, live_server, teacher)
    teacher_page.goto(f"/sieci/{slug}/plan/")
    teacher_page.get_by_label("Zgadzam się z tym celem").check()
    teacher_page.get_by_role("button", name=re.compile("Zapisz moją odpowiedź")).click()
    teacher_page.wait_for_url("**/plan/**")
    assert teacher_page.get_by_text("Twoja odpowiedź: zgadzasz się.").is_visible()
    goal.refresh_from_db()
    assert goal.status == GoalStatus.AGREED  # three of four: the majority agrees
    page.get_by_role("link", name="Dodaj działanie").click()
    page.locator("#id_title").fill("Klub książki online")
    page.locator("#id_starts_on").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Zapisz").click()
    page.wait_for_url("**/plan/")
    _manage(page, slug)
    assert _done(page, "goals_agreed") and _done(page, "plan_made")
    _move_to(page, slug, Stage.WORKING)

    # Stage 2: a date poll becomes the first meeting; attendance ticks the task.
    _task(page, "first_meeting").get_by_role("link", name=re.compile("Ustal termin")).click()
    page.get_by_label("Tytuł").fill("Jak zachęcić do czytania")
    page.get_by_role("radio", name="Online").check()
    page.get_by_label("Forma pracy").select_option("workshop")
    page.get_by_label("Link do spotkania online").fill("https://spotkania.example.org/czytanie")
    for number, days in enumerate((7, 8)):
        day = timezone.localdate() + timedelta(days=days)
        page.locator(f"#id_slots-{number}-day").fill(day.isoformat())
        page.locator(f"#id_slots-{number}-starts").fill("17:00")
        page.locator(f"#id_slots-{number}-ends").fill("18:30")
    page.get_by_role("button", name="Zapytaj uczestników").click()
    page.wait_for_url(re.compile(r".*/terminy/\d+/$"))
    poll_url = page.url
    first, second = network.date_polls.get().slots.all()
    teacher_page.goto(poll_url)
    teacher_page.locator(f'input[name="slot_{first.pk}"][value="yes"]').check()
    teacher_page.locator(f'input[name="slot_{second.pk}"][value="no"]').check()
    teacher_page.locator('section[aria-labelledby="my-answer-heading"] button').click()
    teacher_page.wait_for_url(poll_url)
    for person in others:
        polls.poll_answer(
            poll=first.poll, user=person, answers={first.pk: PollChoice.YES, second.pk: "no"}
        )
    page.reload()
    page.screenshot(path=str(SCREENSHOTS / "life-poll.png"))
    page.locator(f'form:has(input[name="slot"][value="{first.pk}"]) button').click()
    page.wait_for_url(re.compile(r".*/spotkania/\d+/$"))
    meeting = Meeting.objects.get(network=network)
    assert page.get_by_role("link", name="Dodaj do kalendarza (.ics)").is_visible()
    for person in members:  # the members are told, and those who said yes are signed up
        assert Notification.objects.filter(
            recipient=person, url=meeting.get_absolute_url()
        ).exists()
        assert meeting.rsvps.filter(user=person, answer="yes").exists()
    # A week goes by: the meeting has taken place.
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    page.reload()
    page.get_by_role("link", name="Sprawdź obecność").click()
    page.get_by_role("button", name="Zapisz listę obecności").click()
    page.wait_for_url(re.compile(r".*/spotkania/\d+/$"))
    assert set(meeting.attendance.values_list("user", flat=True)) == {m.pk for m in members}
    for number in range(MATERIALS_FOR_TASK):
        resource_share(
            network=network,
            author=members[number % 3],
            files=[],
            external_url=f"https://e.org/{number}",
        )
    _manage(page, slug)
    assert _done(page, "first_meeting") and _done(page, "materials_shared")
    assert not _done(page, "formative_survey")
    # The formative survey is left open: moving on asks to confirm.
    _move_to(page, slug, Stage.APPLYING, confirm=True, screenshot="life-network-stage-3.png")

    # Stage 3: a member records what she applied in her school.
    teacher_page.goto(f"/sieci/{slug}/")
    teacher_page.get_by_role("link", name="Wdrożenia w praktyce").first.click()
    teacher_page.get_by_label("Co wdrożono").fill("Klub czytelniczy w klasie 5b")
    teacher_page.locator("#id_description").fill(
        "Co tydzień 20 minut czytania i rozmowa o książce."
    )
    teacher_page.locator("#id_applied_on").fill(timezone.localdate().isoformat())
    teacher_page.get_by_role("button", name="Zapisz", exact=True).click()
    teacher_page.wait_for_url("**/wdrozenia/")
    assert teacher_page.get_by_text("Klub czytelniczy w klasie 5b").first.is_visible()
    page.reload()
    assert _done(page, "outcomes_recorded")
    _move_to(page, slug, Stage.REFLECTION, via_form=True)

    # Stage 4: the final survey; the annual report as a PDF built by the worker.
    _survey_from_checklist(page, slug, "final_survey", members)
    _manage(page, slug)
    assert _done(page, "final_survey")
    page.locator("#stage-4-tasks").locator("..").screenshot(
        path=str(SCREENSHOTS / "life-stage-4-done.png")
    )
    _task(page, "future_decided").get_by_role("link", name=re.compile("Raport roczny")).click()
    axe(page)
    page.get_by_role("button", name="Przygotuj PDF").click()
    page.wait_for_url("**/raport/**")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Pobierz PDF").first.click()
    report = Path(download_info.value.path()).read_bytes()
    assert report.startswith(b"%PDF") and len(report) > 5_000
    assert "Czytanie bez granic" in _pdf_text(report)

    # The member downloads her certificate; its code verifies on the public page.
    teacher_page.goto(f"/sieci/{slug}/")
    with teacher_page.expect_download() as download_info:
        teacher_page.get_by_role("button", name="Pobierz zaświadczenie").click()
    certificate = Path(download_info.value.path()).read_bytes()
    assert certificate.startswith(b"%PDF")
    code = Certificate.objects.get(user=teacher).code
    assert code in _pdf_text(certificate)
    teacher_context.close()
    anonymous_context, anonymous_page = _context(browser, live_server)
    anonymous_page.goto(f"/zaswiadczenie/{code}/")
    axe(anonymous_page)
    main = anonymous_page.locator("main").inner_text()
    assert "Anna Nauczycielka" in main and "Czytanie bez granic" in main
    anonymous_context.close()


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
