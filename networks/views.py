"""Pages of networks and membership: thin views over selectors and services."""

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.sections import profile_sections
from core.permissions import require
from networks import page_keys, permissions, selectors, services, stage_tasks
from networks.forms import (
    CatalogueFilterForm,
    DecisionForm,
    InvitationForm,
    JoinRequestForm,
    NetworkForm,
    RoleForm,
    StageForm,
)
from networks.models import Invitation, JoinRequest, Membership
from notifications.services import network_mute_set

CATALOGUE_PAGE_SIZE = 20


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def catalogue(request: HttpRequest) -> HttpResponse:
    form = CatalogueFilterForm(request.GET or None)
    networks = selectors.catalogue(request.user, **form.filters())
    page = Paginator(networks, CATALOGUE_PAGE_SIZE).get_page(request.GET.get("strona"))
    query = request.GET.copy()
    query.pop("strona", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    template = "networks/partials/_catalogue_results.html" if request.htmx else None
    return render(request, template or "networks/network_catalogue.html", context)


@login_required
def my_networks(request: HttpRequest) -> HttpResponse:
    # The page is cached under a digest of what it shows; its rows are fetched only when
    # no cache holds it (inside the template's fragment).
    context = {
        "page_key": page_keys.my_networks_key(request.user),
        "mine": SimpleLazyObject(lambda: selectors.my_networks(request.user)),
    }
    return render(request, "networks/my_networks.html", context)


@login_required
def network_create(request: HttpRequest) -> HttpResponse:
    require(permissions.can_create_network(request.user))
    form = NetworkForm(request.POST or None)
    if form.is_valid():
        network = services.network_create(creator=request.user, **form.cleaned_data)
        messages.success(request, _("The network has been created. Invite its first members."))
        return redirect("networks:manage", slug=network.slug)
    return render(request, "networks/network_form.html", {"form": form})


def network_detail(request: HttpRequest, slug: str) -> HttpResponse:
    network = selectors.get_network_with_membership(request.user, slug)
    membership = permissions.membership_of(request.user, network)
    if membership is not None:
        services.membership_mark_visited(membership=membership)
    # The page's parts are cached under digests of what they show (`keys`); `page` fetches
    # a part's rows only when no cache holds it.
    context = {
        "network": network,
        "membership": membership,
        "keys": page_keys.network_page_keys(request.user, network),
        "page": selectors.network_page(request.user, network),
        "join_form": JoinRequestForm(),
    }
    return render(request, "networks/network_detail.html", context)


@login_required
def network_edit(request: HttpRequest, slug: str) -> HttpResponse:
    network = selectors.get_network_for_member(request.user, slug)
    require(permissions.can_manage_network(request.user, network))
    form = NetworkForm(request.POST or None, instance=network)
    if form.is_valid():
        services.network_update(network=network, by=request.user, **form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect(network)
    context = {"form": form, "network": network, "membership": _membership(request, network)}
    return render(request, "networks/network_form.html", context)


def _membership(request, network):
    return permissions.membership_of(request.user, network)


def _manage_context(request, network, **forms) -> dict:
    return {
        "network": network,
        "membership": _membership(request, network),
        "dashboard": selectors.manage_page(network),
        "invite_form": forms.get("invite_form") or InvitationForm(),
        # The usual change is to the next stage: the form starts there.
        "stage_form": forms.get("stage_form")
        or StageForm(initial={"stage": network.next_stage or network.stage}),
        "decision_form": DecisionForm(),
        "checklist": stage_tasks.checklist(network)
        if permissions.can_view_stage_checklist(request.user, network)
        else [],
    }


@login_required
def network_manage(request: HttpRequest, slug: str) -> HttpResponse:
    network = selectors.get_network_for_member(request.user, slug)
    require(permissions.can_archive_network(request.user, network))
    return render(request, "networks/network_manage.html", _manage_context(request, network))


@login_required
def network_members(request: HttpRequest, slug: str) -> HttpResponse:
    network = selectors.get_network_for_member(request.user, slug)
    context = {
        "network": network,
        "membership": _membership(request, network),
        "members": selectors.members_page(network),
        "role_form": RoleForm(),
    }
    return render(request, "networks/network_members.html", context)


@login_required
def person_profile(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's profile for the people who share a network with them; 404 for anyone else."""
    person = get_object_or_404(User, pk=pk)
    memberships = list(selectors.person_memberships(request.user, person))
    require(permissions.can_view_person(request.user, person, memberships), hide=True)
    context = {
        "person": person,
        "memberships": memberships,
        "sections": profile_sections(request.user, person),
    }
    return render(request, "networks/person.html", context)


def _service_action(request, network, action, success: str, *, to=None) -> HttpResponse:
    """Run a service; its ValidationError becomes a message, never a 500."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, success)
    return redirect(to or network)


@require_POST
@login_required
def network_join(request: HttpRequest, slug: str) -> HttpResponse:
    network = selectors.get_network_for_user(request.user, slug)
    require(permissions.can_join_network(request.user, network))
    services.network_join(network=network, user=request.user)
    messages.success(request, _("Welcome to the network!"))
    return redirect(network)


@require_POST
@login_required
def join_request_create(request: HttpRequest, slug: str) -> HttpResponse:
    network = selectors.get_network_for_user(request.user, slug)
    require(permissions.can_request_to_join(request.user, network))
    form = JoinRequestForm(request.POST)
    if not form.is_valid():
        page = selectors.network_page(request.user, network)
        # Sent back with the person's message and its errors: rendered afresh, never cached.
        context = {
            "page": page,
            "network": network,
            "membership": None,
            "join_form": form,
            "keys": page_keys.network_page_keys(request.user, network),
            "render_afresh": True,
        }
        return render(request, "networks/network_detail.html", context, status=400)
    return _service_action(
        request,
        network,
        lambda: services.join_request_create(
            network=network, user=request.user, message=form.cleaned_data["message"]
        ),
        _("Your request has been sent to the coordinators."),
    )


@require_POST
@login_required
def join_request_withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    network = selectors.get_network_for_user(request.user, slug)
    join_request = get_object_or_404(
        JoinRequest, network=network, user=request.user, status="pending"
    )
    services.join_request_withdraw(join_request=join_request, by=request.user)
    messages.success(request, _("Your request has been withdrawn."))
    return redirect(network)


@require_POST
@login_required
def join_request_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = selectors.get_network_for_member(request.user, slug)
    require(permissions.can_manage_network(request.user, network))
    join_request = get_object_or_404(JoinRequest, network=network, pk=pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    approve = request.POST.get("decision") == "approve"
    return _service_action(
        request,
        network,
        lambda: services.join_request_decide(
            join_request=join_request,
            by=request.user,
            approve=approve,
            message=form.cleaned_data.get("message", ""),
        ),
        _("The person has been added to the network.") if approve else _("Request declined."),
        to=reverse("networks:manage", kwargs={"slug": slug}),
    )


@login_required
def invitation_create(request: HttpRequest, slug: str) -> HttpResponse:
    network = selectors.get_network_for_member(request.user, slug)
    require(permissions.can_manage_network(request.user, network))
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(network=network, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("email", error)
        else:
            email = form.cleaned_data["email"]
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": email})
            return redirect("networks:manage", slug=slug)
    context = _manage_context(request, network, invite_form=form)
    return render(request, "networks/network_manage.html", context, status=400)


@require_POST
@login_required
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = selectors.get_network_for_member(request.user, slug)
    require(permissions.can_manage_network(request.user, network))
    invitation = get_object_or_404(Invitation, network=network, pk=pk)
    services.invitation_revoke(invitation=invitation, by=request.user)
    messages.success(request, _("The invitation has been withdrawn."))
    return redirect("networks:manage", slug=slug)


def invitation_detail(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the e-mail: sign up or log in, then accept or decline."""
    invitation = get_object_or_404(Invitation.objects.select_related("network"), token=token)
    usable = invitation.is_open
    if not request.user.is_authenticated and usable:
        # Following the link proves the address, so signing up with it needs no second check.
        get_adapter(request).stash_verified_email(request, invitation.email)
    may_answer = permissions.can_answer_invitation(request.user, invitation)
    context = {
        "invitation": invitation,
        "usable": usable,
        "may_answer": may_answer,
        "network": invitation.network,
    }
    if request.method == "POST" and request.user.is_authenticated and usable and not may_answer:
        # Someone else's link (or an address not yet confirmed): explain, grant nothing.
        return render(request, "networks/invitation_detail.html", context, status=403)
    if request.method == "POST" and may_answer:
        accept = request.POST.get("answer") == "accept"
        try:
            services.invitation_answer(invitation=invitation, user=request.user, accept=accept)
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return redirect("networks:invitation", token=token)
        if accept:
            messages.success(request, _("Welcome to the network!"))
            return redirect(invitation.network)
        messages.info(request, _("You have declined the invitation."))
        return redirect("networks:mine")
    return render(request, "networks/invitation_detail.html", context)


@require_POST
@login_required
def membership_leave(request: HttpRequest, slug: str) -> HttpResponse:
    network = selectors.get_network_for_member(request.user, slug)
    require(permissions.can_leave_network(request.user, network))
    membership = _membership(request, network)
    return _service_action(
        request,
        network,
        lambda: services.membership_leave(membership=membership),
        _("You have left the network."),
        to=reverse("networks:mine"),
    )


@require_POST
@login_required
def member_change_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = selectors.get_network_for_member(request.user, slug)
    require(permissions.can_manage_network(request.user, network))
    membership = get_object_or_404(Membership, network=network, pk=pk)
    membership.network = network
    require(permissions.can_change_member(request.user, membership))
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
        return redirect("networks:members", slug=slug)
    return _service_action(
        request,
        network,
        lambda: services.membership_change_role(
            membership=membership, by=request.user, role=form.cleaned_data["role"]
        ),
        _("Role changed."),
        to=reverse("networks:members", kwargs={"slug": slug}),
    )


@require_POST
@login_required
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = selectors.get_network_for_member(request.user, slug)
    require(permissions.can_manage_network(request.user, network))
    membership = get_object_or_404(Membership, network=network, pk=pk)
    membership.network = network
    require(permissions.can_change_member(request.user, membership))
    return _service_action(
        request,
        network,
        lambda: services.membership_remove(membership=membership, by=request.user),
        _("The member has been removed from the network."),
        to=reverse("networks:members", kwargs={"slug": slug}),
    )


@login_required
def stage_change(request: HttpRequest, slug: str) -> HttpResponse:
    """Moving on first lists the tasks left open and asks to confirm; skipping a stage or
    going back needs a note (the service's rule, shown beside the field)."""
    network = selectors.get_network_for_member(request.user, slug)
    require(permissions.can_manage_network(request.user, network))
    form = StageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        stage, note = form.cleaned_data["stage"], form.cleaned_data["note"]
        try:
            services.stage_change_check(network=network, stage=stage, note=note)
            left_open = stage_tasks.open_tasks(network, stages=range(network.stage, stage))
            if left_open and not request.POST.get("confirmed"):
                context = {"network": network, "membership": _membership(request, network)}
                context.update(form=form, stage=stage, note=note, open_items=left_open)
                return render(request, "networks/stage_confirm.html", context)
            services.network_change_stage(network=network, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The network has moved to the chosen stage."))
            return redirect(network)
    context = _manage_context(request, network, stage_form=form)
    return render(request, "networks/network_manage.html", context, status=400)


@require_POST
@login_required
def stage_task_tick(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    network = selectors.get_network_for_member(request.user, slug)
    require(permissions.can_manage_network(request.user, network))
    done = request.POST.get("done") == "1"
    return _service_action(
        request,
        network,
        lambda: services.stage_task_tick(network=network, by=request.user, task_key=key, done=done),
        _("Task ticked as done.") if done else _("Task marked as still to do."),
        to=reverse("networks:manage", kwargs={"slug": slug}) + "#checklist-heading",
    )


@require_POST
@login_required
def network_archive(request: HttpRequest, slug: str) -> HttpResponse:
    network = selectors.get_network_for_member(request.user, slug)
    require(permissions.can_archive_network(request.user, network))
    archived = request.POST.get("archived") != "0"
    services.network_archive(network=network, by=request.user, archived=archived)
    if archived:
        messages.success(request, _("The network has been archived: it is now read-only."))
    else:
        messages.success(request, _("The network is active again."))
    return redirect(network)


@require_POST
@login_required
def network_mute(request: HttpRequest, slug: str) -> HttpResponse:
    network = selectors.get_network_for_member(request.user, slug)
    muted = request.POST.get("muted") != "0"
    network_mute_set(user=request.user, network_id=network.pk, muted=muted)
    if muted:
        messages.success(request, _("You will not receive e-mails about this network."))
    else:
        messages.success(request, _("You will receive e-mails about this network again."))
    return redirect(network)


@login_required
def calendar_settings(request: HttpRequest) -> HttpResponse:
    feed = services.calendar_feed_for(user=request.user)
    if request.method == "POST":
        services.calendar_feed_reset(user=request.user)
        messages.success(request, _("A new address has been created; the old one no longer works."))
        return redirect("networks:calendar_settings")
    feed_url = request.build_absolute_uri(
        reverse("networks:calendar_feed", kwargs={"token": feed.token})
    )
    return render(request, "networks/calendar_settings.html", {"feed_url": feed_url})
