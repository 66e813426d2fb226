"""Who may see and do what in a network: one function per capability.

Pass the person's `Membership` (or None) where a function asks for it, so that a page
checks many rules with the one query that fetched the membership.
"""

from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from core import statements
from core.rows import instance
from networks.models import (
    Attendance,
    DatePoll,
    Goal,
    GoalStatus,
    Invitation,
    JoinPolicy,
    Meeting,
    Membership,
    Network,
    Role,
    Visibility,
)


def membership_of(user, network: Network) -> Membership | None:
    """The person's membership in the network, or None (cached on the network object)."""
    if not user.is_authenticated:
        return None
    cache = network.__dict__.setdefault("_membership_cache", {})
    if user.pk not in cache:
        cache[user.pk] = Membership.objects.filter(network=network, user=user).first()
    return cache[user.pk]


_MEMBERSHIP_COLUMNS = tuple(column.attname for column in Membership._meta.concrete_fields)
# A person's memberships among given networks, compiled once (core.statements): every list
# of cards asks it, and compiling the queryset cost more than reading it.
_MEMBERSHIPS_AMONG = statements.CompiledRead(
    lambda: (
        Membership.objects.filter(user_id=statements.value("user"))
        .filter(network_id__in=statements.ids("networks"))
        .order_by()
        .values_list(*_MEMBERSHIP_COLUMNS)
    )
)


def prime_memberships(user, networks: Iterable[Network]) -> None:
    """Fetch the person's memberships of many hidden networks in one query, so that a list
    (cards of materials) asks the per-object rules below without a query per row."""
    hidden = [network for network in networks if network.visibility != Visibility.PUBLIC]
    if not hidden or not user.is_authenticated:
        return
    found = {}
    for row in _MEMBERSHIPS_AMONG.rows(
        user=user.pk, networks=list({network.pk for network in hidden})
    ):
        membership = instance(Membership, _MEMBERSHIP_COLUMNS, row)
        found[membership.network_id] = membership
    for network in hidden:
        network.__dict__.setdefault("_membership_cache", {})[user.pk] = found.get(network.pk)


def is_member(user, network: Network) -> bool:
    return membership_of(user, network) is not None


def holds_coordinator_role(membership: Membership | None) -> bool:
    """The one test of the coordinator role, for a membership already in hand."""
    return membership is not None and membership.role == Role.COORDINATOR


def is_coordinator(user, network: Network) -> bool:
    """Whether the person coordinates the network; every "is coordinator" in the code asks it."""
    return holds_coordinator_role(membership_of(user, network))


def coordinators_of(network: Network | int) -> QuerySet[User]:
    """The people who coordinate the network (whom curation, reports and requests go to)."""
    return User.objects.filter(memberships__network=network, memberships__role=Role.COORDINATOR)


def coordinator_memberships(network: Network | int | None = None) -> QuerySet[Membership]:
    """The coordinators' memberships of the network (of every network without one)."""
    memberships = Membership.objects.filter(role=Role.COORDINATOR)
    return memberships if network is None else memberships.filter(network=network)


def _coordinated_by(user) -> QuerySet[Network]:
    return Network.objects.filter(memberships__user=user, memberships__role=Role.COORDINATOR)


def networks_coordinated_by(user) -> QuerySet[Network]:
    """The networks the person coordinates (archived ones included)."""
    if not user.is_authenticated:
        return Network.objects.none()
    return _coordinated_by(user)


# Asked on every page of the bank ("materials waiting for a decision"), compiled once
# (core.statements): compiling the queryset cost most of the 1 ms it took.
_ONE_COORDINATED = statements.CompiledRead(
    lambda: _coordinated_by(statements.value("user")).order_by().values_list("pk")[:1]
)


def coordinates_a_network(user) -> bool:
    """Whether the person coordinates any network: networks_coordinated_by(user).exists()."""
    return user.is_authenticated and bool(_ONE_COORDINATED.rows(user=user.pk))


def can_create_network(user, obj=None) -> bool:
    """People whom staff gave the coordinator capability, and staff, create networks."""
    return user.is_authenticated and (user.can_create_networks or user.is_staff)


def can_view_person(user, person, shared: list[Membership]) -> bool:
    """A profile is seen by the person, by staff and by those who share a network with them
    (`shared`: the person's memberships in the viewer's networks, as the profile lists them)."""
    if not user.is_authenticated or not person.is_active:
        return False
    return user.pk == person.pk or user.is_staff or bool(shared)


def can_view_all_memberships(user, person) -> bool:
    """A person and staff see all of the person's networks; anyone else only those they share."""
    return user.is_authenticated and (user.pk == person.pk or user.is_staff)


def can_view_network(user, network: Network) -> bool:
    """A public network's page is for everyone; a hidden one for its members and staff."""
    if network.visibility == Visibility.PUBLIC:
        return True
    return user.is_authenticated and (user.is_staff or is_member(user, network))


def can_view_network_content(user, network: Network) -> bool:
    """Threads, meetings, the member list and network-only materials: members only, always."""
    return is_member(user, network)


def can_view_plan(user, network: Network) -> bool:
    """The detailed goals agreed with the members and the plan of activities are the members'
    working material: members only (a public network shows outsiders its main goal, which is
    part of its description, so that they can decide whether to join)."""
    return is_member(user, network)


