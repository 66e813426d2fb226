"""Every change to meetings: scheduling, answers with a capacity and waiting list, attendance."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from core.markdown import render_markdown
from networks import permissions, reminders
from networks.meeting_links import meeting_email_context, meeting_ics_attachments, meeting_thread
from networks.models import (
    ActivityKind,
    ActivityLog,
    Answer,
    Attendance,
    Meeting,
    MeetingKind,
    MeetingLink,
    MeetingStatus,
    Network,
    Rsvp,
)
from networks.services import activity_record
from notifications.models import Category
from notifications.services import notify

MEETING_FIELDS = Meeting.EDITABLE_FIELDS
# A change to any of these is news for the people who are coming, and for their calendars.
ESSENTIAL_FIELDS = ("starts_at", "ends_at", "place", "online_url", "kind")


def _when(meeting: Meeting) -> str:
    return formats.date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")


def _members(network: Network) -> list[User]:
    return list(User.objects.filter(memberships__network=network))


def _attendees(meeting: Meeting) -> list[User]:
    return list(
        User.objects.filter(
            pk__in=meeting.rsvps.filter(answer__in=[Answer.YES, Answer.MAYBE]).values("user")
        )
    )


def _may_change(user: User, network: Network) -> bool:
    # Coordinators on the site, staff in the admin: the same rules and consequences.
    return permissions.can_manage_network(user, network) or permissions.can_administer_network(
        user, network
    )


def meeting_check(
    *,
    kind: str | None,
    starts_at: datetime | None,
    ends_at: datetime | None,
    place: str | None,
    online_url: str | None,
    starts_changed: bool = True,
    network: Network | None = None,
    expert: User | None = None,
) -> None:
    """The rules of a meeting's time and place, keyed by field: it ends after it starts, a new
    start is in the future, in person (or hybrid) has a place, online (or hybrid) a link,
    an expert chosen from the members is one.

    The services call it on every schedule and reschedule; forms call it to show its
    messages beside the fields. A value missing here (a field the form already rejected)
    skips the rules that need it.
    """
    errors: dict[str, str] = {}
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = _("The meeting must end after it starts.")
    if starts_at and starts_changed and starts_at <= timezone.now():
        errors["starts_at"] = _("Choose a time in the future.")
    if kind in (MeetingKind.IN_PERSON, MeetingKind.HYBRID) and not (place or "").strip():
        errors["place"] = _("Say where the meeting takes place.")
    if kind in (MeetingKind.ONLINE, MeetingKind.HYBRID) and not (online_url or "").strip():
        errors["online_url"] = _("Give the link to the online meeting.")
    if expert is not None and network is not None and not permissions.is_member(expert, network):
        errors["expert"] = _("The expert must be a member of the network.")
    if errors:
        raise ValidationError(errors)


def _validate(meeting: Meeting, *, starts_changed: bool) -> None:
    errors: dict[str, list] = {}
    try:
        meeting_check(
            kind=meeting.kind,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            place=meeting.place,
            online_url=meeting.online_url,
            starts_changed=starts_changed,
            network=meeting.network,
            expert=meeting.expert,
        )
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    try:
        # The database constraint (end after start) stays as a backstop; its message is ours.
        meeting.full_clean(exclude=["network", "created_by"], validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    meeting.agenda_html = render_markdown(meeting.agenda)


@transaction.atomic
def meeting_schedule(*, network: Network, by: User, **fields) -> Meeting:
    """A coordinator schedules a meeting and every member hears about it."""
    if not permissions.can_manage_network(by, network):
        raise PermissionDenied
    meeting = Meeting(network=network, created_by=by)
    for name in MEETING_FIELDS:
        if name in fields:
            setattr(meeting, name, fields[name])
    _validate(meeting, starts_changed=True)
    meeting.save()
    # The one who schedules is not counted as coming: a coordinator often organises a
    # meeting for others, and an automatic "yes" would take one of its places. They
    # answer like everybody else.
    notify(
        recipients=_members(network),
        category=Category.MEETING,
        text=gettext_noop("New meeting in %(network)s: %(title)s, %(when)s"),
        params={"network": network.name, "title": meeting.title, "when": _when(meeting)},
        url=meeting.get_absolute_url(),
        network_id=network.pk,
        item_key=f"networks.meeting:{meeting.pk}",
        actor=by,
        thread=meeting_thread(meeting),
        attachments=meeting_ics_attachments(meeting),
        email_context=meeting_email_context(meeting),
    )
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, by: User, **fields) -> Meeting:
    """A coordinator edits or reschedules a meeting; reminders move and attendees hear of it."""
    if not _may_change(by, meeting.network) or meeting.is_cancelled:
        raise PermissionDenied
    # What changed is read from the database: a form (or the admin) may already have put
    # the new values on this very object.
    stored = Meeting.objects.select_for_update().get(pk=meeting.pk)
    before = {name: getattr(stored, name) for name in ESSENTIAL_FIELDS}
    for name in MEETING_FIELDS:
        if name in fields:
            setattr(meeting, name, fields[name])
    _validate(meeting, starts_changed=meeting.starts_at != before["starts_at"])
    meeting.sequence = F("sequence") + 1
    meeting.save()
    meeting.refresh_from_db()
    if meeting.capacity is not None:
        _fill_free_places(meeting)
    changed = [name for name in ESSENTIAL_FIELDS if getattr(meeting, name) != before[name]]
    if changed:
        reminders.reminders_move(meeting=meeting)
        notify(
            recipients=_attendees(meeting),
            category=Category.MEETING,
            text=gettext_noop("Meeting changed: %(title)s, now %(when)s"),
            params={"title": meeting.title, "when": _when(meeting)},
            url=meeting.get_absolute_url(),
            network_id=meeting.network_id,
            item_key=f"networks.meeting:{meeting.pk}:v{meeting.sequence}",
            actor=by,
            thread=meeting_thread(meeting),
            attachments=meeting_ics_attachments(meeting),
            email_context=meeting_email_context(meeting),
        )
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: User, note: str = "") -> Meeting:
    """A coordinator cancels a meeting; reminders stop and the attendees are told."""
    if not _may_change(by, meeting.network):
        raise PermissionDenied
    if meeting.is_cancelled:
        return meeting
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancellation_note = note
    meeting.sequence = F("sequence") + 1
    meeting.save()
    meeting.refresh_from_db()
    reminders.reminders_cancel(meeting=meeting)
    notify(
        recipients=_attendees(meeting),
        category=Category.MEETING,
        text=gettext_noop("Meeting cancelled: %(title)s (%(when)s)"),
        params={"title": meeting.title, "when": _when(meeting), "note": note},
        url=meeting.get_absolute_url(),
        network_id=meeting.network_id,
        item_key=f"networks.meeting:{meeting.pk}:cancelled",
        actor=by,
        thread=meeting_thread(meeting),
        # The same UID with STATUS:CANCELLED marks the event cancelled in the calendar.
        attachments=meeting_ics_attachments(meeting),
    )
    return meeting


def _confirmed_count(meeting: Meeting) -> int:
    return meeting.rsvps.filter(answer=Answer.YES, waitlisted=False).count()


def _fill_free_places(meeting: Meeting) -> list[Rsvp]:
    """Give freed places to the waiting list, first come first served, and tell them."""
    waiting = meeting.rsvps.filter(answer=Answer.YES, waitlisted=True).order_by("answered_at", "id")
    if meeting.capacity is not None:
        free = max(meeting.capacity - _confirmed_count(meeting), 0)
        waiting = waiting[:free]
    promoted = list(waiting.select_related("user"))
    for rsvp in promoted:
        rsvp.waitlisted = False
        rsvp.save(update_fields=["waitlisted"])
        reminders.reminders_sync(rsvp=rsvp)
    if promoted:
        notify(
            recipients=[rsvp.user for rsvp in promoted],
            category=Category.MEETING,
            text=gettext_noop("A place is yours: %(title)s, %(when)s"),
            params={"title": meeting.title, "when": _when(meeting)},
            url=meeting.get_absolute_url(),
            network_id=meeting.network_id,
            item_key=f"networks.meeting:{meeting.pk}:place",
            thread=meeting_thread(meeting),
        )
    return promoted


@transaction.atomic
def rsvp_answer(*, meeting: Meeting, user: User, answer: str) -> Rsvp:
    """A member answers yes, maybe or no; a "yes" beyond the capacity joins the waiting list."""
    if not permissions.can_answer_meeting(user, meeting):
        raise PermissionDenied
    # Lock the meeting so that two people cannot take the last place at once.
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    rsvp = Rsvp.objects.filter(meeting=meeting, user=user).first()
    had_place = rsvp is not None and rsvp.answer == Answer.YES and not rsvp.waitlisted
    if rsvp is not None and rsvp.answer == answer:
        return rsvp
    rsvp = rsvp or Rsvp(meeting=meeting, user=user)
    rsvp.answer = answer
    rsvp.answered_at = timezone.now()
    rsvp.waitlisted = (
        answer == Answer.YES
        and meeting.capacity is not None
        and _confirmed_count(meeting) >= meeting.capacity
    )
    rsvp.save()
    reminders.reminders_sync(rsvp=rsvp)
    if had_place and answer != Answer.YES:
        _fill_free_places(meeting)
    return rsvp


def rsvps_drop_for_member(*, network: Network, user: User) -> None:
    """Someone leaving the network frees their places at its meetings still ahead."""
    upcoming = Meeting.objects.upcoming().filter(network=network)
    for rsvp in Rsvp.objects.filter(meeting__in=upcoming, user=user).select_related("meeting"):
        had_place = rsvp.answer == Answer.YES and not rsvp.waitlisted
        rsvp.delete()
        if had_place:
            _fill_free_places(rsvp.meeting)
    reminders.reminders_drop(network=network, user=user)


@transaction.atomic
def attendance_record(*, meeting: Meeting, by: User, present: list[User]) -> list[Attendance]:
    """Take (or correct) the attendance list; statistics count who attended and who led."""
    if not permissions.can_take_attendance(by, meeting):
        raise PermissionDenied
    members = set(
        meeting.network.memberships.filter(user__in=present).values_list("user_id", flat=True)
    )
    Attendance.objects.filter(meeting=meeting).delete()
    rows = Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, user_id=user_id, present=True) for user_id in sorted(members)]
    )
    key = f"meeting:{meeting.pk}"
    ActivityLog.objects.filter(network=meeting.network, object_key=key).delete()
    for user_id in sorted(members):
        ActivityLog.objects.create(
            network=meeting.network,
            user_id=user_id,
            kind=ActivityKind.MEETING_ATTENDED,
            object_key=key,
            created_at=meeting.starts_at,
        )
    if meeting.expert_id:
        activity_record(
            network_id=meeting.network_id,
            user=meeting.expert,
            kind=ActivityKind.MEETING_LED,
            object_key=key,
        )
    meeting.attendance_taken_at = timezone.now()
    meeting.save(update_fields=["attendance_taken_at"])
    return rows


@transaction.atomic
def minutes_save(*, meeting: Meeting, by: User, minutes: str) -> Meeting:
    """The minutes, written after the meeting by whoever took attendance."""
    if not permissions.can_write_minutes(by, meeting):
        raise PermissionDenied
    meeting.minutes = minutes
    meeting.minutes_html = render_markdown(minutes)
    meeting.save(update_fields=["minutes", "minutes_html", "updated_at"])
    return meeting


@transaction.atomic
def meeting_link_add(*, meeting: Meeting, by: User, title: str, url: str) -> MeetingLink:
    """Link material to a meeting afterwards (a presentation, a recording, a resource)."""
    if not permissions.can_write_minutes(by, meeting):
        raise PermissionDenied
    link = MeetingLink(meeting=meeting, title=title, url=url, added_by=by)
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def meeting_link_remove(*, link: MeetingLink, by: User) -> None:
    if not permissions.can_write_minutes(by, link.meeting):
        raise PermissionDenied
    link.delete()
