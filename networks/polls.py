"""Date polls: the coordinator proposes dates, members answer, the chosen one becomes a meeting.

Picking a date goes through the meeting service (networks.meetings.meeting_schedule), so the
meeting has its calendar file, its reminders and its notification like any other; those who
answered "yes" or "if need be" for that date are signed up as coming or maybe coming.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from networks import app_settings, meetings, permissions
from networks.models import (
    Answer,
    DatePoll,
    DatePollAnswer,
    DatePollSlot,
    Meeting,
    Network,
    PollChoice,
)
from notifications.models import Category
from notifications.services import notify

POLL_FIELDS = ("title", "kind", "form", "place", "online_url", "agenda")
# What an answer to the poll becomes once its date is chosen.
RSVP_FOR = {PollChoice.YES: Answer.YES, PollChoice.IF_NEED_BE: Answer.MAYBE}


def poll_check_slots(slots: list[tuple[datetime, datetime]]) -> None:
    """The rules of the proposed dates: between POLL_MIN_SLOTS and POLL_MAX_SLOTS of them,
    each in the future, each ending after it starts, no date twice. Services call it;
    the form calls it to show its message."""
    low, high = app_settings.POLL_MIN_SLOTS, app_settings.POLL_MAX_SLOTS
    if not low <= len(slots) <= high:
        raise ValidationError(
            _("Propose between %(low)d and %(high)d dates.") % {"low": low, "high": high}
        )
    now = timezone.now()
    errors = []
    if any(starts_at <= now for starts_at, _ends_at in slots):
        errors.append(_("Every proposed date must be in the future."))
    if any(ends_at <= starts_at for starts_at, ends_at in slots):
        errors.append(_("Every proposed meeting must end after it starts."))
    if len(set(slots)) != len(slots):
        errors.append(_("The same date is proposed twice."))
    if errors:
        raise ValidationError(errors)


def _members(network: Network) -> list[User]:
    return list(User.objects.filter(memberships__network=network))


@transaction.atomic
def poll_create(
    *, network: Network, by: User, slots: list[tuple[datetime, datetime]], **fields
) -> DatePoll:
    """A coordinator proposes 2–6 dates for a meeting; the members are asked to answer."""
    if not permissions.can_manage_network(by, network):
        raise PermissionDenied
    poll = DatePoll(network=network, created_by=by)
    for name in POLL_FIELDS:
        if name in fields:
            setattr(poll, name, fields[name])
    errors: dict = {}
    try:
        meetings.meeting_check(
            kind=poll.kind,
            starts_at=None,
            ends_at=None,
            place=poll.place,
            online_url=poll.online_url,
        )
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    try:
        poll_check_slots(slots)
    except ValidationError as error:
        errors.setdefault("__all__", []).extend(error.messages)
    try:
        poll.full_clean(exclude=["network", "created_by", "meeting"])
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    poll.save()
    DatePollSlot.objects.bulk_create(
        DatePollSlot(poll=poll, starts_at=starts_at, ends_at=ends_at)
        for starts_at, ends_at in sorted(slots)
    )
    notify(
        recipients=_members(network),
        category=Category.MEETING,
        text=gettext_noop("Which dates suit you? %(title)s in %(network)s"),
        params={"title": poll.title, "network": network.name},
        url=poll.get_absolute_url(),
        network_id=network.pk,
        item_key=f"networks.datepoll:{poll.pk}",
        actor=by,
    )
    return poll


@transaction.atomic
def poll_answer(*, poll: DatePoll, user: User, answers: dict[int, str]) -> list[DatePollAnswer]:
    """A member says yes, if need be or no to every proposed date; answering again changes it."""
    if not permissions.can_answer_date_poll(user, poll):
        raise PermissionDenied
    slots = {slot.pk: slot for slot in poll.slots.all()}
    if set(answers) != set(slots) or not set(answers.values()) <= set(PollChoice.values):
        raise ValidationError(_("Answer for every proposed date."))
    rows = [
        DatePollAnswer(slot=slots[slot_id], user=user, answer=answer)
        for slot_id, answer in answers.items()
    ]
    return DatePollAnswer.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["slot", "user"],
        update_fields=["answer", "answered_at"],
    )


@transaction.atomic
def poll_choose(*, poll: DatePoll, by: User, slot: DatePollSlot) -> Meeting:
    """The coordinator picks a date: the meeting is scheduled (members are told, calendars and
    reminders follow) and those who can come are signed up; the poll closes."""
    poll = DatePoll.objects.select_for_update().select_related("network").get(pk=poll.pk)
    if not permissions.can_choose_poll_date(by, poll):
        raise PermissionDenied
    if slot.poll_id != poll.pk:
        raise ValidationError(_("Choose one of the dates of this poll."))
    fields = {name: getattr(poll, name) for name in POLL_FIELDS}
    meeting = meetings.meeting_schedule(
        network=poll.network, by=by, starts_at=slot.starts_at, ends_at=slot.ends_at, **fields
    )
    answers = slot.answers.filter(
        answer__in=list(RSVP_FOR), user__memberships__network=poll.network
    ).select_related("user")
    for answer in answers:
        if answer.user_id != by.pk:
            meetings.rsvp_answer(meeting=meeting, user=answer.user, answer=RSVP_FOR[answer.answer])
    DatePollSlot.objects.filter(pk=slot.pk).update(chosen=True)
    poll.meeting = meeting
    poll.closed_at = timezone.now()
    poll.save(update_fields=["meeting", "closed_at"])
    return meeting
