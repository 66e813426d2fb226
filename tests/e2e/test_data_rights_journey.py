"""A teacher downloads her data and deletes her account; what she wrote keeps its place:
named posts under "former participant", anonymous ones still anonymous — every page checked with axe."""

import json
import zipfile

import pytest
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory
from forums import services as forums
from networks.models import Role
from networks.tests.factories import MembershipFactory, NetworkFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def log_in(page, email: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Adres e-mail").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj").click()
    page.wait_for_url("**/")


def test_a_teacher_downloads_her_data_and_deletes_her_account(page, axe, live_server):
    coordinator = UserFactory(email="marek@example.org", display_name="Marek Koordynator")
    network = NetworkFactory(
        name="Matematyka w klasach 1–3", coordinator=coordinator, allow_anonymous_posts=True
    )
    anna = UserFactory(email="anna@example.org", display_name="Anna Nauczycielka")
    basia = UserFactory(email="basia@example.org", display_name="Barbara Polonistka")
    for person in (anna, basia):
        MembershipFactory(network=network, user=person, role=Role.PARTICIPANT)
    thread = forums.thread_create(
        network=network, author=anna, title="Karty pracy", body="Mój jawny wpis"
    )
    forums.thread_reply(thread=thread, author=anna, body="Mój anonimowy wpis", anonymous=True)
    forums.thread_reply(thread=thread, author=basia, body="Odpowiedź Basi")

    # Anna asks for her data from her profile and downloads the archive.
    log_in(page, "anna@example.org")
    page.goto("/profil/")
    axe(page)
    page.locator("main a[href='/profil/moje-dane/']").click()
    axe(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/profil/moje-dane/")
    page.reload()
    axe(page)
    with page.expect_download() as download_info:
        page.locator("main a[href*='/pobierz/']").click()
    archive = zipfile.ZipFile(download_info.value.path())
    posts = json.loads(archive.read("forums.json"))["posts"]
    assert [post["text"] for post in posts] == ["Mój jawny wpis", "Mój anonimowy wpis"]
    everything = " ".join(
        archive.read(name).decode() for name in archive.namelist() if name.endswith(".json")
    )
    assert "Odpowiedź Basi" not in everything and "Barbara" not in everything

    # She deletes her account: a wrong password is refused with a message, then it goes.
    page.locator("main a[href='/profil/usun-konto/']").click()
    axe(page)
    page.locator("#id_password").fill("nie-to-haslo")
    page.locator("main form button[type=submit]").click()
    page.locator("#id_password.is-invalid").wait_for()
    axe(page)
    assert not User.objects.get(pk=anna.pk).is_erased
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")
    assert User.objects.get(pk=anna.pk).is_erased

    # Basia reads the thread: Anna's named post is a former participant's, the anonymous one stays so.
    log_in(page, "basia@example.org")
    page.goto(thread.get_absolute_url())
    axe(page)
    with translation.override("pl"):
        former = gettext("Former participant")
    first = page.locator("article.forum-post").nth(0)
    second = page.locator("article.forum-post").nth(1)
    assert first.locator("h2").inner_text() == former
    assert "Mój jawny wpis" in first.inner_text()
    assert second.locator("h2").inner_text() == "Anonimowy uczestnik"
    assert "Anna" not in page.locator("main").inner_text()
