"""The materials section of the digest: what was shared in the person's networks."""

from datetime import datetime

from django.utils.html import strip_tags
from django.utils.text import Truncator

from notifications.digest import DigestItem
from resources.models import Resource

DIGEST_LIMIT = 50


def new_materials_for_digest(user, since: datetime, until: datetime) -> list[DigestItem]:
    """Materials others shared in the person's networks in the period (one query)."""
    mine = user.memberships.values("network_id")
    resources = (
        Resource.objects.filter(network_id__in=mine, created_at__gte=since, created_at__lt=until)
        .exclude(author=user)
        .select_related("network", "author")
        .order_by("-created_at", "-pk")[:DIGEST_LIMIT]
    )
    return [
        DigestItem(
            key=f"resources.resource:{resource.pk}",
            title=resource.title,
            url=resource.get_absolute_url(),
            network_id=resource.network_id,
            network_name=resource.network.name,
            when=resource.created_at,
            summary=Truncator(strip_tags(resource.description_html)).chars(200),
        )
        for resource in resources
    ]
