"""Digests: what is new for a person since their last digest, one e-mail per day or week.

Apps own their data, so each app contributes a section by registering it in
its AppConfig.ready():

    register_batch_section("forums.posts", _("New threads and replies"),
                           posts_for_digests, category=Category.REPLY)

where `posts_for_digests(readers, until) -> {user id: [DigestItem]}` lists the
items of a whole batch of readers (each a (user, since) pair) in a constant
number of queries; `register_section` takes a simpler `function(user, since,
until)` asked once per person. Digests are composed in batches
(`digests_compose`, one task per batch of DIGEST_BATCH people), so the queries
per digest stay constant and small. A person gets a daily digest listing the sections
whose category they set to "daily" (a weekly one for "weekly"), without items
from networks they muted and without items already e-mailed to them — the rule
of notifications.eligibility.may_email, as for every other e-mail.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache, reduce
from itertools import islice
from operator import or_
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from notifications.eligibility import EmailSettings, email_settings_for, may_email
from notifications.inbound.tokens import address_for, mailto_for, reply_tokens
from notifications.mail import absolute_url, email_build, emails_queue, user_language
from notifications.models import (
    Category,
    Digest,
    DigestPeriod,
    EmailKind,
    Preference,
    default_frequency,
)
from notifications.selectors import emailed_item_pairs

DIGEST_TEMPLATE = "notifications/email/digest"
DIGEST_ITEM_TEMPLATE = "notifications/email/partials/_digest_item"
SUBJECTS = {
    DigestPeriod.DAILY: _("Your daily digest from Sieci"),
    DigestPeriod.WEEKLY: _("Your weekly digest from Sieci"),
}
# The first digest looks back one period; a person back after a long pause gets
# at most this much, not months of old news.
MAX_LOOKBACK_PERIODS = {DigestPeriod.DAILY: 7, DigestPeriod.WEEKLY: 4}
# People composed by one task: each section asks the database once for the whole batch,
# so 500 digests cost about as many queries as one. A batch renders in a few seconds,
# far inside the task's time limit, and 10,000 people make 20 tasks for the workers to share.
DIGEST_BATCH = 500


@dataclass(frozen=True)
class DigestItem:
    key: str  # the item key, e.g. "forums.post:12", as used in notify()
    title: str
    url: str
    network_id: int | None
    network_name: str
    when: datetime | None
    summary: str = ""
    # What a reply by e-mail to this item becomes (e.g. "forums.thread:12"); "" for none.
    reply_key: str = ""

    @classmethod
    def about(cls, thing, *, when: datetime | None, summary: str) -> "DigestItem":
        """The item about a network's meeting, material or survey: its title, its page and
        its network (loaded with it), under the key "<app>.<model>:<pk>"."""
        return cls(
            key=f"{thing._meta.label_lower}:{thing.pk}",
            title=thing.title,
            url=thing.get_absolute_url(),
            network_id=thing.network_id,
            network_name=thing.network.name,
            when=when,
            summary=summary,
        )


# A reader is a person and the start of their digest's window (the end is shared).
Reader = tuple[User, datetime]
SectionFunction = Callable[[User, datetime, datetime], list[DigestItem]]
BatchSectionFunction = Callable[[Sequence[Reader], datetime], dict[int, list[DigestItem]]]


@dataclass(frozen=True)
class DigestSection:
    key: str
    title: str
    # The items of each reader (by user id) from their since up to until.
    function: BatchSectionFunction
    category: str


_sections: dict[str, DigestSection] = {}


def register_batch_section(
    key: str, title, function: BatchSectionFunction, *, category: str = Category.REPLY
) -> None:
    """Add (or replace) a digest section; `function(readers, until)` lists the new items of
    every reader, a (user, since) pair, by user id, in a constant number of queries."""
    if category not in Category.values:
        raise ValueError(f"Unknown category {category!r} for digest section {key!r}")
    _sections[key] = DigestSection(key=key, title=title, function=function, category=category)


def register_section(
    key: str, title, function: SectionFunction, *, category: str = Category.REPLY
) -> None:
    """Add (or replace) a digest section asked once per person: `function(user, since, until)`
    lists their new items (its queries are paid per person; prefer register_batch_section)."""

    def for_readers(readers: Sequence[Reader], until: datetime) -> dict[int, list[DigestItem]]:
        return {user.pk: function(user, since, until) for user, since in readers}

    register_batch_section(key, title, for_readers, category=category)


def unregister_section(key: str) -> None:
    """Remove a digest section (tests and benchmarks register temporary ones)."""
    _sections.pop(key, None)


def registered_sections() -> list[DigestSection]:
    return list(_sections.values())


def readers_since(readers: Sequence[Reader], *, reader: str, after: str) -> Q:
    """One condition for a batch of readers: rows of each reader (`reader` is the lookup of
    their user id) with `after` (e.g. "created_at__gt") past their own since.

    Readers composed together mostly share their since (the previous digest's end), so the
    condition has a term per distinct since, not per person; put it in the same filter()
    as nothing else on the reader's relation, and annotate the reader after it."""
    by_since: dict[datetime, list[int]] = defaultdict(list)
    for user, since in readers:
        by_since[since].append(user.pk)
    return reduce(
        or_, (Q(**{f"{reader}__in": ids, after: since}) for since, ids in by_since.items())
    )


def described_once(
    rows: Iterable[tuple[int, Any]], describe: Callable[[Any], DigestItem]
) -> dict[int, list[DigestItem]]:
    """Each reader's items from (reader id, row) pairs, each row (by pk) described once
    however many readers it is new to."""
    made: dict[int, DigestItem] = {}
    found: dict[int, list[DigestItem]] = {}
    for reader_id, row in rows:
        if row.pk not in made:
            made[row.pk] = describe(row)
        found.setdefault(reader_id, []).append(made[row.pk])
    return found


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def period_start_for(*, period: str, at: datetime) -> date:
    """The local date of the day (or the Monday of the week) a digest run at `at` belongs to."""
    local_day = at.astimezone(local_zone()).date()
    if period == DigestPeriod.WEEKLY:
        return local_day - timedelta(days=local_day.weekday())
    return local_day


def _periods_before(*, period: str, until: datetime, count: int) -> datetime:
    # Wall-clock arithmetic in the local zone: "yesterday at 07:00" is 23 or 25
    # hours ago on the days the clocks change, not always 24.
    days = count * (7 if period == DigestPeriod.WEEKLY else 1)
    # Back to UTC at once: Python compares and subtracts two datetimes sharing
    # a tzinfo by their wall clocks, which would undo exactly this care.
    local = until.astimezone(local_zone())
    return (local - timedelta(days=days)).astimezone(UTC)


def digest_since(
    *, user: User, period: str, previous_until: datetime | None, until: datetime
) -> datetime:
    """Where a digest starts: where the previous one ended, within the lookback cap."""
    earliest = _periods_before(period=period, until=until, count=MAX_LOOKBACK_PERIODS[period])
    since = previous_until or _periods_before(period=period, until=until, count=1)
    return max(since, earliest, user.date_joined)


def _allowed(
    user: User, category: str, network_id: int | None, email_settings: EmailSettings, period: str
) -> bool:
    return may_email(
        user=user,
        category=category,
        network_id=network_id,
        settings=email_settings,
        wanted={period},
    )


def digest_items_for(
    *,
    readers: Sequence[Reader],
    period: str,
    email_settings: EmailSettings,
    until: datetime,
) -> dict[int, list[tuple[DigestSection, list[DigestItem]]]]:
    """For each reader, the registered sections they get in this period's digest, with the
    items that may be e-mailed to them (not from a muted network) and were not e-mailed
    already; one call of each section per language of the readers (what a section writes,
    a summary or a date, is in the reader's language) and one query for what was e-mailed."""
    found: dict[int, list[tuple[DigestSection, list[DigestItem]]]] = {
        user.pk: [] for user, _since in readers
    }
    by_language: dict[str, list[Reader]] = defaultdict(list)
    for user, since in readers:
        by_language[user_language(user)].append((user, since))
    for section in registered_sections():
        for language, group in by_language.items():
            wanting = [
                (user, since)
                for user, since in group
                if _allowed(user, section.category, None, email_settings, period)
            ]
            if not wanting:
                continue
            with translation.override(language):
                items = section.function(wanting, until)
            for user, _since in wanting:
                found[user.pk].append((section, items.get(user.pk) or []))
    emailed = emailed_item_pairs(
        pairs=[
            (user_id, item.key)
            for user_id, sections in found.items()
            for _section, items in sections
            for item in items
        ]
    )
    users = {user.pk: user for user, _since in readers}
    result = {}
    for user_id, sections in found.items():
        seen: set[str] = set()
        kept_sections = []
        for section, items in sections:
            kept = []
            for item in items:
                if (
                    item.key in seen
                    or (user_id, item.key) in emailed
                    or not _allowed(
                        users[user_id], section.category, item.network_id, email_settings, period
                    )
                ):
                    continue
                seen.add(item.key)
                kept.append(item)
            if kept:
                kept_sections.append((section, kept))
        result[user_id] = kept_sections
    return result


def digests_compose(
    *, users: Sequence[User], period: str, period_start: date, until: datetime | None = None
) -> dict[int, Digest]:
    """Compose and queue the digests of a batch of people for one period, each once; the
    digests made, by user id (none for those done already or wanting none).

    The unique (user, period, period_start) row decides: rows are inserted with ON CONFLICT
    DO NOTHING, so a second run, a retry, a second beat or another worker composing the same
    people finds them (or waits for them and then finds them) and sends nothing. A digest
    with nothing in it is recorded (so the next one starts after it) but never e-mailed.
    The queries depend neither on the number of people nor on their items: thirteen a batch
    with the four sections of the apps (their queries again for each further language).
    """
    users = list({user.pk: user for user in users}.values())
    if not users:
        return {}
    latest: dict[int, tuple[date, datetime]] = {
        user_id: (start, end)
        for user_id, start, end in Digest.objects.filter(
            user__in=users, period=period, period_start__lte=period_start
        )
        .order_by("user_id", "-period_start")
        .distinct("user_id")
        .values_list("user_id", "period_start", "until")
    }
    # Already composed: the unique row below is what guarantees it; this spares the work.
    users = [user for user in users if latest.get(user.pk, (None,))[0] != period_start]
    email_settings = email_settings_for(user_ids=[user.pk for user in users])
    users = [
        user
        for user in users
        if any(_allowed(user, category, None, email_settings, period) for category in Category)
    ]
    if not users:
        return {}
    until = until or timezone.now()
    readers = [
        (
            user,
            digest_since(
                user=user,
                period=period,
                previous_until=latest[user.pk][1] if user.pk in latest else None,
                until=until,
            ),
        )
        for user in users
    ]
    sections = digest_items_for(
        readers=readers, period=period, email_settings=email_settings, until=until
    )
    replies = reply_tokens(
        pairs=[
            (user_id, item.reply_key)
            for user_id, found in sections.items()
            for _s, items in found
            for item in items
            if item.reply_key
        ]
    )
    since_of = {user.pk: since for user, since in readers}
    with transaction.atomic():
        claimed = _digests_claim(
            rows=[
                (
                    user.pk,
                    since_of[user.pk],
                    sum(len(items) for _section, items in sections[user.pk]),
                )
                for user in users
            ],
            period=period,
            period_start=period_start,
            until=until,
        )
        records = [
            _digest_email(
                user=user,
                period=period,
                since=since_of[user.pk],
                until=until,
                sections=sections[user.pk],
                replies=replies,
            )
            for user in users
            if user.pk in claimed and sections[user.pk]
        ]
        records = emails_queue(records=records)
        sent_at = timezone.now()
        for record in records:
            digest = claimed[record.user_id]
            digest.email_record = record
            digest.sent_at = sent_at
        Digest.objects.bulk_update(
            [claimed[record.user_id] for record in records], ["email_record", "sent_at"]
        )
    return claimed


def _digests_claim(
    *, rows: list[tuple[int, datetime, int]], period: str, period_start: date, until: datetime
) -> dict[int, Digest]:
    """Insert the digest rows (user id, since, item count) no one inserted yet, in one query;
    those inserted now, by user id. An insert racing another worker's waits for its commit
    and then does nothing."""
    if not rows:
        return {}
    # In one order (by user id): two workers inserting overlapping batches wait for each
    # other instead of deadlocking.
    rows = sorted(rows)
    table = Digest._meta.db_table
    now = timezone.now()
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(rows))
    params: list = []
    for user_id, since, item_count in rows:
        params += [user_id, period, period_start, since, until, item_count, now]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (user_id, period, period_start, since, until, item_count, "  # noqa: S608 - our table name, values as parameters
            f"created_at) VALUES {values} "
            "ON CONFLICT (user_id, period, period_start) DO NOTHING RETURNING id, user_id",
            params,
        )
        inserted = cursor.fetchall()
    by_user = {user_id: (since, item_count) for user_id, since, item_count in rows}
    return {
        user_id: Digest(
            pk=pk,
            user_id=user_id,
            period=period,
            period_start=period_start,
            since=by_user[user_id][0],
            until=until,
            item_count=by_user[user_id][1],
            created_at=now,
        )
        for pk, user_id in inserted
    }


