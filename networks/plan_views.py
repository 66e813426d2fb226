"""Goals and the plan of activities, agreed with the members who comment on them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import require
from networks import permissions, selectors, services
from networks.forms import GoalAgreementForm, GoalForm, PlanCommentForm, PlannedActivityForm
from networks.models import Goal, PlannedActivity


def _render_plan(
    request, network, *, comment_form=None, agreement_form=None, status=200
) -> HttpResponse:
    page = selectors.plan_page(request.user, network)
    for goal in page["goals"]:
        goal.may_agree = permissions.can_agree_with_goal(request.user, goal)
        if agreement_form is not None and agreement_form.prefix == f"goal-{goal.pk}":
            goal.agreement_form = agreement_form
        elif goal.may_agree:
            mine = goal.my_agreement
            initial = (
                {"agrees": "1" if mine.agrees else "0", "comment": mine.comment} if mine else {}
            )
            goal.agreement_form = GoalAgreementForm(goal=goal, initial=initial)
    context = {
        "network": network,
        "membership": permissions.membership_of(request.user, network),
        "comment_form": comment_form or PlanCommentForm(),
        "may_see_objections": permissions.can_view_goal_objections(request.user, network),
        **page,
    }
    return render(request, "networks/plan.html", context, status=status)


@login_required
def plan(request: HttpRequest, slug: str) -> HttpResponse:
    network = selectors.get_network_for_member(request.user, slug)
    require(permissions.can_view_plan(request.user, network), hide=True)
    if request.method != "POST":
        return _render_plan(request, network)
    require(permissions.can_contribute(request.user, network))
    form = PlanCommentForm(request.POST)
    if not form.is_valid():
        return _render_plan(request, network, comment_form=form, status=400)
    services.plan_comment_create(
        network=network, author=request.user, body=form.cleaned_data["body"]
    )
    messages.success(request, _("Comment added."))
    return redirect("networks:plan", slug=slug)


@login_required
def goal_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    network = selectors.get_network_for_member(request.user, slug)
    require(permissions.can_manage_network(request.user, network))
    goal = get_object_or_404(Goal, network=network, pk=pk) if pk else None
    form = GoalForm(request.POST or None, instance=goal)
    if form.is_valid():
        services.goal_save(network=network, by=request.user, goal=goal, **form.cleaned_data)
        messages.success(request, _("Goal saved."))
        return redirect("networks:plan", slug=slug)
    return _render_item_form(
        request,
        network,
        form,
        heading=_("Edit the goal") if goal else _("Add a goal"),
        delete_url=goal and reverse("networks:goal_delete", args=[slug, goal.pk]),
        delete_label=_("Delete the goal"),
    )


@login_required
def activity_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    network = selectors.get_network_for_member(request.user, slug)
    require(permissions.can_manage_network(request.user, network))
    activity = get_object_or_404(PlannedActivity, network=network, pk=pk) if pk else None
    form = PlannedActivityForm(request.POST or None, instance=activity, network=network)
    if form.is_valid():
        try:
            services.activity_plan_save(
                network=network, by=request.user, activity=activity, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The plan has been updated."))
            return redirect("networks:plan", slug=slug)
    return _render_item_form(
        request,
        network,
        form,
        heading=_("Edit the activity") if activity else _("Add an activity"),
        delete_url=activity and reverse("networks:activity_delete", args=[slug, activity.pk]),
        delete_label=_("Delete the activity"),
    )


def _render_item_form(request, network, form, **texts) -> HttpResponse:
    context = {
        "network": network,
        "membership": permissions.membership_of(request.user, network),
        "form": form,
        **texts,
    }
    return render(request, "networks/plan_item_form.html", context)


@require_POST
@login_required
def goal_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = selectors.get_network_for_member(request.user, slug)
    require(permissions.can_manage_network(request.user, network))
    services.goal_delete(goal=get_object_or_404(Goal, network=network, pk=pk), by=request.user)
    messages.success(request, _("Goal deleted."))
    return redirect("networks:plan", slug=slug)


@require_POST
@login_required
def activity_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = selectors.get_network_for_member(request.user, slug)
    require(permissions.can_manage_network(request.user, network))
    activity = get_object_or_404(PlannedActivity, network=network, pk=pk)
    services.activity_plan_delete(activity=activity, by=request.user)
    messages.success(request, _("Activity deleted."))
    return redirect("networks:plan", slug=slug)


@require_POST
@login_required
def goal_agree(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A member agrees with a goal or objects to it; a refused answer keeps what was typed."""
    network = selectors.get_network_for_member(request.user, slug)
    goal = get_object_or_404(Goal, network=network, pk=pk)
    goal.network = network
    require(permissions.can_agree_with_goal(request.user, goal))
    form = GoalAgreementForm(request.POST, goal=goal)
    if form.is_valid():
        try:
            services.goal_agreement_set(goal=goal, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: your answer to the goal is saved."))
            return redirect(reverse("networks:plan", kwargs={"slug": slug}) + f"#goal-{goal.pk}")
    return _render_plan(request, network, agreement_form=form, status=400)
