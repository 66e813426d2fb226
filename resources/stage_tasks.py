"""The task of stage 2 that the bank of materials knows about (see networks.stage_tasks)."""

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resources.models import Resource

# "Materials shared" is done once the network holds this many materials: a few, from
# more than the coordinator, is what makes a bank rather than a folder.
MATERIALS_FOR_TASK = 3


def materials_shared() -> Exists:
    """Done when the network has at least MATERIALS_FOR_TASK materials."""
    enough = (
        Resource.objects.filter(network=OuterRef("pk"))
        .order_by()
        .values("network")
        .annotate(total=Count("pk"))
        .filter(total__gte=MATERIALS_FOR_TASK)
    )
    return Exists(enough)


def upload_tool(network):
    from networks.stage_tasks import Tool

    url = reverse("resources:add", kwargs={"network_slug": network.slug})
    return Tool(_("Add a material"), url)


def register() -> None:
    from networks.stage_tasks import register_check, register_tool

    register_check("materials_shared", materials_shared)
    register_tool("materials_shared", upload_tool)
