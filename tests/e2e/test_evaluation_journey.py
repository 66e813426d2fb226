"""A coordinator runs the final evaluation from the template, three members answer, results are read."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from openpyxl import load_workbook

from accounts.tests.factories import UserFactory
from evaluation.models import Participation, Survey
from networks.models import Role
from networks.tests.factories import MembershipFactory, NetworkFactory

# serialized_rollback: keep the rows data migrations seed (topics) for the tests that run next.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _log_in(browser, live_server, user):
    """A browser context already logged in as the person (the login page has its own journey)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, locale="pl-PL")
    context.set_default_timeout(10_000)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context, context.new_page()


def _answer(page, axe, url, *, check_accessibility):
    page.goto(url)
    if check_accessibility:
        axe(page)
    for radio in page.get_by_label("Zgadzam się", exact=True).all():
        radio.check()
    page.get_by_label("Tak, ze zmianami").check()
    page.get_by_label("Co pomagało we współpracy?").fill("Spotkania w realu i wspólne scenariusze.")
    page.get_by_role("button", name="Wyślij odpowiedzi").click()
    page.wait_for_url("**/ewaluacja/")
    assert page.get_by_text("Dziękujemy! Odpowiedzi zostały wysłane.").is_visible()


def test_final_evaluation_from_template_answered_and_downloaded(browser, live_server, axe):
    coordinator = UserFactory(display_name="Marta Koordynatorka")
    network = NetworkFactory(coordinator=coordinator)
    members = [MembershipFactory(network=network, role=Role.PARTICIPANT).user for _ in range(3)]
    base = f"/sieci/{network.slug}/ewaluacja/"

    context, page = _log_in(browser, live_server, coordinator)
    page.goto(base)
    axe(page)
    page.get_by_role("button", name=re.compile(r"Użyj szablonu\W+Ewaluacja końcowa")).click()
    page.wait_for_url("**/edycja/")
    axe(page)
    page.get_by_role("button", name="Opublikuj").click()
    page.wait_for_url(f"**{base}")
    survey = Survey.objects.get(network=network)
    assert survey.is_published and survey.is_anonymous

    for number, member in enumerate(members):
        member_context, member_page = _log_in(browser, live_server, member)
        _answer(member_page, axe, f"{base}{survey.pk}/", check_accessibility=number == 0)
        member_context.close()
    assert Participation.objects.filter(survey=survey, submitted=True).count() == 3

    # An anonymous survey's answers stay sealed while it is open: the coordinator closes it.
    page.goto(f"{base}{survey.pk}/edycja/")
    page.get_by_role("button", name="Zamknij teraz").click()
    page.wait_for_url("**/wyniki/")
    # Every chart on the page is drawn by the vendored Chart.js (no inline script: strict CSP).
    page.wait_for_function(
        "() => { const canvases = [...document.querySelectorAll('canvas')];"
        " return window.Chart && canvases.length > 0"
        " && canvases.every((canvas) => window.Chart.getChart(canvas)); }"
    )
    assert page.locator("canvas").count() >= 10
    assert page.locator("script:not([src]):not([type='application/json'])").count() == 0
    assert page.get_by_text("3 odpowiedzi od 4 uczestników").is_visible()
    axe(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Pobierz XLSX").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    # Playwright saves the download without an extension; openpyxl reads it from memory.
    workbook = load_workbook(io.BytesIO(Path(download.path()).read_bytes()), read_only=True)
    responses, summary = (list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets)
    workbook.close()
    assert len(responses) == 1 + 3  # the questions, then one row per response
    assert "Spotkania w realu i wspólne scenariusze." in {cell for row in responses for cell in row}
    # Every member chose "Zgadzam się" in every agreement question: each counts 3 of 3.
    agreed = [row for row in summary if row[1] == "Zgadzam się"]
    assert agreed and {row[2] for row in agreed} == {3}
    assert {row[3] for row in agreed} == {100.0}
    context.close()
