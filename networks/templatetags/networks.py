from django import template

from networks.models import Role
from networks.navigation import sections
from networks.permissions import is_coordinator

register = template.Library()


@register.inclusion_tag("networks/partials/_network_menu.html", takes_context=True)
def network_menu(context, network, membership):
    """The network's own menu: its page, then the sections other apps contribute (members only)."""
    user = context["request"].user
    coordinates = is_coordinator(user, network)
    visible = [s for s in sections() if not s.coordinators_only or coordinates]
    return {
        "network": network,
        "membership": membership,
        # The "Coordinate" tab stays for an archived network: restoring it is done there.
        "may_coordinate": coordinates,
        "sections": visible if membership is not None else [],
        "current_path": context["request"].path,
    }


@register.filter
def masked_email(address: str) -> str:
    """a***@s***.pl: enough for the invited person to recognise the address, not to learn it."""
    local, _at, domain = (address or "").partition("@")
    if not domain:
        return "***"
    host, _dot, suffix = domain.partition(".")
    masked_host = f"{host[:1]}***" + (f".{suffix}" if suffix else "")
    return f"{local[:1]}***@{masked_host}"


@register.filter
def role_options(membership) -> list[tuple[str, str, bool]]:
    """(value, label, selected) of each role, for a member's role picker."""
    return [(value, label, value == membership.role) for value, label in Role.choices]
