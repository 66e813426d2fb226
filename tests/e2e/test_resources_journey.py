"""A material's whole way: a teacher shares a scenario with a PDF, submits it, the coordinator
publishes it, and a logged-out visitor finds it with inflected words typed without Polish
letters and downloads it. axe checks every page on the way."""

import pytest

from accounts.tests.factories import PASSWORD, UserFactory
from core.search import search_document
from networks.models import Role
from networks.tests.factories import MembershipFactory, NetworkFactory
from resources.demo import demo_pdf
from resources.models import Resource, Status

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Scenariusz lekcji: ćwiczenia z ułamków"


def log_in(page, email):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Adres e-mail").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj").click()
    page.wait_for_load_state()


def test_teacher_shares_coordinator_publishes_visitor_finds_and_downloads(
    page, axe, live_server, tmp_path
):
    coordinator = UserFactory(email="koordynatorka@example.org", display_name="Ewa Koordynatorka")
    teacher = UserFactory(email="nauczyciel@example.org", display_name="Jan Nauczyciel")
    network = NetworkFactory(coordinator=coordinator, name="Matematyka w klasach 4–8")
    MembershipFactory(network=network, user=teacher, role=Role.PARTICIPANT)
    search_document("ułamków")  # load the Polish dictionary before the clock starts
    pdf = tmp_path / "scenariusz.pdf"
    pdf.write_bytes(demo_pdf("Scenariusz"))

    # The teacher shares a scenario with a PDF; it starts visible to the network only.
    log_in(page, teacher.email)
    page.goto(f"/materialy/siec/{network.slug}/")
    axe(page)
    page.get_by_role("link", name="Udostępnij materiał").click()
    axe(page)
    page.get_by_label("Tytuł").fill(TITLE)
    page.get_by_label("Opis").fill("Uczniowie porównują **ułamki** w grach i zadaniach.")
    page.get_by_label("Rodzaj").select_option("lesson_scenario")
    page.get_by_label("Szkoła podstawowa, klasy 4–8").check()
    page.get_by_label("Pliki").set_input_files(str(pdf))
    page.get_by_role("button", name="Udostępnij sieci").click()
    page.get_by_role("heading", name=TITLE).wait_for()
    axe(page)
    resource = Resource.objects.get(title=TITLE)
    assert resource.status == Status.NETWORK

    # ... and submits it to the public bank.
    page.get_by_role("button", name="Zgłoś do publicznego banku").click()
    page.get_by_text("Materiał został zgłoszony do banku dobrych praktyk.").wait_for()
    axe(page)

    # The coordinator publishes it.
    log_in(page, coordinator.email)
    page.goto(resource.get_absolute_url())
    axe(page)
    page.get_by_label("Opublikuj w banku").check()
    page.get_by_role("button", name="Zapisz decyzję").click()
    page.get_by_text("Materiał jest teraz publiczny w banku.").wait_for()
    axe(page)
    resource.refresh_from_db()
    assert resource.status == Status.PUBLISHED

    # A logged-out visitor finds it with inflected words typed without Polish letters.
    page.context.clear_cookies()
    page.goto("/")
    page.get_by_role("link", name="Bank dobrych praktyk").first.click()
    axe(page)
    page.get_by_label("Szukaj materiałów").fill("scenariuszy ulamkow")
    page.get_by_role("button", name="Szukaj").click()
    page.get_by_role("link", name="ułamków").first.wait_for()
    axe(page)
    page.get_by_role("link", name=TITLE).click()
    axe(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Pobierz scenariusz.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "scenariusz.pdf"
    assert download.path().read_bytes().startswith(b"%PDF-")
    resource.refresh_from_db()
    assert resource.download_count == 1
