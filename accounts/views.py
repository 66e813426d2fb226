from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.forms import AccountDeleteForm, ProfileForm
from accounts.models import DataExport, DataExportStatus
from accounts.personal_data import ErasureRequest
from accounts.sections import profile_sections
from accounts.selectors import account_deletion_blockers, data_exports_for, first_steps
from accounts.services import (
    AccountDeletionBlocked,
    data_export_request,
    export_storage,
    first_steps_dismiss,
    user_erase,
    user_update_profile,
)
from core.files import StoredFile, file_response


@login_required
def profile_detail(request: HttpRequest) -> HttpResponse:
    context = {
        "person": request.user,
        "sections": profile_sections(request.user, request.user),
        "first_steps": first_steps(request.user),
    }
    return render(request, "accounts/profile_detail.html", context)


@login_required
@require_POST
def first_steps_hide(request: HttpRequest) -> HttpResponse:
    """Close the first-login checklist, then back to the page it was on."""
    first_steps_dismiss(user=request.user)
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("accounts:profile")
    # Not redirect(): a bare word would be taken for a view's name.
    return HttpResponseRedirect(next_url)


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, request.FILES or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        avatar = form.cleaned_data.get("avatar")
        user_update_profile(
            user=request.user,
            data=form.cleaned_data,
            avatar=avatar or None,
            remove_avatar=avatar is False,
        )
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile_edit.html", {"form": form})


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin signs in through the site's login, so the same attempt limit guards both.

    Django's own admin login counts nothing; allauth's login locks an address after
    its failed-attempt limit (ACCOUNT_RATE_LIMITS["login_failed"]).
    """
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    next_url = next_url or reverse("admin:index")
    if request.user.is_authenticated:
        if request.user.is_active and request.user.is_staff:
            return redirect(next_url)
        # Signed in but not staff: sending them to the login again would loop.
        raise PermissionDenied
    return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


@require_GET
def privacy_notice(request: HttpRequest) -> HttpResponse:
    context = {
        "contact_email": settings.PRIVACY_CONTACT_EMAIL,
        "export_days": settings.DATA_EXPORT_VALID_DAYS,
        "email_days": settings.RETENTION_EMAIL_DAYS,
        "notification_days": settings.RETENTION_NOTIFICATION_DAYS,
        "log_days": settings.RETENTION_LOG_DAYS,
    }
    return render(request, "accounts/privacy_notice.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def my_data(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        data_export_request(user=request.user)
        messages.success(
            request,
            _(
                "We are preparing your data. We will let you know here and by e-mail when it is ready."
            ),
        )
        return redirect("accounts:my_data")
    exports = data_exports_for(user=request.user)
    context = {
        "exports": exports,
        "preparing": any(export.status == DataExportStatus.PENDING for export in exports),
        "export_days": settings.DATA_EXPORT_VALID_DAYS,
    }
    return render(request, "accounts/my_data.html", context)


@login_required
@require_GET
def data_export_download(request: HttpRequest, pk: int) -> HttpResponse:
    # Ownership and expiry in the query: someone else's (or an expired) archive does not exist.
    export = get_object_or_404(
        DataExport,
        pk=pk,
        user=request.user,
        status=DataExportStatus.READY,
        expires_at__gt=timezone.now(),
    )
    response = file_response(
        StoredFile(export_storage(), export.archive_name),
        filename=f"sieci-moje-dane-{timezone.localdate(export.ready_at):%Y-%m-%d}.zip",
        content_type="application/zip",
    )
    # A person's whole data: no cache keeps a copy, not even the browser's.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    blockers = account_deletion_blockers(user=request.user)
    can_archive = any(blocker.archivable for blocker in blockers)
    form = AccountDeleteForm(request.POST or None, user=request.user, can_archive=can_archive)
    if request.method == "POST" and form.is_valid():
        choice = ErasureRequest(
            remove_content=form.cleaned_data["remove_content"],
            archive_networks=form.cleaned_data.get("archive_networks", False),
        )
        try:
            user_erase(user=request.user, request=choice)
        except AccountDeletionBlocked as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(
                request, _("Your account has been deleted. Thank you for taking part.")
            )
            return redirect("home")
    return render(
        request,
        "accounts/account_delete.html",
        {"form": form, "blockers": blockers, "my_data_url": reverse("accounts:my_data")},
    )
