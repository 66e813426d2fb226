from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from accounts.tests.factories import UserFactory
from notifications.digest import (
    DigestItem,
    digest_compose,
    digest_recipient_ids,
    period_start_for,
    register_section,
)
from notifications.models import Category, Digest, EmailRecord, Frequency
from notifications.services import network_mute_set, notify, preferences_update

pytestmark = pytest.mark.django_db

WARSAW = ZoneInfo("Europe/Warsaw")
JOINED = datetime(2025, 1, 1, tzinfo=UTC)


def item(key: str, network_id: int | None = 1, when: datetime | None = None) -> DigestItem:
    return DigestItem(
        key=key,
        title=f"Wątek {key}",
        url=f"/watki/{key}/",
        network_id=network_id,
        network_name="Sieć matematyków",
        when=when,
    )


@pytest.fixture
def section(digest_sections):
    """A reply section whose items the test sets; it remembers the windows it was asked for."""

    class Section:
        items: list[DigestItem] = []
        windows: list[tuple[datetime, datetime]] = []

        def __call__(self, user, since, until):
            self.windows.append((since, until))
            return [i for i in self.items if i.when is None or since <= i.when < until]

    fake = Section()
    fake.items, fake.windows = [], []
    register_section("test.replies", "Replies", fake, category=Category.REPLY)
    return fake


@pytest.fixture
def person():
    return UserFactory(date_joined=JOINED, language="pl")


def test_composing_twice_sends_one_digest(section, person):
    section.items = [item("forums.post:1")]
    first = digest_compose(user=person, period="daily", period_start=date(2025, 5, 5))
    second = digest_compose(user=person, period="daily", period_start=date(2025, 5, 5))
    assert first is not None and first.email_record is not None
    assert second is None
    assert Digest.objects.count() == 1
    assert EmailRecord.objects.filter(kind="digest").count() == 1


def test_an_empty_digest_is_recorded_but_never_emailed(section, person):
    digest = digest_compose(user=person, period="daily", period_start=date(2025, 5, 5))
    assert digest.item_count == 0
    assert digest.email_record is None
    assert not EmailRecord.objects.exists()


def test_items_already_emailed_are_left_out(section, person):
    notify(
        recipients=[person],
        category=Category.MENTION,
        text="%(name)s mentioned you",
        params={"name": "A"},
        item_key="forums.post:1",
    )
    section.items = [item("forums.post:1"), item("forums.post:2")]
    digest = digest_compose(user=person, period="daily", period_start=date(2025, 5, 5))
    assert digest.item_count == 1
    body = digest.email_record.body_text
    assert "/watki/forums.post:2/" in body
    assert "/watki/forums.post:1/" not in body


def test_items_in_muted_networks_are_left_out(section, person):
    network_mute_set(user=person, network_id=2, muted=True)
    section.items = [item("a", network_id=2), item("b", network_id=3), item("c", network_id=None)]
    digest = digest_compose(user=person, period="daily", period_start=date(2025, 5, 5))
    assert digest.item_count == 2
    assert "Wątek a" not in digest.email_record.body_html


def test_only_sections_of_categories_at_this_frequency_are_listed(section, person):
    section.items = [item("x")]
    preferences_update(user=person, frequencies={Category.REPLY: Frequency.WEEKLY})
    daily = digest_compose(user=person, period="daily", period_start=date(2025, 5, 5))
    assert daily.item_count == 0
    weekly = digest_compose(user=person, period="weekly", period_start=date(2025, 5, 5))
    assert weekly.item_count == 1
    assert weekly.email_record.subject.startswith("Twoje")


def test_nobody_who_chose_never_gets_a_digest(section, person):
    section.items = [item("x")]
    preferences_update(user=person, frequencies=dict.fromkeys(Category.values, Frequency.NEVER))
    assert digest_compose(user=person, period="daily", period_start=date(2025, 5, 5)) is None
    assert not Digest.objects.exists()


