"""Reads for the networks pages, each fetching what its page renders in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Case, Count, OuterRef, Prefetch, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.search import search_query
from networks import permissions
from networks.models import (
    ActivityKind,
    ActivityLog,
    Answer,
    Goal,
    Invitation,
    InvitationStatus,
    JoinRequest,
    Meeting,
    MeetingStatus,
    Membership,
    Network,
    RequestStatus,
    Role,
    Rsvp,
    Stage,
    StageChange,
)
from notifications.selectors import muted_network_ids


def get_network_for_user(user, slug: str) -> Network:
    """The network whose page the person may see, else 404 (a hidden network does not exist)."""
    network = get_object_or_404(Network.objects.select_related("topic"), slug=slug)
    if not permissions.can_view_network(user, network):
        raise Http404
    return network


def get_network_for_member(user, slug: str) -> Network:
    """The network, for pages that only its members may see (threads, meetings, members), else 404."""
    network = get_network_for_user(user, slug)
    if not permissions.can_view_network_content(user, network):
        raise Http404
    return network


STAGE_GUIDANCE = {
    Stage.PROBING: _(
        "Find out what teachers need: talk to schools, run a short needs survey, gather people "
        "from different institutions who share a concern."
    ),
    Stage.TOPIC_AND_GOAL: _(
        "Choose the topic together and agree the main goal and detailed goals with the "
        "participants; plan the activities and meeting dates."
    ),
    Stage.WORKING: _(
        "Meet in person and online, exchange good practice, discuss in threads, invite experts "
        "and build a bank of materials — everyone gives, not only takes."
    ),
    Stage.APPLYING: _(
        "Try out in your own classes what the network worked out, and share how it went: "
        "lesson scenarios, observations, pupils' work."
    ),
    Stage.REFLECTION: _(
        "Look back together: what helped and what hindered, what changed in your work, which "
        "products remain, and whether the network goes on."
    ),
}


def catalogue(
    user, *, topic=None, stage=None, institution_type="", voivodeship="", join_policy="", text=""
) -> QuerySet[Network]:
    """Networks the person may see in the catalogue, filtered, with what each card shows."""
    networks = (
        Network.objects.visible_to(user)
        .filter(archived_at__isnull=True)
        .select_related("topic")
        .annotate(next_meeting_at=_next_meeting_start())
        .prefetch_related(_coordinators_prefetch())
        .order_by("name", "pk")
    )
    if topic is not None:
        networks = networks.filter(topic=topic)
    if stage not in (None, ""):
        networks = networks.filter(stage=stage)
    if institution_type:
        networks = networks.filter(institution_type=institution_type)
    if voivodeship:
        networks = networks.filter(voivodeship=voivodeship)
    if join_policy:
        networks = networks.filter(join_policy=join_policy)
    query = search_query(text)
    if query is not None:
        networks = networks.filter(search_vector=query)
    return networks


def _next_meeting_start():
    return Subquery(
        Meeting.objects.filter(
            network=OuterRef("pk"),
            status=MeetingStatus.SCHEDULED,
            starts_at__gte=timezone.now(),
        )
        .order_by("starts_at")
        .values("starts_at")[:1]
    )


def _coordinators_prefetch() -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=permissions.coordinator_memberships().select_related("user"),
        to_attr="coordinator_memberships",
    )


@dataclass
class NetworkPage:
    network: Network
    membership: Membership | None
    coordinators: list[Membership]
    upcoming_meetings: list[Meeting] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    stage_changes: list[StageChange] = field(default_factory=list)
    pending_request: JoinRequest | None = None
    guidance: str = ""
    muted: bool = False


def network_page(user, network: Network) -> NetworkPage:
    """Everything a network's page shows; member-only parts only for members."""
    membership = permissions.membership_of(user, network)
    coordinators = list(permissions.coordinator_memberships(network).select_related("user"))
    page = NetworkPage(
        network=network,
        membership=membership,
        coordinators=coordinators,
        guidance=STAGE_GUIDANCE[Stage(network.stage)],
    )
    if permissions.can_view_plan(user, network):
        page.goals = list(network.goal_items.all())
    if membership is not None:
        page.upcoming_meetings = list(
            network.meetings.upcoming().annotate(**_rsvp_annotations(user))[:5]
        )
        page.stage_changes = list(network.stage_changes.select_related("changed_by"))
        page.muted = network.pk in muted_network_ids(user=user)
    elif user.is_authenticated:
        page.pending_request = network.join_requests.filter(
            user=user, status=RequestStatus.PENDING
        ).first()
    return page


def _rsvp_annotations(user) -> dict:
    mine = Rsvp.objects.filter(meeting=OuterRef("pk"), user=user)
    return {
        "my_answer": Subquery(mine.values("answer")[:1]),
        "my_waitlisted": Subquery(mine.values("waitlisted")[:1]),
        "yes_count": Count("rsvps", filter=Q(rsvps__answer=Answer.YES, rsvps__waitlisted=False)),
        "maybe_count": Count("rsvps", filter=Q(rsvps__answer=Answer.MAYBE)),
        "no_count": Count("rsvps", filter=Q(rsvps__answer=Answer.NO)),
        "waiting_count": Count("rsvps", filter=Q(rsvps__answer=Answer.YES, rsvps__waitlisted=True)),
    }


