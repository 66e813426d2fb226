"""A coordinator opens the home page, follows each decision waiting in the "needs your
decision" box to where it is taken, takes it, and comes back until nothing waits; then
answers a meeting ahead in one click. At a desktop width and at a phone's 360 px, every
page checked with axe.

The dashboard is found by its sections' ids (not by their words), so the journey holds
in either language."""

import pytest

from accounts.tests.factories import UserFactory
from evaluation.models import Survey
from forums.models import Post, PostStatus, Report
from networks.models import JoinRequest, Meeting, RequestStatus
from networks.tests.factories import MeetingFactory, NetworkFactory
from resources.models import Resource, Status
from tests.e2e.test_forums_journey import log_in
from tests.test_dashboard import decisions_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def go(page, locator) -> None:
    """Click and wait for the page it leads to (a form's answer is a redirect)."""
    with page.expect_navigation():
        locator.click()


def open_decision(page, axe, key: str) -> None:
    """From the home page, follow the first link of one kind of decision."""
    page.goto("/")
    axe(page)
    go(page, page.locator(f"#dashboard-{key} a").first)
    axe(page)


@pytest.mark.parametrize("width", [1280, 360])
def test_coordinator_takes_every_waiting_decision_from_the_home_page(page, axe, width):
    page.set_viewport_size({"width": width, "height": 900})
    coordinator = UserFactory(email="koordynator@example.org", display_name="Marek Koordynator")
    network = NetworkFactory(name="Matematyka w klasach 1–3", coordinator=coordinator)
    waiting = decisions_for(network, coordinator, label="demo")
    ahead = MeetingFactory(network=network, title="Warsztaty z geometrii")

    log_in(page, coordinator.email)
    page.goto("/")
    axe(page)
    decisions = page.locator("#dashboard-decisions")
    assert decisions.is_visible()
    assert decisions.locator(".dashboard-decision").count() == 6

    # A request to join: approved on the network's coordination page.
    open_decision(page, axe, "networks-join-requests")
    go(page, page.locator("button[name=decision][value=approve]").first)
    axe(page)
    assert JoinRequest.objects.get(pk=waiting["join_request"].pk).status == RequestStatus.APPROVED

    # A first post waiting for approval: approved in moderation.
    open_decision(page, axe, "forums-posts-to-approve")
    go(page, page.locator("button[name=decision][value=approve]").first)
    assert Post.objects.get(pk=waiting["pending"].pk).status == PostStatus.PUBLISHED

    # A reported post: the report dismissed in moderation.
    open_decision(page, axe, "forums-reports")
    go(page, page.locator("form[action*='/zgloszenie/'] button").first)
    assert Report.objects.get(pk=waiting["report"].pk).resolved_at is not None

    # A material submitted to the bank: published from its page.
    open_decision(page, axe, "resources-curation")
    page.locator("input[name=decision][value=publish]").check()
    go(page, page.locator("form[action*='/decyzja/'] button[type=submit]"))
    axe(page)
    assert Resource.objects.get(pk=waiting["material"].pk).status == Status.PUBLISHED

    # A meeting that ended without attendance, then without minutes.
    open_decision(page, axe, "networks-meeting-follow-up")
    go(page, page.locator("main form button[type=submit].btn-primary"))
    assert Meeting.objects.get(pk=waiting["ended"].pk).attendance_taken_at is not None
    open_decision(page, axe, "networks-meeting-follow-up")
    page.locator("#id_minutes").fill("Omówiliśmy scenariusze zajęć i plan lekcji pokazowej.")
    go(page, page.locator("form:has(#id_minutes) button[type=submit]"))
    assert Meeting.objects.get(pk=waiting["ended"].pk).minutes

    # An open survey: closed from its page.
    open_decision(page, axe, "evaluation-open-surveys")
    go(page, page.locator("form[action$='/zamknij/'] button"))
    assert Survey.objects.get(pk=waiting["survey"].pk).is_closed

    # Nothing waits any more, and the box says so.
    page.goto("/")
    axe(page)
    assert page.locator("#dashboard-decisions .dashboard-decision").count() == 0
    assert page.locator("#dashboard-decisions p").is_visible()

    # A meeting ahead, answered in one click without leaving the page (htmx swaps the item).
    item = page.locator(f"#dashboard-meeting-{ahead.pk}")
    item.locator(f"#rsvp-{ahead.pk}-yes").click()
    page.locator(f"#dashboard-meeting-{ahead.pk} [role=status]").wait_for()
    assert page.locator(f"#rsvp-{ahead.pk}-yes").get_attribute("aria-pressed") == "true"
    axe(page)
    assert ahead.rsvps.get(user=coordinator).answer == "yes"
