from django import template

from resources.models import Status

register = template.Library()

# The colour of each status badge, so that templates show a status without comparing it.
BADGE_CLASSES = {
    Status.PUBLISHED: "text-bg-success",
    Status.SUBMITTED: "text-bg-warning",
    Status.RETURNED: "text-bg-danger",
    Status.NETWORK: "text-bg-secondary",
}


@register.filter
def status_badge_class(resource) -> str:
    """{{ resource|status_badge_class }} -> the Bootstrap class of its status badge."""
    return BADGE_CLASSES.get(resource.status, "text-bg-secondary")
