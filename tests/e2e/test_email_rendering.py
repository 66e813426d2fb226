"""The meeting invitation e-mail as a mail client's browser engine shows it, light and dark.

The screenshots land in tests/e2e/artifacts/ (docs/screenshots/email-*.png are copies).
"""

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.test_email_quality import _every_kind_of_e_mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

CARD_BACKGROUND = "getComputedStyle(document.querySelector('.card')).backgroundColor"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_meeting_invitation_reads_well_light_and_dark(browser, client, scheme):
    html = _every_kind_of_e_mail(client)["meeting invitation"].body_html
    context = browser.new_context(
        color_scheme=scheme, viewport={"width": 680, "height": 900}, java_script_enabled=True
    )
    page = context.new_page()
    # Nothing remote may load: every request the e-mail would make fails the test.
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.set_content(html, wait_until="load")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"email-meeting-invitation-{scheme}.png"), full_page=True)
    background = page.evaluate(CARD_BACKGROUND)
    width = page.evaluate("document.querySelector('.container').getBoundingClientRect().width")
    context.close()
    assert requests == []
    assert width <= 600
    assert background == ("rgb(255, 255, 255)" if scheme == "light" else "rgb(29, 34, 40)")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_teacher_answers_from_the_e_mail_without_logging_in(page, axe):
    from urllib.parse import urlsplit

    from networks.meeting_links import meeting_answer_url
    from networks.models import Answer, Rsvp
    from networks.tests.factories import MeetingFactory, MembershipFactory

    membership = MembershipFactory()
    meeting = MeetingFactory(network=membership.network, title="Gry planszowe w klasie")
    link = urlsplit(meeting_answer_url(meeting=meeting, user=membership.user, answer=Answer.MAYBE))
    page.goto(f"{link.path}?{link.query}")
    axe(page)
    assert not Rsvp.objects.exists()  # opening the link (as a mail scanner does) changes nothing
    page.get_by_role("button", name="Może").click()
    page.wait_for_load_state()
    axe(page)
    assert Rsvp.objects.get(meeting=meeting, user=membership.user).answer == Answer.MAYBE
