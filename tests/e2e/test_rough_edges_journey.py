"""Rough edges a new user met, checked in the browser the way they met them."""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from networks.models import Rsvp
from networks.tests.factories import MeetingFactory, MembershipFactory, NetworkFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = (1280, 360)


def _log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Adres e-mail").fill(email)
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj", exact=True).click()
    page.wait_for_url("**/")


def _axe_at_both_widths(page, axe):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        axe(page)
    page.set_viewport_size({"width": 1280, "height": 800})


def _tab_to(page, element_id, limit=80):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} cannot be reached with the Tab key")


def _focused_id(page):
    return page.evaluate("document.activeElement.id")


def test_answering_a_meeting_by_keyboard_updates_the_list_keeps_focus_and_is_announced(page, axe):
    network = NetworkFactory()
    teacher = UserFactory(email="ewa@example.org", display_name="Ewa Nowak")
    MembershipFactory(network=network, user=teacher)
    meeting = MeetingFactory(network=network, title="Gry planszowe")
    _log_in(page, "ewa@example.org")
    page.goto(meeting.get_absolute_url())
    _axe_at_both_widths(page, axe)
    answers = page.locator("#meeting-answers")
    live = page.locator("#rsvp-announcement")
    assert live.get_attribute("aria-live") == "polite"
    assert "Ewa Nowak" not in answers.inner_text()

    _tab_to(page, "rsvp-yes")
    page.keyboard.press("Enter")
    expect(answers).to_contain_text("Ewa Nowak")
    assert _focused_id(page) == "rsvp-yes"
    assert "Biorę udział" in live.inner_text()
    assert page.locator("#rsvp-yes").get_attribute("aria-pressed") == "true"
    assert Rsvp.objects.get(user=teacher).answer == "yes"

    # Two Tabs on, the "no" answer, with Space this time: she is no longer listed as coming.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert _focused_id(page) == "rsvp-no"
    page.keyboard.press("Space")
    expect(answers).not_to_contain_text("Ewa Nowak")
    assert _focused_id(page) == "rsvp-no"
    assert "Nie biorę udziału" in live.inner_text()
    assert Rsvp.objects.get(user=teacher).answer == "no"
    _axe_at_both_widths(page, axe)


def test_mention_suggestions_leave_the_preview_button_free_and_the_preview_warns(page, axe):
    from forums.tests.factories import member_of, thread_with_posts

    network = NetworkFactory()
    author = member_of(network, email="ewa@example.org", display_name="Ewa Nowak")
    member_of(network, display_name="Piotr Nowak")
    member_of(network, display_name="Piotr Zieliński")
    thread = thread_with_posts(network, author)
    _log_in(page, "ewa@example.org")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(thread.get_absolute_url())
        body = page.locator("textarea[name=body]")
        body.click()
        page.keyboard.type("Pytanie do @Pio")
        suggestions = page.locator("#mention-suggestions")
        expect(suggestions.get_by_role("option").first).to_be_visible()
        preview = page.get_by_role("button", name="Podgląd")
        box, button = suggestions.bounding_box(), preview.bounding_box()
        assert box["y"] + box["height"] <= button["y"], "the suggestions cover the Preview button"
        axe(page)
    page.keyboard.press("Escape")
    body.fill("Pytanie do @Piotr i @Zenon")
    preview.click()
    notice = page.locator("#post-preview [role=status]")
    expect(notice).to_contain_text("@Zenon")
    expect(notice).to_contain_text("Piotr Nowak, Piotr Zieliński")
    _axe_at_both_widths(page, axe)