# Each item's lines in the e-mail (HTML and text), kept by the worker process: an item new in
# a network is in the digest of each of its members, composed in this batch or the next ones.
# The item carries everything its lines show, so a changed item is another entry.
ITEM_PARTS_KEPT = 20_000


@lru_cache(maxsize=ITEM_PARTS_KEPT)
def item_parts(item: DigestItem, language: str, site_url: str) -> tuple[str, str]:
    """An item's lines in a digest e-mail, HTML and text, in the reader's language, its link
    on the site at `site_url` (the setting, passed so that a new value is a new entry)."""
    context = {"item": item, "url": absolute_url(item.url)}
    with translation.override(language):
        return (
            get_template(f"{DIGEST_ITEM_TEMPLATE}.html").render(context),
            get_template(f"{DIGEST_ITEM_TEMPLATE}.txt").render(context),
        )


def _digest_email(
    *,
    user: User,
    period: str,
    since: datetime,
    until: datetime,
    sections: list[tuple[DigestSection, list[DigestItem]]],
    replies: dict,
):
    """One person's digest e-mail, rendered in their language, not yet saved."""
    mine = {key: token for key, token in replies.items() if key[0] == user.pk}
    language = user_language(user)
    return email_build(
        user=user,
        kind=EmailKind.DIGEST,
        subject=SUBJECTS[period],
        template=DIGEST_TEMPLATE,
        context={
            "period": period,
            "since": since,
            "until": until,
            "item_count": sum(len(items) for _section, items in sections),
            "sections": [
                {
                    "title": section.title,
                    "items": [
                        {
                            "item": item,
                            "html": item_parts(item, language, settings.SITE_URL)[0],
                            "text": item_parts(item, language, settings.SITE_URL)[1],
                            "reply_mailto": _reply_mailto(mine, user, item),
                        }
                        for item in items
                    ],
                }
                for section, items in sections
            ],
            "replies_by_email": bool(mine),
        },
        # One e-mail, several threads: "Reply" answers only when there is one.
        headers={"Reply-To": address_for(next(iter(mine.values())))} if len(mine) == 1 else None,
    )


