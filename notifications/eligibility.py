"""Who may be sent an e-mail: the one rule every notification, digest and reminder follows.

`may_email()` decides, without queries, from settings loaded in bulk by
`email_settings_for()` (two queries for any number of people). Callers choose which
frequencies count as wanting their e-mail: an immediate notification wants
"immediately", a daily digest "daily", a reminder anything but "never".

Account e-mails (confirming an address, resetting a password) do not pass through
here on purpose: the person asked for them a moment ago and cannot use the
account without them, so no preference, mute or missing activation may stop them.
They still go through the same outbox (notifications.mail).
"""

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from accounts.models import User
from core import statements
from notifications.models import Frequency, NetworkMute, Preference, default_frequency

# A reminder is due at a moment and makes no sense in a digest: any choice but "never" wants it.
ANY_BUT_NEVER = frozenset({Frequency.IMMEDIATELY, Frequency.DAILY, Frequency.WEEKLY})
IMMEDIATELY = frozenset({Frequency.IMMEDIATELY})


@dataclass(frozen=True)
class EmailSettings:
    """The chosen frequencies and muted networks of a group of people."""

    frequencies: dict[tuple[int, str], str] = field(default_factory=dict)
    mutes: dict[int, set[int]] = field(default_factory=dict)

    def frequency(self, user_id: int, category: str) -> str:
        return self.frequencies.get((user_id, category), default_frequency(category))

    def muted(self, user_id: int) -> set[int]:
        return self.mutes.get(user_id, set())


# Read for every notice and e-mail: compiled once (core.statements).
_FREQUENCIES = statements.CompiledRead(
    lambda: (
        Preference.objects.filter(user_id__in=statements.ids("users"))
        .order_by()
        .values_list("user_id", "category", "frequency")
    )
)
_FREQUENCIES_OF = statements.CompiledRead(
    lambda: (
        Preference.objects.filter(
            user_id__in=statements.ids("users"), category__in=statements.texts("categories")
        )
        .order_by()
        .values_list("user_id", "category", "frequency")
    )
)
_MUTES = statements.CompiledRead(
    lambda: (
        NetworkMute.objects.filter(user_id__in=statements.ids("users"))
        .order_by()
        .values_list("user_id", "network_id")
    )
)


def email_settings_for(
    *, user_ids: Iterable[int], categories: Iterable[str] | None = None, mutes: bool = True
) -> EmailSettings:
    """The frequencies (for these categories, or all) and mutes of these people, in two queries
    (one when the e-mail concerns no network and `mutes` is False)."""
    user_ids = list(set(user_ids))
    if not user_ids:
        return EmailSettings()
    categories = None if categories is None else list(categories)
    if categories is None:
        rows = _FREQUENCIES.rows(users=user_ids)
    elif categories:
        rows = _FREQUENCIES_OF.rows(users=user_ids, categories=categories)
    else:  # only the mutes are asked for
        rows = []
    frequencies = {(user_id, category): frequency for user_id, category, frequency in rows}
    muted: dict[int, set[int]] = defaultdict(set)
    if mutes:
        for user_id, network_id in _MUTES.rows(users=user_ids):
            muted[user_id].add(network_id)
    return EmailSettings(frequencies=frequencies, mutes=dict(muted))


def may_email(
    *,
    user: User,
    category: str,
    network_id: int | None,
    settings: EmailSettings,
    wanted: Collection[str] = ANY_BUT_NEVER,
) -> bool:
    """An active account with an address, a frequency for the category among `wanted`,
    and the network (if any) not muted: the one rule for every e-mail the platform sends
    on its own."""
    return (
        user.is_active
        and bool(user.email)
        and settings.frequency(user.pk, category) in wanted
        and (network_id is None or network_id not in settings.muted(user.pk))
    )


def email_eligible(
    *,
    users: Iterable[User],
    category: str,
    network_id: int | None = None,
    wanted: Collection[str] = ANY_BUT_NEVER,
) -> set[int]:
    """The ids of those of these people who may be e-mailed about the category and network.

    Mutes are read only for those whose frequency wants the e-mail (none when nobody does).
    """
    people = {user.pk: user for user in users}
    frequencies = email_settings_for(user_ids=people, categories=[category], mutes=False)
    wanting = [
        pk
        for pk, user in people.items()
        if may_email(
            user=user, category=category, network_id=None, settings=frequencies, wanted=wanted
        )
    ]
    if network_id is None or not wanting:
        return set(wanting)
    mutes = email_settings_for(user_ids=wanting, categories=(), mutes=True).mutes
    return {pk for pk in wanting if network_id not in mutes.get(pk, ())}
