from django import template

from core.permissions import resolve

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, rule: str, obj=None) -> bool:
    """{% can "networks.edit_network" network as may_edit %} — asks the app's permission function."""
    user = context["request"].user
    check = resolve(rule)
    return check(user) if obj is None else check(user, obj)
