from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from core import fragments
from networks.models import Role
from networks.navigation import sections
from networks.permissions import is_coordinator

register = template.Library()


@register.simple_tag(takes_context=True)
def network_menu(context, network, membership) -> str:
    """The network's own menu: its page, then the sections other apps contribute (members only);
    rendered once per network, kind of member and page (core.fragments)."""
    user = context["request"].user
    coordinates = is_coordinator(user, network)
    visible = [s for s in sections() if not s.coordinators_only or coordinates]
    menu = {
        "network": network,
        "membership": membership,
        # The "Coordinate" tab stays for an archived network: restoring it is done there.
        "may_coordinate": coordinates,
        "sections": visible if membership is not None else [],
        "current_path": context["request"].path,
    }
    values = (
        network.slug,
        membership is not None,
        coordinates,
        [section.url_name for section in menu["sections"]],
        menu["current_path"],
    )
    html = fragments.get_or_render(
        fragments.key("networks.menu", values),
        lambda: render_to_string("networks/partials/_network_menu.html", menu),
        fragments.SHELL_TIMEOUT,
    )
    return mark_safe(html)  # noqa: S308 (our template's output)


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
