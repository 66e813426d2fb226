"""What meeting e-mails carry: signed yes / maybe / no links, the details, the calendar file.

A link names one person and one meeting (notifications.links); it opens a page whose
button answers through meetings.rsvp_answer, and is refused once the person may no longer
answer (the meeting began or was cancelled, they left the network) or after 30 days.
"""

from collections.abc import Callable

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import lazy
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from networks.calendar import calendar_bytes
from networks.models import Answer, Meeting
from notifications.attachments import Attachment, attachment_spec
from notifications.links import link_token
from notifications.mail import absolute_url

PURPOSE = "networks.meeting-answer"
ICS_ATTACHMENT = "networks.meeting_ics"


def meeting_thread(meeting: Meeting) -> str:
    """The key every e-mail about this meeting shares, so mail clients group them."""
    return f"meeting.{meeting.pk}"


def meeting_answer_url(*, meeting: Meeting, user: User, answer: str = "") -> str:
    """The absolute link that lets this person answer this meeting from an e-mail."""
    token = link_token(purpose=PURPOSE, user_id=user.pk, object_id=meeting.pk)
    path = reverse("networks:meeting_email_answer", args=[token])
    return absolute_url(f"{path}?{urlencode({'answer': answer})}" if answer else path)


def meeting_email_details(meeting: Meeting) -> list[tuple]:
    """When, where and how: the rows an e-mail about the meeting shows (lazy labels)."""
    rows = [(_("When:"), _when_lazy(meeting)), (_("Network:"), meeting.network.name)]
    if meeting.place:
        rows.append((_("Place:"), meeting.place))
    if meeting.online_url:
        rows.append((_("Online:"), meeting.online_url))
    return rows


def _when(meeting: Meeting) -> str:
    starts = timezone.localtime(meeting.starts_at)
    ends = timezone.localtime(meeting.ends_at)
    return (
        f"{formats.date_format(starts, 'DATETIME_FORMAT')} – "
        f"{formats.date_format(ends, 'TIME_FORMAT')}"
    )


# Formatted when the e-mail is rendered, in the reader's language.
_when_lazy = lazy(_when, str)


def meeting_email_context(meeting: Meeting, *, calendar: bool = True) -> Callable[[User], dict]:
    """For notify(): each person's own answer links beside the meeting's details."""
    note = _("Each button opens a page where you confirm your answer.")
    if calendar:
        note = _(
            "Each button opens a page where you confirm your answer. "
            "The calendar file attached adds the meeting to your calendar."
        )

    def context(user: User) -> dict:
        return {
            "details": meeting_email_details(meeting),
            "actions": [
                {
                    "label": label,
                    "url": meeting_answer_url(meeting=meeting, user=user, answer=value),
                }
                for value, label in Answer.choices
            ],
            "actions_note": note,
        }

    return context


def meeting_ics_attachments(meeting: Meeting) -> list[dict]:
    """The outbox spec of the meeting's calendar file (made when the e-mail is sent)."""
    return [attachment_spec(ICS_ATTACHMENT, meeting.pk)]


def meeting_ics_render(meeting_id: int) -> Attachment | None:
    """The meeting as it is now, as an iCalendar file; None once it has been deleted.

    METHOD:PUBLISH, not REQUEST: answers are given through the signed links (and the site),
    so the calendar file only adds or updates the event. A REQUEST would show Accept and
    Decline buttons in Gmail and Outlook whose iMIP replies go to an organiser address
    nobody reads, and it would need each person's ATTENDEE line. The file keeps the
    meeting's UID and SEQUENCE, the same as the private feed, so both update one event.
    """
    meeting = Meeting.objects.select_related("network").filter(pk=meeting_id).first()
    if meeting is None:
        return None
    return Attachment(
        filename=f"spotkanie-{meeting.pk}.ics",
        content=calendar_bytes([meeting]).decode(),
        subtype="calendar",
        params={"method": "PUBLISH"},
    )
