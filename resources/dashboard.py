"""The materials' sections of a person's home page: what was shared lately in their networks,
and for coordinators (and staff curators) the materials submitted to the public bank.
Registered with core.dashboard in ResourcesConfig.ready()."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from networks.dashboard import dashboard_networks
from resources import permissions
from resources.models import Resource
from resources.selectors import curation_queue

MATERIALS_SHOWN = 6
# "New" on the home page: shared by others in the person's networks in this many days.
NEW_MATERIALS_DAYS = 14
CURATION_SHOWN = 5


def new_materials_section(user) -> dict:
    """Materials others shared in the person's networks in the last days, newest first (one
    query beside the memberships)."""
    mine = dashboard_networks(user)
    materials = []
    if mine.ids:
        materials = list(
            Resource.objects.filter(
                network_id__in=mine.ids,
                created_at__gte=timezone.now() - timedelta(days=NEW_MATERIALS_DAYS),
            )
            .exclude(author=user)
            .select_related("network", "author")
            .order_by("-created_at", "-pk")[:MATERIALS_SHOWN]
        )
    return {"materials": materials, "has_networks": bool(mine.ids), "days": NEW_MATERIALS_DAYS}


def curation_decisions(user) -> dict | None:
    """Materials waiting for a decision on the public bank: those of the person's networks,
    all of them for staff (two queries: the count, the first few)."""
    if (
        not permissions.can_curate_every_network(user)
        and not dashboard_networks(user).coordinated_ids
    ):
        return None
    queue = curation_queue(user)
    count = queue.count()
    items = [
        {
            "label": resource.title,
            "detail": resource.network.name,
            "url": resource.get_absolute_url(),
        }
        for resource in (queue[:CURATION_SHOWN] if count else [])
    ]
    return {"count": count, "items": items, "all_url": reverse("resources:curation_queue")}