def digest_compose(
    *, user: User, period: str, period_start: date, until: datetime | None = None
) -> Digest | None:
    """Compose and queue one person's digest for one period, once; None when already done or
    not wanted (digests_compose for one person)."""
    return digests_compose(users=[user], period=period, period_start=period_start, until=until).get(
        user.pk
    )


def _reply_mailto(replies: dict, user: User, item: DigestItem) -> str:
    token = replies.get((user.pk, item.reply_key))
    return mailto_for(token, subject=f"Re: {item.title}") if token else ""


def digest_recipient_ids(*, period: str, period_start: date):
    """People who want this digest (some category at this frequency) and have none for the period yet."""
    by_default = [category for category in Category if default_frequency(category) == period]
    overridden = Count(
        "notification_preferences",
        filter=Q(notification_preferences__category__in=by_default),
    )
    chosen = Exists(Preference.objects.filter(user=OuterRef("pk"), frequency=period))
    done = Exists(
        Digest.objects.filter(user=OuterRef("pk"), period=period, period_start=period_start)
    )
    wants = Q(chosen=True)
    if by_default:
        wants |= Q(overridden__lt=len(by_default))
    return (
        User.objects.filter(is_active=True)
        .annotate(overridden=overridden, chosen=chosen, done=done)
        .filter(wants, done=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def digest_batches(*, period: str, period_start: date) -> Iterator[list[int]]:
    """The ids of the people who want this period's digest, DIGEST_BATCH at a time."""
    ids = digest_recipient_ids(period=period, period_start=period_start).iterator()
    while batch := list(islice(ids, DIGEST_BATCH)):
        yield batch


def digests_fan_out(*, period: str, at: datetime | None = None) -> int:
    """Queue one compose task per batch of people who want this period's digest, every batch
    covering up to `at` (the beat's moment); returns how many people."""
    from notifications.tasks import compose_digests

    at = at or timezone.now()
    period_start = period_start_for(period=period, at=at)
    count = 0
    for user_ids in digest_batches(period=period, period_start=period_start):
        compose_digests.delay(user_ids, period, period_start.isoformat(), at.isoformat())
        count += len(user_ids)
    return count
