"""A teacher asks anonymously with a picture, a colleague answers and mentions her,
and she finds the notification and the unread marker — every page checked with axe."""

import io

import pytest
from PIL import Image

from accounts.tests.factories import PASSWORD, UserFactory
from core.search import search_document
from forums.models import Post, Thread
from networks.models import Role
from networks.tests.factories import MembershipFactory, NetworkFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (30, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def log_in(page, email: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Adres e-mail").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj").click()
    page.wait_for_url("**/")


def test_anonymous_question_with_image_gets_a_reply_with_a_mention(page, axe, live_server):
    search_document("rozgrzewka")  # loads the Polish lemmatiser's data once, before the clock runs
    coordinator = UserFactory(email="koordynator@example.org", display_name="Marek Koordynator")
    network = NetworkFactory(
        name="Matematyka w klasach 1–3", coordinator=coordinator, allow_anonymous_posts=True
    )
    anna = UserFactory(email="anna@example.org", display_name="Anna Nauczycielka")
    basia = UserFactory(email="basia@example.org", display_name="Barbara Polonistka")
    for person in (anna, basia):
        MembershipFactory(network=network, user=person, role=Role.PARTICIPANT)
    discussions = f"/sieci/{network.slug}/dyskusje/"

    # Anna asks anonymously, with a picture of her pupils' worksheet.
    log_in(page, "anna@example.org")
    page.goto(discussions)
    axe(page)
    page.get_by_role("link", name="Rozpocznij wątek").click()
    axe(page)
    page.get_by_label("Tytuł").fill("Jak sprawdzacie karty pracy?")
    page.get_by_label("Pierwszy wpis").fill(
        "Mam wątpliwości, czy **dobrze** oceniam. Zdjęcie poniżej."
    )
    page.get_by_role("button", name="Podgląd").click()
    page.locator("#post-preview strong", has_text="dobrze").wait_for()
    page.get_by_label("Opublikuj anonimowo").check()
    page.locator("#id_files").set_input_files(
        files=[{"name": "karta.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    page.get_by_role("button", name="Rozpocznij wątek").click()
    page.wait_for_url("**/watek/**")
    axe(page)
    assert page.get_by_role("heading", name="Ty (anonimowy uczestnik)").is_visible()
    thumbnail = page.locator("img.forum-thumb")
    thumbnail.wait_for()
    assert page.evaluate("img => img.naturalWidth > 0", thumbnail.element_handle())
    thread = Thread.objects.get()
    assert thread.is_anonymous

    # Barbara sees an anonymous participant, and answers Anna by name through the autocomplete.
    log_in(page, "basia@example.org")
    page.goto(discussions)
    page.get_by_role("link", name="Jak sprawdzacie karty pracy?").click()
    axe(page)
    assert page.get_by_role("heading", name="Anonimowy uczestnik").is_visible()
    assert "Anna Nauczycielka" not in page.content()
    editor = page.get_by_label("Twój wpis")
    editor.click()
    editor.press_sequentially("Dzięki za pytanie, @Ann")
    page.get_by_role("option", name="Anna Nauczycielka").wait_for()
    axe(page)
    editor.press("Enter")
    editor.press_sequentially("zerknij na kryteria z warsztatów.")
    assert "@Anna Nauczycielka zerknij" in editor.input_value()
    page.get_by_role("button", name="Opublikuj odpowiedź").click()
    page.wait_for_url("**/watek/**")
    axe(page)
    reply = Post.objects.get(number=2)
    assert "<strong>@Anna Nauczycielka</strong>" in reply.body_html

    # Anna finds the notification and the unread marker.
    log_in(page, "anna@example.org")
    page.goto("/powiadomienia/")
    axe(page)
    notification = page.get_by_text("Barbara Polonistka wspomina o Tobie")
    notification.wait_for()
    page.goto(discussions)
    axe(page)
    marker = page.locator(".forum-unread-badge")
    assert "1 nowy" in marker.inner_text()
    marker.click()
    page.wait_for_url(f"**#post-{reply.pk}")
    axe(page)
    assert page.locator(f"#post-{reply.pk} .forum-new-badge").is_visible()
