"""Meeting reminders: one row per person and offset, claimed by the beat task and sent once.

Due work lives in rows rather than in Celery ETA tasks, which Redis would redeliver
after its visibility timeout. The claim, the e-mail's outbox record and the "sent"
mark commit together, so a second worker, a second beat or a retry finds nothing
left to send; a worker that was down catches up with what is due and skips what
has gone stale (the meeting has already started).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from networks.meeting_links import meeting_email_context, meeting_thread
from networks.models import Answer, Meeting, MeetingReminder, Network, Rsvp
from notifications.eligibility import email_settings_for, may_email
from notifications.mail import email_user
from notifications.models import Category, EmailKind

# Minutes before the start: a day ahead and an hour ahead.
REMINDER_OFFSETS = (24 * 60, 60)
BATCH_SIZE = 100


def _wants_reminders(rsvp: Rsvp) -> bool:
    return rsvp.answer in (Answer.YES, Answer.MAYBE) and not rsvp.waitlisted


def reminders_sync(*, rsvp: Rsvp) -> None:
    """Give a person who is (maybe) coming their reminders, and take them from one who is not."""
    pending = MeetingReminder.objects.filter(
        meeting=rsvp.meeting_id, user=rsvp.user_id, sent_at__isnull=True
    )
    if not _wants_reminders(rsvp) or rsvp.meeting.is_cancelled:
        pending.delete()
        return
    now = timezone.now()
    MeetingReminder.objects.bulk_create(
        [
            MeetingReminder(
                meeting_id=rsvp.meeting_id,
                user_id=rsvp.user_id,
                minutes_before=minutes,
                due_at=rsvp.meeting.starts_at - timedelta(minutes=minutes),
            )
            for minutes in REMINDER_OFFSETS
            if rsvp.meeting.starts_at - timedelta(minutes=minutes) > now
        ],
        ignore_conflicts=True,
    )


def reminders_move(*, meeting: Meeting) -> None:
    """After a reschedule, every reminder follows the new start (sent ones are due again)."""
    now = timezone.now()
    for reminder in MeetingReminder.objects.filter(meeting=meeting, skipped_at__isnull=True):
        reminder.due_at = meeting.starts_at - timedelta(minutes=reminder.minutes_before)
        if reminder.due_at > now:
            reminder.sent_at = None
        reminder.save(update_fields=["due_at", "sent_at"])
    # Someone who answered yes once the 24-hour reminder had passed gets it for the new date.
    for rsvp in meeting.rsvps.select_related("meeting"):
        reminders_sync(rsvp=rsvp)


def reminders_cancel(*, meeting: Meeting) -> None:
    """A cancelled meeting sends no reminders (the attendees are told by notification)."""
    MeetingReminder.objects.filter(meeting=meeting, sent_at__isnull=True).update(
        skipped_at=timezone.now()
    )


def reminders_drop(*, network: Network, user) -> None:
    """Someone who left the network gets no more reminders of its meetings."""
    MeetingReminder.objects.filter(
        meeting__network=network, user=user, sent_at__isnull=True
    ).delete()


@dataclass
class ReminderRun:
    sent: int = 0
    skipped: int = 0


def reminders_send_due(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> ReminderRun:
    """Claim due reminders batch by batch (FOR UPDATE SKIP LOCKED) and queue their e-mails."""
    run = ReminderRun()
    while True:
        sent, skipped = _send_batch(now=now or timezone.now(), batch_size=batch_size)
        run.sent += sent
        run.skipped += skipped
        if sent + skipped < batch_size:
            return run


@transaction.atomic
def _send_batch(*, now: datetime, batch_size: int) -> tuple[int, int]:
    due = list(
        MeetingReminder.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(sent_at__isnull=True, skipped_at__isnull=True, due_at__lte=now)
        .select_related("meeting__network", "user")
        .order_by("due_at", "id")[:batch_size]
    )
    settings = email_settings_for(
        user_ids=[reminder.user_id for reminder in due], categories=[Category.MEETING]
    )
    sent = skipped = 0
    for reminder in due:
        meeting = reminder.meeting
        if (
            meeting.is_cancelled
            # Stale after downtime: a reminder for a meeting that has begun helps nobody.
            or meeting.starts_at <= now
            # A muted network, an inactive account or "never" for meetings: no e-mail.
            or not may_email(
                user=reminder.user,
                category=Category.MEETING,
                network_id=meeting.network_id,
                settings=settings,
            )
        ):
            reminder.skipped_at = now
            skipped += 1
            continue
        email_user(
            user=reminder.user,
            kind=EmailKind.REMINDER,
            category=Category.MEETING,
            subject=gettext_noop("Reminder: %(title)s, %(when)s"),
            subject_params={
                "title": meeting.title,
                "when": timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y %H:%M"),
            },
            template="networks/email/meeting_reminder",
            context={
                "meeting": meeting,
                "network": meeting.network,
                "reminder": reminder,
                **meeting_email_context(meeting, calendar=False)(reminder.user),
            },
            item_key=f"networks.reminder:{reminder.pk}",
            thread=meeting_thread(meeting),
            # Reminders follow the meeting preference now, so the link to stop them is honest.
            unsubscribe=True,
        )
        reminder.sent_at = now
        sent += 1
    MeetingReminder.objects.bulk_update(due, ["sent_at", "skipped_at"])
    return sent, skipped


def reminders_overdue(*, late_after: timedelta = timedelta(minutes=5)) -> int:
    """Reminders due more than late_after ago and neither sent nor skipped (ops status)."""
    return MeetingReminder.objects.filter(
        sent_at__isnull=True,
        skipped_at__isnull=True,
        due_at__lt=timezone.now() - late_after,
        meeting__starts_at__gt=timezone.now(),
    ).count()
