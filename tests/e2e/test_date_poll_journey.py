"""A date poll on a 360 px wide phone: the table fits (it scrolls inside itself, never the
page), axe finds nothing serious, a member answers and the coordinator picks a date."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import PASSWORD, UserFactory
from networks import polls
from networks.models import Meeting, MeetingKind
from networks.tests.factories import MembershipFactory, NetworkFactory

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


def _page_fits(page) -> bool:
    # A wide table may scroll inside its own box; the page itself never scrolls sideways.
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_member_answers_and_coordinator_picks_a_date_on_a_phone(page, axe):
    coordinator = UserFactory(email="koordynatorka@example.org", display_name="Ola K.")
    network = NetworkFactory(coordinator=coordinator)
    member = UserFactory(email="nauczyciel@example.org", display_name="Jan Kowalski-Wiśniewski")
    MembershipFactory(network=network, user=member)
    base = timezone.localtime().replace(hour=17, minute=0, second=0, microsecond=0)
    slots = [(base + timedelta(days=d), base + timedelta(days=d, hours=2)) for d in (8, 9, 10)]
    poll = polls.poll_create(
        network=network,
        by=coordinator,
        slots=slots,
        title="Warsztaty z otwartych zasobów edukacyjnych",
        kind=MeetingKind.ONLINE,
        form="workshop",
        online_url="https://spotkania.example.org/oze",
    )
    page.set_viewport_size({"width": 360, "height": 740})

    _log_in(page, member.email)
    page.goto(poll.get_absolute_url())
    axe(page)
    assert _page_fits(page)
    for slot, choice in zip(poll.slots.all(), ("yes", "if_need_be", "no"), strict=True):
        page.locator(f'input[name="slot_{slot.pk}"][value="{choice}"]').check()
    page.locator('section[aria-labelledby="my-answer-heading"] button[type="submit"]').click()
    page.wait_for_url(re.compile(r".*/terminy/\d+/$"))
    assert member.display_name in page.locator("table").inner_text()

    page.context.clear_cookies()
    _log_in(page, coordinator.email)
    page.goto(poll.get_absolute_url())
    axe(page)
    assert _page_fits(page)
    chosen = poll.slots.first()
    page.locator(f'form:has(input[name="slot"][value="{chosen.pk}"]) button').click()
    page.wait_for_url(re.compile(r".*/spotkania/\d+/$"))
    meeting = Meeting.objects.get()
    assert meeting.starts_at == chosen.starts_at
    assert meeting.rsvps.filter(user=member, answer="yes").exists()
