"""The "meetings ahead" section of the e-mail digest, registered with notifications."""

from datetime import datetime, timedelta

from django.utils import formats, timezone

from networks.models import Meeting
from notifications.digest import DigestItem


def meetings_ahead(user, since: datetime, until: datetime) -> list[DigestItem]:
    """Meetings of the person's networks in the coming week, scheduled or changed since `since`."""
    meetings = (
        Meeting.objects.upcoming()
        .filter(
            network__memberships__user=user,
            starts_at__lte=until + timedelta(days=7),
            updated_at__gt=since,
        )
        .select_related("network")
        .order_by("starts_at")[:20]
    )
    return [
        DigestItem(
            key=f"networks.meeting:{meeting.pk}",
            title=meeting.title,
            url=meeting.get_absolute_url(),
            network_id=meeting.network_id,
            network_name=meeting.network.name,
            when=meeting.starts_at,
            summary=formats.date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT"),
        )
        for meeting in meetings
    ]
