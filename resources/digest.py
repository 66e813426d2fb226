"""The materials section of the digest: what was shared in the person's networks."""

from collections.abc import Sequence
from datetime import datetime

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils.html import strip_tags
from django.utils.text import Truncator

from notifications.digest import DigestItem, Reader, described_once, readers_since
from resources.models import Resource

DIGEST_LIMIT = 50


def materials_for_digests(
    readers: Sequence[Reader], until: datetime
) -> dict[int, list[DigestItem]]:
    """Materials others shared in each reader's networks in their period, the newest
    DIGEST_LIMIT, by user id (one query for any number of readers)."""
    if not readers:
        return {}
    reader = "network__memberships__user_id"
    resources = (
        Resource.objects.filter(
            readers_since(readers, reader=reader, after="created_at__gte"), created_at__lt=until
        )
        .annotate(reader_id=F(reader))
        .exclude(author_id=F("reader_id"))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("reader_id")],
                order_by=[F("created_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=DIGEST_LIMIT)
        .select_related("network")
        .only("title", "created_at", "description_html", "network__name")
        .order_by("reader_id", "rank")
    )
    return described_once(
        ((resource.reader_id, resource) for resource in resources),
        lambda resource: DigestItem.about(
            resource,
            when=resource.created_at,
            summary=Truncator(strip_tags(resource.description_html)).chars(200),
        ),
    )


def new_materials_for_digest(user, since: datetime, until: datetime) -> list[DigestItem]:
    """Materials others shared in the person's networks in the period (one query)."""
    return materials_for_digests([(user, since)], until).get(user.pk, [])