def can_see_network_name(user, network: Network) -> bool:
    """Whoever may see the network may see its name; a hidden network's name, slug, members and
    counts never reach an outsider (bank facets, material pages, profiles, search)."""
    return can_view_network(user, network)


def can_manage_network(user, network: Network) -> bool:
    """Coordinators edit the network, its stage, goals, plan, members and meetings."""
    return is_coordinator(user, network) and not network.is_archived


def can_administer_network(user, network: Network) -> bool:
    """Platform staff change an active network's meetings and members from the admin,
    through the same services as its coordinators (the site's pages stay theirs)."""
    return user.is_authenticated and user.is_active and user.is_staff and not network.is_archived


def can_change_member(user, membership: Membership) -> bool:
    """Coordinators of an active network change the role of, or remove, a member (themselves
    included: the service keeps the last coordinator from leaving the network without one)."""
    return can_manage_network(user, membership.network)


def can_archive_network(user, network: Network) -> bool:
    """Coordinators archive (and restore) their network."""
    return is_coordinator(user, network)


def can_contribute(user, network: Network) -> bool:
    """Members post, comment and share in a network that is not archived."""
    return is_member(user, network) and not network.is_archived


def can_join_network(user, network: Network) -> bool:
    """Anyone logged in joins an open, active network they do not belong to."""
    return (
        user.is_authenticated
        and network.join_policy == JoinPolicy.OPEN
        and not network.is_archived
        and not is_member(user, network)
        and can_view_network(user, network)
    )


def can_request_to_join(user, network: Network) -> bool:
    """Anyone logged in asks to join an active network that takes requests."""
    return (
        user.is_authenticated
        and network.join_policy == JoinPolicy.REQUEST
        and not network.is_archived
        and not is_member(user, network)
        and can_view_network(user, network)
    )


def has_verified_address(user, email: str) -> bool:
    """Whether the account holds this e-mail address and has confirmed it."""
    if not user.is_authenticated:
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def can_answer_invitation(user, invitation: Invitation) -> bool:
    """Only an account holding the invited address, confirmed, accepts or declines an open
    invitation to an active network: a forwarded link grants nothing to anyone else."""
    return (
        user.is_authenticated
        and invitation.is_open
        and not invitation.network.is_archived
        and has_verified_address(user, invitation.email)
    )


def can_leave_network(user, network: Network) -> bool:
    """Leaving is always possible, except for the last coordinator (checked by the service)."""
    return is_member(user, network)


def can_view_meeting(user, meeting: Meeting) -> bool:
    """Meetings are for the members of their network."""
    return can_view_network_content(user, meeting.network)


def can_edit_meeting(user, meeting: Meeting) -> bool:
    """Coordinators of an active network change or cancel a meeting that is not cancelled."""
    return can_manage_network(user, meeting.network) and not meeting.is_cancelled


def can_answer_meeting(user, meeting: Meeting) -> bool:
    """Members answer the invitation to a meeting that is still ahead and not cancelled."""
    return (
        can_contribute(user, meeting.network)
        and not meeting.is_cancelled
        and meeting.starts_at > timezone.now()
    )


def can_take_attendance(user, meeting: Meeting) -> bool:
    """Coordinators and the meeting's expert take attendance once it has started."""
    if meeting.is_cancelled or not meeting.has_started or meeting.network.is_archived:
        return False
    return is_coordinator(user, meeting.network) or (
        meeting.expert_id is not None and meeting.expert_id == user.pk
    )


def can_write_minutes(user, meeting: Meeting) -> bool:
    """Whoever takes attendance also writes the minutes and links the materials."""
    return can_take_attendance(user, meeting)


def can_view_stage_checklist(user, network: Network) -> bool:
    """Coordinators see their stage checklist (archived networks included, read-only)."""
    return is_coordinator(user, network)


def can_agree_with_goal(user, goal: Goal) -> bool:
    """Members of an active network agree with or object to a goal that was not dropped."""
    return can_contribute(user, goal.network) and goal.status != GoalStatus.DROPPED


def can_view_goal_objections(user, network: Network) -> bool:
    """Who objects to a goal, and why, is for the coordinators: an objection is said to them."""
    return is_coordinator(user, network)


def can_view_date_poll(user, poll: DatePoll) -> bool:
    """Date polls, like meetings, are for the members of their network."""
    return can_view_network_content(user, poll.network)


def can_answer_date_poll(user, poll: DatePoll) -> bool:
    """Members of an active network answer a poll until a date has been picked."""
    return can_contribute(user, poll.network) and poll.is_open


def can_choose_poll_date(user, poll: DatePoll) -> bool:
    """Coordinators pick one date of an open poll, which schedules the meeting."""
    return can_manage_network(user, poll.network) and poll.is_open


def can_view_outcomes(user, network: Network) -> bool:
    """What members applied in their schools is the network's own material: members only."""
    return can_view_network_content(user, network)


def can_record_outcome(user, network: Network) -> bool:
    """Members of an active network record what they applied in practice."""
    return can_contribute(user, network)


def can_comment_outcome(user, outcome) -> bool:
    """Coordinators of an active network comment on what their members applied."""
    return can_manage_network(user, outcome.network)


def can_download_certificate(user, network: Network) -> bool:
    """A member or former member who was present at one of the network's meetings or more;
    a certificate speaks of the person's own participation, so no role stands in for it."""
    return (
        user.is_authenticated
        and Attendance.objects.filter(user=user, present=True, meeting__network=network).exists()
    )
