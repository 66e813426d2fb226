"""Digests: what is new for a person since their last digest, one e-mail per day or week.

Apps own their data, so each app contributes a section by registering it in
its AppConfig.ready():

    register_section("forums.replies", _("Replies in threads you follow"),
                     replies_for_digest, category=Category.REPLY)

where `replies_for_digest(user, since, until) -> list[DigestItem]` runs a
constant number of queries. A person gets a daily digest listing the sections
whose category they set to "daily" (a weekly one for "weekly"), without items
from networks they muted and without items already e-mailed to them — the rule
of notifications.eligibility.may_email, as for every other e-mail.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from notifications.eligibility import EmailSettings, email_settings_for, may_email
from notifications.inbound.tokens import address_for, mailto_for, reply_tokens
from notifications.mail import absolute_url, email_user
from notifications.models import (
    Category,
    Digest,
    DigestPeriod,
    EmailKind,
    Preference,
    default_frequency,
)
from notifications.selectors import emailed_item_keys

DIGEST_TEMPLATE = "notifications/email/digest"
SUBJECTS = {
    DigestPeriod.DAILY: _("Your daily digest from Sieci"),
    DigestPeriod.WEEKLY: _("Your weekly digest from Sieci"),
}
# The first digest looks back one period; a person back after a long pause gets
# at most this much, not months of old news.
MAX_LOOKBACK_PERIODS = {DigestPeriod.DAILY: 7, DigestPeriod.WEEKLY: 4}


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


SectionFunction = Callable[[User, datetime, datetime], list[DigestItem]]


@dataclass(frozen=True)
class DigestSection:
    key: str
    title: str
    function: SectionFunction
    category: str


_sections: dict[str, DigestSection] = {}


def register_section(
    key: str, title, function: SectionFunction, *, category: str = Category.REPLY
) -> None:
    """Add (or replace) a digest section; `function(user, since, until)` lists its new items."""
    if category not in Category.values:
        raise ValueError(f"Unknown category {category!r} for digest section {key!r}")
    _sections[key] = DigestSection(key=key, title=title, function=function, category=category)


def unregister_section(key: str) -> None:
    """Remove a digest section (tests and benchmarks register temporary ones)."""
    _sections.pop(key, None)


def registered_sections() -> list[DigestSection]:
    return list(_sections.values())


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


def digest_items(
    *, user: User, period: str, email_settings: EmailSettings, since: datetime, until: datetime
) -> list[tuple[DigestSection, list[DigestItem]]]:
    """The registered sections the person gets in this period's digest, with the items that
    may be e-mailed to them (not from a muted network) and were not e-mailed already."""
    wanted = {period}

    def allowed(category: str, network_id: int | None) -> bool:
        return may_email(
            user=user,
            category=category,
            network_id=network_id,
            settings=email_settings,
            wanted=wanted,
        )

    found = [
        (section, section.function(user, since, until))
        for section in registered_sections()
        if allowed(section.category, None)
    ]
    if not any(items for _section, items in found):
        return []
    emailed = emailed_item_keys(
        user=user, item_keys=[item.key for _section, items in found for item in items]
    )
    seen: set[str] = set()
    result = []
    for section, items in found:
        kept = []
        for item in items:
            if (
                not allowed(section.category, item.network_id)
                or item.key in emailed
                or item.key in seen
            ):
                continue
            seen.add(item.key)
            kept.append(item)
        if kept:
            result.append((section, kept))
    return result


def digest_compose(
    *, user: User, period: str, period_start: date, until: datetime | None = None
) -> Digest | None:
    """Compose and queue one person's digest for one period, once; None when already done or not wanted.

    The unique (user, period, period_start) row decides: a second run, a retry or a
    second beat finds it (or fails to insert it) and sends nothing. A digest with
    nothing in it is recorded (so the next one starts after it) but never e-mailed.
    """
    latest = (
        Digest.objects.filter(user=user, period=period, period_start__lte=period_start)
        .order_by("-period_start")
        .values_list("period_start", "until")
        .first()
    )
    if latest and latest[0] == period_start:
        return None  # already composed (the unique constraint below is what guarantees it)
    email_settings = email_settings_for(user_ids=[user.pk])
    wanted = {period}
    if not any(
        may_email(
            user=user, category=category, network_id=None, settings=email_settings, wanted=wanted
        )
        for category in Category
    ):
        return None
    until = until or timezone.now()
    since = digest_since(
        user=user, period=period, previous_until=latest[1] if latest else None, until=until
    )
    sections = digest_items(
        user=user, period=period, email_settings=email_settings, since=since, until=until
    )
    item_count = sum(len(items) for _section, items in sections)
    replies = reply_tokens(
        pairs=[
            (user.pk, item.reply_key) for _s, items in sections for item in items if item.reply_key
        ]
    )
    try:
        with transaction.atomic():
            digest = Digest.objects.create(
                user=user,
                period=period,
                period_start=period_start,
                since=since,
                until=until,
                item_count=item_count,
            )
            if sections:
                digest.email_record = email_user(
                    user=user,
                    kind=EmailKind.DIGEST,
                    subject=SUBJECTS[period],
                    template=DIGEST_TEMPLATE,
                    context={
                        "period": period,
                        "since": since,
                        "until": until,
                        "item_count": item_count,
                        "sections": [
                            {
                                "title": section.title,
                                "items": [
                                    {
                                        "item": item,
                                        "url": absolute_url(item.url),
                                        "reply_mailto": _reply_mailto(replies, user, item),
                                    }
                                    for item in items
                                ],
                            }
                            for section, items in sections
                        ],
                        "replies_by_email": bool(replies),
                    },
                    # One e-mail, several threads: "Reply" answers only when there is one.
                    headers={"Reply-To": address_for(next(iter(replies.values())))}
                    if len(replies) == 1
                    else None,
                )
                digest.sent_at = timezone.now()
                digest.save(update_fields=["email_record", "sent_at"])
    except IntegrityError:
        return None  # another worker composed this digest first
    return digest


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


def digests_fan_out(*, period: str, at: datetime | None = None) -> int:
    """Queue one compose task per person who wants this period's digest; returns how many."""
    from notifications.tasks import compose_digest

    at = at or timezone.now()
    period_start = period_start_for(period=period, at=at)
    count = 0
    for user_id in digest_recipient_ids(period=period, period_start=period_start).iterator():
        compose_digest.delay(user_id, period, period_start.isoformat())
        count += 1
    return count
