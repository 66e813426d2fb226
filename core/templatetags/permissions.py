from django import template
from django.contrib.auth.models import AnonymousUser

from core.permissions import resolve

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, rule: str, obj=None) -> bool:
    """{% can "networks.edit_network" network as may_edit %} — asks the app's permission function."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user") or AnonymousUser()
    check = resolve(rule)
    return check(user) if obj is None else check(user, obj)
