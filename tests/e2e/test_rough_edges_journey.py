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


def test_on_a_phone_tabs_scales_filters_and_the_plan_fit_and_work_by_keyboard(page, axe):
    from datetime import date

    from django.urls import reverse

    from evaluation.tests.factories import make_survey
    from networks.models import PlannedActivity, Role
    from resources.tests.factories import resource_published

    coordinator = UserFactory(email="koordynatorka@example.org")
    network = NetworkFactory(coordinator=coordinator)
    teacher = UserFactory(email="ewa@example.org")
    MembershipFactory(network=network, user=teacher, role=Role.PARTICIPANT)
    PlannedActivity.objects.create(
        network=network,
        title="Lekcja otwarta z długim opisem działania",
        starts_on=date(2026, 12, 1),
    )
    survey = make_survey(network, coordinator)
    for number in range(3):
        resource_published(
            network=network, author=teacher, coordinator=coordinator, title=f"Scenariusz {number}"
        )
    _log_in(page, "ewa@example.org")
    page.set_viewport_size({"width": 360, "height": 800})

    # The network's tabs: one row that scrolls sideways.
    page.goto(reverse("networks:plan", kwargs={"slug": network.slug}))
    tops = page.eval_on_selector_all(
        ".network-tabs .nav-link", "links => links.map(link => link.getBoundingClientRect().top)"
    )
    assert len(set(tops)) == 1, "the tabs wrap into several rows"
    assert "1 grudnia 2026" in page.locator("#main table").inner_text()
    # The plan table scrolls, and the keyboard reaches its scroll container.
    axe(page)
    region = page.locator("#main .table-responsive")
    assert region.get_attribute("role") == "region" and region.get_attribute("aria-label")
    region.evaluate("element => { element.id = 'plan-scroll'; }")
    _tab_to(page, "plan-scroll")
    scrolled = region.evaluate("element => element.scrollWidth > element.clientWidth")
    if scrolled:  # the arrow keys move it once it has the focus
        page.keyboard.press("ArrowRight")
        for _attempt in range(20):  # scrolling may be smooth: give it a moment
            if region.evaluate("element => element.scrollLeft") > 0:
                break
            page.wait_for_timeout(100)
        assert region.evaluate("element => element.scrollLeft") > 0
    axe(page)

    # A 0–10 scale: one compact group, two rows at most.
    page.goto(
        reverse("evaluation:survey_answer", kwargs={"network_slug": network.slug, "pk": survey.pk})
    )
    tops = page.eval_on_selector_all(
        ".survey-scale .form-check",
        "options => options.map(option => option.getBoundingClientRect().top)",
    )
    assert len(tops) == 11 and len({round(top) for top in tops}) <= 2
    _axe_at_both_widths(page, axe)
    page.set_viewport_size({"width": 360, "height": 800})

    # The bank: the first result within the first screen, the filters behind a button.
    page.goto(reverse("resources:bank"))
    first = page.locator("#bank-results article").first
    assert first.bounding_box()["y"] < 800
    assert not page.locator("#bank-filters").is_visible()
    page.locator("[aria-controls=bank-filters]").click()
    expect(page.locator("#bank-filters")).to_be_visible()
    axe(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(page.locator("#bank-filters")).to_be_visible()
    axe(page)


def test_rating_a_material_updates_its_average_and_curators_find_the_queue(page, axe):
    from django.urls import reverse

    from resources.tests.factories import resource_published

    coordinator = UserFactory(email="koordynatorka@example.org")
    network = NetworkFactory(coordinator=coordinator)
    author = UserFactory()
    MembershipFactory(network=network, user=author)
    material = resource_published(network=network, author=author, coordinator=coordinator)
    UserFactory(email="czytelniczka@example.org")

    _log_in(page, "czytelniczka@example.org")
    page.goto(material.get_absolute_url())
    _axe_at_both_widths(page, axe)
    average = page.locator("#rating-summary")
    assert average.inner_text() == "—"
    page.get_by_role("radio", name="4").check()
    page.get_by_role("button", name="Zapisz moją ocenę").click()
    expect(average).to_have_text("4,0/5 (1)")
    _axe_at_both_widths(page, axe)
    page.context.clear_cookies()

    # The coordinator reaches the queue from the bank.
    _log_in(page, "koordynatorka@example.org")
    page.goto(reverse("resources:bank"))
    page.locator(f"a[href='{reverse('resources:curation_queue')}']").click()
    page.wait_for_url(f"**{reverse('resources:curation_queue')}")
    _axe_at_both_widths(page, axe)


def test_a_member_is_told_when_survey_results_appear(page, axe):
    from django.urls import reverse

    from evaluation.models import Survey
    from evaluation.tests.factories import make_survey

    coordinator = UserFactory()
    network = NetworkFactory(coordinator=coordinator)
    MembershipFactory(network=network, user=UserFactory(email="ewa@example.org"))
    survey = make_survey(network, coordinator)
    Survey.objects.filter(pk=survey.pk).update(results_shared=True)
    _log_in(page, "ewa@example.org")
    url = reverse(
        "evaluation:survey_results", kwargs={"network_slug": network.slug, "pk": survey.pk}
    )
    page.goto(url)
    expect(page.locator("#main [role=status]")).to_contain_text(str(survey.closes_at.year))
    _axe_at_both_widths(page, axe)
