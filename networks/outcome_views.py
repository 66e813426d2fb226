"""Outcomes in practice: the list of what members applied, recording one, and comments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import require
from networks import outcomes, permissions, selectors
from networks.forms import OutcomeCommentForm, OutcomeForm
from networks.models import Outcome


def _render_list(request, network, *, form=None, status=200) -> HttpResponse:
    may_record = permissions.can_record_outcome(request.user, network)
    if form is None and may_record:
        form = OutcomeForm(network=network)
    context = {
        "network": network,
        "membership": permissions.membership_of(request.user, network),
        "outcomes": selectors.outcomes_of(network),
        "form": form if may_record else None,
        "comment_form": OutcomeCommentForm(),
    }
    return render(request, "networks/outcomes.html", context, status=status)


@login_required
def outcome_list(request: HttpRequest, slug: str) -> HttpResponse:
    network = selectors.get_network_for_member(request.user, slug)
    require(permissions.can_view_outcomes(request.user, network), hide=True)
    if request.method != "POST":
        return _render_list(request, network)
    require(permissions.can_record_outcome(request.user, network))
    form = OutcomeForm(request.POST, network=network)
    if form.is_valid():
        try:
            outcomes.outcome_record(network=network, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("Outcome recorded. Thank you for sharing it."))
            return redirect("networks:outcomes", slug=slug)
    return _render_list(request, network, form=form, status=400)


@login_required
@require_POST
def outcome_comment(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = selectors.get_network_for_member(request.user, slug)
    outcome = get_object_or_404(Outcome, network=network, pk=pk)
    require(permissions.can_comment_outcome(request.user, outcome))
    form = OutcomeCommentForm(request.POST)
    if form.is_valid():
        outcomes.outcome_comment(outcome=outcome, by=request.user, **form.cleaned_data)
        messages.success(request, _("Comment saved."))
    else:
        messages.error(request, _("The comment is too long."))
    return redirect(reverse("networks:outcomes", kwargs={"slug": slug}) + f"#outcome-{outcome.pk}")
