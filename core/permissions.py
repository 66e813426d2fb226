"""The one way views turn a permission into a response.

Each app keeps its rules in `<app>/permissions.py` as `can_<verb>_<object>(user, obj)`
functions. Views call `require()`; templates use `{% can "app.verb_object" obj as name %}`.
"""

from importlib import import_module

from django.core.exceptions import PermissionDenied
from django.http import Http404


def require(allowed: bool, *, hide: bool = False) -> None:
    """Answer 404 for what the person may not see (hide=True), 403 for what they may not do."""
    if not allowed:
        if hide:
            raise Http404
        raise PermissionDenied


def resolve(rule: str):
    """ "networks.edit_network" -> networks.permissions.can_edit_network."""
    app_label, _, name = rule.partition(".")
    if not app_label or not name:
        raise ValueError(f"Permission rule must look like 'app.verb_object', not {rule!r}")
    return getattr(import_module(f"{app_label}.permissions"), f"can_{name}")


def can_open_admin(user, obj=None) -> bool:
    """Platform staff (and only they) get a link to the Django admin."""
    return user.is_authenticated and user.is_active and user.is_staff


def can_view_operations(user, obj=None) -> bool:
    """Platform staff see queue depths and background-work backlogs."""
    return can_open_admin(user)


def person(request):
    """The person behind `request.user` itself rather than its lazy stand-in (the
    SimpleLazyObject of django.contrib.auth): a page that asks hundreds of rules (a thread
    page asks eight per post) pays the stand-in's indirection on every attribute it reads,
    0.6 ms of a 9 ms page."""
    user = request.user
    user.is_authenticated  # noqa: B018 (resolves the stand-in, as every request does anyway)
    return getattr(user, "_wrapped", user)
