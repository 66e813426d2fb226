"""`{% first_steps_box %}`: the first-login checklist, for any page that wants it (profile, dashboard)."""

from django import template

from accounts.selectors import first_steps

register = template.Library()


@register.inclusion_tag("accounts/partials/_first_steps.html", takes_context=True)
def first_steps_box(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "first_steps": first_steps(user) if user is not None else [],
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
