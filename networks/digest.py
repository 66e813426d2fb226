"""The "meetings ahead" section of the e-mail digest, registered with notifications."""

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import formats, timezone

from networks.models import Meeting
from notifications.digest import DigestItem, Reader, described_once, readers_since

DIGEST_LIMIT = 20


def meetings_for_digests(readers: Sequence[Reader], until: datetime) -> dict[int, list[DigestItem]]:
    """Meetings of each reader's networks in the coming week, scheduled or changed since their
    since, the first DIGEST_LIMIT, by user id (one query for any number of readers)."""
    if not readers:
        return {}
    reader = "network__memberships__user_id"
    meetings = (
        Meeting.objects.upcoming()
        .filter(
            readers_since(readers, reader=reader, after="updated_at__gt"),
            starts_at__lte=until + timedelta(days=7),
        )
        .annotate(
            reader_id=F(reader),
            rank=Window(RowNumber(), partition_by=[F(reader)], order_by=[F("starts_at"), F("pk")]),
        )
        .filter(rank__lte=DIGEST_LIMIT)
        .select_related("network")
        .only("title", "starts_at", "network__name", "network__slug")
        .order_by("reader_id", "rank")
    )
    return described_once(
        ((meeting.reader_id, meeting) for meeting in meetings),
        lambda meeting: DigestItem.about(
            meeting,
            when=meeting.starts_at,
            summary=formats.date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT"),
        ),
    )


def meetings_ahead(user, since: datetime, until: datetime) -> list[DigestItem]:
    """Meetings of the person's networks in the coming week, scheduled or changed since `since`."""
    return meetings_for_digests([(user, since)], until).get(user.pk, [])