def test_english_reader_gets_an_english_digest(section):
    section.items = [item("x")]
    reader = UserFactory(date_joined=JOINED, language="en")
    digest = digest_compose(user=reader, period="daily", period_start=date(2025, 5, 5))
    record = digest.email_record
    assert record.subject == "Your daily digest from Sieci"
    assert "what is new in your networks" in record.body_text
    assert record.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.parametrize(
    ("day", "hours"),
    [(date(2025, 3, 30), 23), (date(2025, 10, 26), 25), (date(2025, 5, 5), 24)],
)
def test_a_digest_covers_the_local_day_across_clock_changes(section, person, day, hours):
    """From yesterday 07:00 to today 07:00 Warsaw time: 23 or 25 hours when the clocks change."""
    yesterday = day - timedelta(days=1)
    until_yesterday = datetime(yesterday.year, yesterday.month, yesterday.day, 7, tzinfo=WARSAW)
    until = datetime(day.year, day.month, day.day, 7, tzinfo=WARSAW)
    assert period_start_for(period="daily", at=until) == day
    early_today = datetime(day.year, day.month, day.day, 6, 30, tzinfo=WARSAW)
    section.items = [
        item("old", when=until_yesterday - timedelta(minutes=5)),
        item("new", when=early_today),
    ]
    digest_compose(user=person, period="daily", period_start=yesterday, until=until_yesterday)
    digest = digest_compose(user=person, period="daily", period_start=day, until=until)
    since, window_until = section.windows[-1]
    assert since == until_yesterday
    assert window_until - since == timedelta(hours=hours)
    assert digest.item_count == 1
    assert "Wątek new" in digest.email_record.body_text


@pytest.mark.parametrize(("day", "hours"), [(date(2025, 3, 30), 23), (date(2025, 10, 26), 25)])
def test_a_first_digest_looks_back_to_yesterday_at_the_same_local_time(section, person, day, hours):
    until = datetime(day.year, day.month, day.day, 7, tzinfo=WARSAW)
    digest = digest_compose(user=person, period="daily", period_start=day, until=until)
    assert digest.until - digest.since == timedelta(hours=hours)


def test_period_start_is_the_local_date_and_the_monday_of_the_week():
    # 23:30 UTC on Saturday 29 March is already Sunday 30 March in Warsaw.
    at = datetime(2025, 3, 29, 23, 30, tzinfo=UTC)
    assert period_start_for(period="daily", at=at) == date(2025, 3, 30)
    assert period_start_for(period="weekly", at=at) == date(2025, 3, 24)


def test_a_person_back_after_months_gets_at_most_a_week(section, person):
    until = datetime(2025, 6, 2, 7, tzinfo=WARSAW)
    Digest.objects.create(
        user=person, period="daily", period_start=date(2025, 2, 1), since=JOINED, until=JOINED
    )
    digest = digest_compose(user=person, period="daily", period_start=date(2025, 6, 2), until=until)
    assert digest.since == datetime(2025, 5, 26, 7, tzinfo=WARSAW)


def test_digest_recipients_by_preference():
    by_default = UserFactory()
    all_never = UserFactory()
    preferences_update(user=all_never, frequencies=dict.fromkeys(Category.values, "never"))
    weekly_only = UserFactory()
    preferences_update(user=weekly_only, frequencies=dict.fromkeys(Category.values, "weekly"))
    done = UserFactory()
    Digest.objects.create(
        user=done, period="daily", period_start=date(2025, 5, 5), since=JOINED, until=JOINED
    )
    inactive = UserFactory(is_active=False)
    daily = set(digest_recipient_ids(period="daily", period_start=date(2025, 5, 5)))
    weekly = set(digest_recipient_ids(period="weekly", period_start=date(2025, 5, 5)))
    assert by_default.pk in daily
    assert {all_never.pk, weekly_only.pk, done.pk, inactive.pk}.isdisjoint(daily)
    assert weekly == {weekly_only.pk}


def test_a_worker_that_loses_the_race_sends_nothing(digest_sections, person):
    """Another worker inserts the digest while this one gathers items: the unique row wins."""

    def racing_section(user, since, until):
        Digest.objects.create(
            user=user, period="daily", period_start=date(2025, 5, 5), since=since, until=until
        )
        return [item("x")]

    register_section("test.race", "Race", racing_section, category=Category.REPLY)
    assert digest_compose(user=person, period="daily", period_start=date(2025, 5, 5)) is None
    assert Digest.objects.count() == 1
    assert not EmailRecord.objects.exists()
