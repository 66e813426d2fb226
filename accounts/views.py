from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
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
