from django import template

from networks.models import Role
from networks.navigation import sections

register = template.Library()


@register.inclusion_tag("networks/partials/_network_menu.html", takes_context=True)
def network_menu(context, network, membership):
    """The network's own menu: its page, then the sections other apps contribute (members only)."""
    is_coordinator = membership is not None and membership.role == Role.COORDINATOR
    visible = [s for s in sections() if not s.coordinators_only or is_coordinator]
    return {
        "network": network,
        "membership": membership,
        "is_coordinator": is_coordinator,
        "sections": visible if membership is not None else [],
        "current_path": context["request"].path,
    }
