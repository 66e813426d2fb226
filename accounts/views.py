from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts.forms import ProfileForm
from accounts.sections import profile_sections
from accounts.services import user_update_profile


@login_required
def profile_detail(request: HttpRequest) -> HttpResponse:
    context = {
        "person": request.user,
        "sections": profile_sections(request.user, request.user),
    }
    return render(request, "accounts/profile_detail.html", context)


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
