"""Every kind of e-mail reads well in mail clients: a text part and an HTML part, styles
inline, no remote images, absolute links only, dark mode declared, threads grouped."""

import re
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from evaluation.models import Survey
from evaluation.reminders import survey_reminders_send_due
from evaluation.tests.factories import make_survey
from networks import meetings
from networks.models import Answer, MeetingForm, MeetingKind
from networks.reminders import reminders_send_due
from networks.services import invitation_create
from networks.tests.factories import MembershipFactory, NetworkFactory
from notifications.digest import digest_compose
from notifications.mail import email_deliver
from notifications.models import Category, EmailRecord, Frequency, Preference

pytestmark = pytest.mark.django_db


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def _parse(html: str) -> _Html:
    parser = _Html()
    parser.feed(html)
    return parser


def _every_kind_of_e_mail(client) -> dict[str, EmailRecord]:
    coordinator = UserFactory(can_create_networks=True)
    network = NetworkFactory(coordinator=coordinator)
    member = MembershipFactory(network=network).user
    reader = MembershipFactory(network=network).user
    Preference.objects.create(user=reader, category=Category.MEETING, frequency=Frequency.DAILY)
    start = timezone.now() + timedelta(days=3)
    meeting = meetings.meeting_schedule(
        network=network,
        by=coordinator,
        title="Warsztaty <z> gier & zabaw",
        kind=MeetingKind.HYBRID,
        form=MeetingForm.WORKSHOP,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Sala 12",
        online_url="https://spotkania.example.org/x",
    )
    meetings.rsvp_answer(meeting=meeting, user=member, answer=Answer.YES)
    reminders_send_due(now=start - timedelta(hours=23))
    survey = make_survey(network, coordinator)
    Survey.objects.filter(pk=survey.pk).update(
        opens_at=timezone.now() - timedelta(days=5), closes_at=timezone.now() + timedelta(hours=47)
    )
    survey_reminders_send_due()
    digest_compose(user=reader, period="daily", period_start=date.today())
    invitation_create(network=network, by=coordinator, email="nowa@example.org")
    UserFactory(email="ola@example.org")
    client.post(reverse("account_reset_password"), {"email": "ola@example.org"})
    records = {
        "meeting invitation": EmailRecord.objects.get(user=member, kind="notification"),
        "meeting reminder": EmailRecord.objects.filter(user=member, kind="reminder").first(),
        "survey reminder": EmailRecord.objects.get(user=member, kind="survey_reminder"),
        "digest": EmailRecord.objects.get(user=reader, kind="digest"),
        "network invitation": EmailRecord.objects.get(to_address="nowa@example.org"),
        "account": EmailRecord.objects.get(to_address="ola@example.org", kind="account"),
    }
    assert all(records.values()), records
    return records


@pytest.fixture
def records(client):
    return _every_kind_of_e_mail(client)


def test_every_kind_is_sent_with_a_text_and_an_html_part(records, mailoutbox):
    for record in records.values():
        email_deliver(record_id=record.pk)
    assert len(mailoutbox) == len(records)
    for message in mailoutbox:
        assert message.body.strip()
        assert [mimetype for _content, mimetype in message.alternatives] == ["text/html"]


def test_every_kind_has_its_styles_inline_and_only_dark_mode_rules_in_style(records):
    for kind, record in records.items():
        html = _parse(record.body_html)
        assert not [tag for tag, _attrs in html.tags if tag == "link"], kind
        leftover = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*\s*\}", "", "".join(html.styles))
        assert not leftover.strip(), (kind, leftover)
        assert "prefers-color-scheme: dark" in "".join(html.styles), kind
        for tag, attrs in html.tags:
            if tag in ("body", "p", "a", "h1", "td"):
                assert "style" in attrs, (kind, tag, attrs)


def test_every_kind_declares_dark_mode_and_loads_nothing_remote(records):
    for kind, record in records.items():
        html = _parse(record.body_html)
        meta = {
            attrs.get("name"): attrs.get("content") for tag, attrs in html.tags if tag == "meta"
        }
        assert meta.get("color-scheme") == "light dark", kind
        assert meta.get("supported-color-schemes") == "light dark", kind
        sources = [attrs.get("src", "") for tag, attrs in html.tags if "src" in attrs]
        assert not [src for src in sources if src.startswith(("http:", "https:", "//"))], kind
        assert 'width="600"' in record.body_html and "max-width: 600px" in record.body_html


def test_every_link_in_every_kind_is_absolute(records):
    for kind, record in records.items():
        hrefs = [attrs["href"] for tag, attrs in _parse(record.body_html).tags if "href" in attrs]
        assert hrefs, kind
        assert all(href.startswith(("http://", "https://", "mailto:")) for href in hrefs), (
            kind,
            hrefs,
        )


def test_the_meeting_e_mails_name_one_thread_and_keep_their_own_message_ids(records):
    invitation, reminder = records["meeting invitation"], records["meeting reminder"]
    assert invitation.headers["References"] == reminder.headers["References"]
    assert invitation.headers["In-Reply-To"] == invitation.headers["References"]
    assert invitation.message_id != reminder.message_id


def test_user_text_is_escaped_in_the_html_part(records):
    html = records["meeting invitation"].body_html
    assert "&lt;z&gt; gier &amp; zabaw" in html and "<z>" not in html