def meetings_of(user, network: Network, *, past: bool) -> QuerySet[Meeting]:
    """A network's meetings ahead (soonest first) or past (latest first), with the answers."""
    meetings = network.meetings.select_related("network").annotate(**_rsvp_annotations(user))
    now = timezone.now()
    if past:
        return meetings.filter(ends_at__lt=now).order_by("-starts_at")
    return meetings.filter(ends_at__gte=now).order_by("starts_at")


def get_meeting_for_member(user, slug: str, pk: int) -> Meeting:
    """A meeting of a network the person belongs to, else 404."""
    network = get_network_for_member(user, slug)
    meeting = get_object_or_404(
        Meeting.objects.select_related("expert").annotate(**_rsvp_annotations(user)),
        network=network,
        pk=pk,
    )
    meeting.network = network
    if not permissions.can_view_meeting(user, meeting):
        raise Http404
    return meeting


def meeting_rsvps(meeting: Meeting) -> list[Rsvp]:
    """Who is coming: "yes" first, then the waiting list, then "maybe"; a "no" is not listed."""
    order = Case(
        When(answer=Answer.YES, waitlisted=False, then=0),
        When(answer=Answer.YES, then=1),
        default=2,
    )
    return list(
        meeting.rsvps.exclude(answer=Answer.NO)
        .select_related("user")
        .order_by(order, "answered_at", "id")
    )


def members_page(network: Network) -> QuerySet[Membership]:
    """The member list, coordinators first, with the profiles it shows."""
    order = Case(When(role=Role.COORDINATOR, then=0), When(role=Role.EXPERT, then=1), default=2)
    return network.memberships.select_related("user").order_by(order, "user__display_name", "pk")


def person_memberships(viewer, person) -> QuerySet[Membership]:
    """The person's networks shown on their profile: those shared with the viewer
    (all of them to the person and to staff)."""
    memberships = Membership.objects.filter(user=person).select_related("network")
    if not permissions.can_view_all_memberships(viewer, person):
        memberships = memberships.filter(network__memberships__user=viewer)
    return memberships.order_by("network__name")


@dataclass
class MyNetworks:
    memberships: list[Membership]
    meetings: list[Meeting]
    invitations: list[Invitation]
    my_requests: list[JoinRequest]
    requests_to_decide: list[JoinRequest]


# A new thread is logged as THREAD and as its first POST: count posts only.
UNREAD_KINDS = (ActivityKind.POST, ActivityKind.UPLOAD)


def my_networks(user) -> MyNetworks:
    """The person's networks with unread activity, meetings ahead and what waits for them."""
    unread = (
        ActivityLog.objects.filter(
            network=OuterRef("network"),
            kind__in=UNREAD_KINDS,
            created_at__gt=OuterRef("last_visited_at"),
        )
        .exclude(user=user)
        .order_by()
        .values("network")
        .annotate(total=Count("pk"))
        .values("total")
    )
    memberships = list(
        Membership.objects.filter(user=user)
        .select_related("network__topic")
        .annotate(
            unread=Coalesce(Subquery(unread), 0),
            next_meeting_at=Subquery(
                Meeting.objects.filter(
                    network=OuterRef("network"),
                    status=MeetingStatus.SCHEDULED,
                    starts_at__gte=timezone.now(),
                )
                .order_by("starts_at")
                .values("starts_at")[:1]
            ),
        )
        .order_by("network__archived_at", "network__name")
    )
    network_ids = [m.network_id for m in memberships]
    meetings = list(
        Meeting.objects.upcoming()
        .filter(network_id__in=network_ids)
        .select_related("network")
        .annotate(**_rsvp_annotations(user))
        .order_by("starts_at")[:10]
    )
    coordinated = permissions.networks_coordinated_by(user).values("pk")
    return MyNetworks(
        memberships=memberships,
        meetings=meetings,
        invitations=list(
            Invitation.objects.filter(
                email__iexact=user.email, status=InvitationStatus.PENDING
            ).select_related("network", "invited_by")
        ),
        my_requests=list(
            JoinRequest.objects.filter(user=user, status=RequestStatus.PENDING).select_related(
                "network"
            )
        ),
        requests_to_decide=list(
            JoinRequest.objects.filter(
                network_id__in=coordinated, status=RequestStatus.PENDING
            ).select_related("network", "user")
        ),
    )


@dataclass
class ManagePage:
    requests: list[JoinRequest]
    invitations: list[Invitation]


def manage_page(network: Network) -> ManagePage:
    """The coordinator's dashboard: requests and invitations waiting for an answer."""
    return ManagePage(
        requests=list(
            network.join_requests.filter(status=RequestStatus.PENDING).select_related("user")
        ),
        invitations=list(
            network.invitations.filter(status=InvitationStatus.PENDING).select_related("invited_by")
        ),
    )


def plan_page(network: Network) -> dict:
    """Goals, the plan of activities and the members' comments on them."""
    return {
        "goals": list(network.goal_items.all()),
        "activities": list(network.plan.select_related("goal")),
        "comments": list(network.plan_comments.select_related("author")),
    }


def calendar_meetings(user) -> QuerySet[Meeting]:
    """Every meeting of the person's networks from the last 90 days on, for the calendar feed."""
    return (
        Meeting.objects.filter(
            network__memberships__user=user,
            starts_at__gte=timezone.now() - timedelta(days=90),
        )
        .select_related("network")
        .order_by("starts_at")
    )
