from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from notifications.forms import FREQUENCY_HELP, PreferencesForm
from notifications.models import Category, Notification
from notifications.selectors import notification_page, preferences_for_user
from notifications.services import (
    notification_mark_read,
    notifications_mark_all_read,
    preferences_unsubscribe,
    preferences_update,
)
from notifications.unsubscribe import unsubscribe_read


def _safe_next(request: HttpRequest, url: str, fallback: str = "notifications:list"):
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(url)
    return redirect(fallback)


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    page = notification_page(user=request.user, page_number=request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page_obj": page})


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        notification = notification_mark_read(user=request.user, notification_id=pk)
    except Notification.DoesNotExist:
        raise Http404 from None
    return _safe_next(request, notification.url)


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    notifications_mark_all_read(user=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, initial=preferences_for_user(user=request.user))
    if request.method == "POST" and form.is_valid():
        preferences_update(user=request.user, frequencies=form.frequencies())
        messages.success(request, _("Your e-mail preferences have been saved."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences_edit.html",
        {"form": form, "frequency_help": FREQUENCY_HELP},
    )


# The signed token is the authority, not a session: mail clients send the
# one-click POST (RFC 8058) without cookies or a CSRF token.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    grant = unsubscribe_read(token)
    person = User.objects.filter(pk=grant.user_id).first() if grant else None
    if person is None:
        raise Http404
    labels = dict(Category.choices)
    if request.method == "POST":
        categories = preferences_unsubscribe(user=person, scope=grant.scope)
        return render(
            request,
            "notifications/unsubscribe_done.html",
            {"categories": [labels[category] for category in categories]},
        )
    return render(
        request,
        "notifications/unsubscribe_confirm.html",
        {"scope": grant.scope, "scope_label": labels.get(grant.scope, "")},
    )
