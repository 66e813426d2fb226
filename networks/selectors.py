"""Reads for the networks pages, each fetching what its page renders in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.rows import Columns, split
from core.search import search_query
from networks import app_settings, calendar, page_keys, permissions
from networks.models import (
    ActivityKind,
    ActivityLog,
    Answer,
    DatePoll,
    DatePollAnswer,
    Goal,
    GoalAgreement,
    Invitation,
    InvitationStatus,
    JoinRequest,
    Meeting,
    MeetingStatus,
    Membership,
    Network,
    Outcome,
    RequestStatus,
    Role,
    Rsvp,
    Stage,
    StageChange,
    Topic,
)
from notifications.selectors import muted_network_ids

# A member's network with its topic and their membership, in one query written out
# (core.rows): the same read through the ORM (select_related, defer) cost 1.1 ms of Python a
# request, most of it compiling SQL that never changes, for every page of a network.
# forums.selectors reads a thread with the same columns and joins (MEMBER_NETWORK_*).
NETWORK_COLUMNS = Columns(Network, exclude=("search_vector",))  # the index is never shown
TOPIC_COLUMNS = Columns(Topic)
MEMBERSHIP_COLUMNS = Columns(Membership)
MEMBER_NETWORK_COLUMNS = (NETWORK_COLUMNS, TOPIC_COLUMNS, MEMBERSHIP_COLUMNS)
MEMBER_NETWORK_SELECT = ", ".join(columns.sql for columns in MEMBER_NETWORK_COLUMNS)
MEMBER_NETWORK_JOINS = """
    JOIN networks_membership ON networks_membership.network_id = networks_network.id
        AND networks_membership.user_id = %s
    JOIN networks_topic ON networks_topic.id = networks_network.topic_id"""
_MEMBER_NETWORK = f"""
    SELECT {MEMBER_NETWORK_SELECT} FROM networks_network {MEMBER_NETWORK_JOINS}
    WHERE networks_network.slug = %s"""  # noqa: S608 (columns from the models; values bound)


def member_network(user, network_values, topic_values, membership_values) -> Network:
    """The network of a row read with MEMBER_NETWORK_*, its topic and the person's membership
    on it (remembered for the permission functions: no query when a rule asks), after the
    rule that the person may see it."""
    network = NETWORK_COLUMNS.build(network_values)
    network.topic = TOPIC_COLUMNS.build(topic_values)
    membership = MEMBERSHIP_COLUMNS.build(membership_values)
    membership.user, membership.network = user, network  # no query when a service needs them
    network.__dict__.setdefault("_membership_cache", {})[user.pk] = membership
    if not permissions.can_view_network(user, network):
        raise Http404
    return network


def _network_with_membership(user, slug: str) -> Network | None:
    """The network through the person's membership of it (one query), the membership
    remembered on it for the permission functions; None when they are not a member."""
    if not user.is_authenticated:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_MEMBER_NETWORK, [user.pk, slug])
        row = cursor.fetchone()
    if row is None:
        return None
    return member_network(user, *split(row, *MEMBER_NETWORK_COLUMNS)[0])


def get_network_with_membership(user, slug: str) -> Network:
    """The network whose page the person may see, else 404, with their membership (or None)
    remembered on it: one query for a member."""
    network = _network_with_membership(user, slug)
    if network is not None:
        return network
    network = get_object_or_404(Network.objects.select_related("topic"), slug=slug)
    if user.is_authenticated:
        network.__dict__.setdefault("_membership_cache", {})[user.pk] = None
    if not permissions.can_view_network(user, network):
        raise Http404
    return network


def get_network_for_user(user, slug: str) -> Network:
    """The network whose page the person may see, else 404 (a hidden network does not exist)."""
    network = get_object_or_404(Network.objects.select_related("topic"), slug=slug)
    if not permissions.can_view_network(user, network):
        raise Http404
    return network


def get_network_for_member(user, slug: str) -> Network:
    """The network, for pages that only its members may see (threads, meetings, members), else 404.

    A member's network comes with their membership in one query; anyone else's request
    takes the long way, through the same rules."""
    network = _network_with_membership(user, slug) or get_network_for_user(user, slug)
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


def outcomes_of(network: Network) -> QuerySet[Outcome]:
    """What the network's members applied in practice, the latest first (with who and what for)."""
    return network.outcomes.select_related("author", "goal", "commented_by")


class NetworkPage:
    """Everything a network's page shows, each part fetched when the page first shows it (a
    part that the cache holds asks for nothing); member-only parts only for members."""

    def __init__(self, user, network: Network):
        self.user = user
        self.network = network
        self.membership = permissions.membership_of(user, network)
        self.guidance = STAGE_GUIDANCE[Stage(network.stage)]

    @cached_property
    def coordinators(self) -> list[Membership]:
        return list(permissions.coordinator_memberships(self.network).select_related("user"))

    @cached_property
    def goals(self) -> list[Goal]:
        if not permissions.can_view_plan(self.user, self.network):
            return []
        return list(self.network.goal_items.all())

    @cached_property
    def upcoming_meetings(self) -> list[Meeting]:
        if self.membership is None:
            return []
        meetings = self.network.meetings.upcoming().annotate(**_rsvp_annotations(self.user))
        return list(meetings[: page_keys.NETWORK_PAGE_MEETINGS])

    @cached_property
    def stage_changes(self) -> list[StageChange]:
        if self.membership is None:
            return []
        return list(self.network.stage_changes.select_related("changed_by"))

    @cached_property
    def muted(self) -> bool:
        return self.membership is not None and self.network.pk in muted_network_ids(user=self.user)

    @cached_property
    def latest_outcomes(self) -> list[Outcome]:
        if self.membership is None or not permissions.can_view_outcomes(self.user, self.network):
            return []
        return list(outcomes_of(self.network)[: page_keys.NETWORK_PAGE_OUTCOMES])

    @cached_property
    def pending_request(self) -> JoinRequest | None:
        if self.membership is not None or not self.user.is_authenticated:
            return None
        return self.network.join_requests.filter(
            user=self.user, status=RequestStatus.PENDING
        ).first()


def network_page(user, network: Network) -> NetworkPage:
    """The network's page for the person (its parts are fetched as the page shows them)."""
    return NetworkPage(user, network)


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
        .order_by("starts_at", "pk")[: page_keys.MY_NETWORKS_MEETINGS]
    )
    coordinated = permissions.networks_coordinated_by(user).values("pk")
    return MyNetworks(
        memberships=memberships,
        meetings=meetings,
        invitations=pending_invitations(user),
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


def _open_invitations_to_verified_addresses(user) -> QuerySet[Invitation]:
    # The rule of `permissions.can_answer_invitation`, in SQL: open, to an active network,
    # sent to an address the account holds and has confirmed.
    verified = EmailAddress.objects.filter(
        user=user, verified=True, email__iexact=OuterRef("email")
    )
    return Invitation.objects.filter(
        Exists(verified),
        status=InvitationStatus.PENDING,
        created_at__gt=timezone.now() - Invitation.INVITATION_VALID_FOR,
        network__archived_at__isnull=True,
    )


def pending_invitations(user) -> list[Invitation]:
    """Open invitations the person may answer: to any of their confirmed addresses, whichever
    device the link was first opened on."""
    if not user.is_authenticated:
        return []
    return list(
        _open_invitations_to_verified_addresses(user)
        .select_related("network", "invited_by")
        .order_by("-created_at")
    )


def has_pending_invitations(user) -> bool:
    """Whether an invitation waits for the person's answer (one query, for the login redirect)."""
    return user.is_authenticated and _open_invitations_to_verified_addresses(user).exists()


def found_a_network() -> ExpressionWrapper:
    """On a User row: the person belongs to a network or has asked to join one."""
    return ExpressionWrapper(
        Q(Exists(Membership.objects.filter(user=OuterRef("pk"))))
        | Q(Exists(JoinRequest.objects.filter(user=OuterRef("pk"), status=RequestStatus.PENDING))),
        output_field=BooleanField(),
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


def _agreement_count(agrees: bool):
    # Only the answers of people who are still members count.
    answers = (
        GoalAgreement.objects.filter(
            goal=OuterRef("pk"), agrees=agrees, user__memberships__network=OuterRef("network")
        )
        .order_by()
        .values("goal")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(answers), 0)


def goals_with_agreement(goals: QuerySet[Goal]) -> QuerySet[Goal]:
    """Goals with how many members agree and object, and `majority_agrees`: more than
    app_settings.GOAL_AGREEMENT_PERCENT of the members agree (the one rule of "agreed")."""
    return goals.annotate(
        agree_count=_agreement_count(True), object_count=_agreement_count(False)
    ).annotate(
        majority_agrees=ExpressionWrapper(
            Q(
                agree_count__gt=F("network__member_count")
                * app_settings.GOAL_AGREEMENT_PERCENT
                / 100.0
            ),
            output_field=BooleanField(),
        )
    )


def plan_page(user, network: Network) -> dict:
    """Goals with where the group stands and the person's own answer, the plan of activities
    and the members' comments; the objections' comments only for the coordinators."""
    mine = {
        answer.goal_id: answer
        for answer in GoalAgreement.objects.filter(goal__network=network, user=user)
    }
    goals = list(goals_with_agreement(network.goal_items.all()))
    objections: dict[int, list[GoalAgreement]] = {}
    if permissions.can_view_goal_objections(user, network):
        for answer in GoalAgreement.objects.filter(
            goal__network=network, agrees=False, user__memberships__network=network
        ).select_related("user"):
            objections.setdefault(answer.goal_id, []).append(answer)
    for goal in goals:
        goal.network = network
        goal.my_agreement = mine.get(goal.pk)
        goal.objections = objections.get(goal.pk, [])
    return {
        "goals": goals,
        "activities": list(network.plan.select_related("goal")),
        "comments": list(network.plan_comments.select_related("author")),
    }


def open_date_polls(network: Network) -> list[DatePoll]:
    """The network's polls still waiting for a date, newest first."""
    polls = list(network.date_polls.filter(closed_at__isnull=True))
    for poll in polls:
        poll.network = network
    return polls


def get_date_poll_for_member(user, slug: str, pk: int) -> DatePoll:
    """A date poll of a network the person belongs to, else 404."""
    network = get_network_for_member(user, slug)
    poll = get_object_or_404(DatePoll.objects.select_related("meeting"), network=network, pk=pk)
    poll.network = network
    if not permissions.can_view_date_poll(user, poll):
        raise Http404
    return poll


@dataclass
class PollRow:
    slot: object
    yes: list = field(default_factory=list)
    if_need_be: list = field(default_factory=list)
    no: list = field(default_factory=list)
    mine: str = ""


def date_poll_page(user, poll: DatePoll) -> dict:
    """One row per proposed date with who said yes, if need be and no, the person's own
    answers, and how many members have not answered yet: three queries, whatever the size."""
    slots = list(
        poll.slots.prefetch_related(
            Prefetch(
                "answers",
                queryset=DatePollAnswer.objects.filter(
                    user__memberships__network=poll.network
                ).select_related("user"),
            )
        )
    )
    rows, answered = [], set()
    for slot in slots:
        row = PollRow(slot=slot)
        for answer in slot.answers.all():
            answered.add(answer.user_id)
            getattr(row, answer.answer).append(answer.user)
            if answer.user_id == user.pk:
                row.mine = answer.answer
        rows.append(row)
    return {
        "rows": rows,
        "answered_count": len(answered),
        "waiting_count": max(poll.network.member_count - len(answered), 0),
        "my_answers": {row.slot.pk: row.mine for row in rows if row.mine},
    }


def calendar_meetings(user) -> QuerySet:
    """Every meeting of the person's networks from the last 90 days on, for the calendar feed:
    as rows of what their events show (`calendar.SHOWN_FIELDS`), in order."""
    return (
        Meeting.objects.filter(
            network__memberships__user=user,
            starts_at__gte=timezone.now() - timedelta(days=90),
        )
        .order_by("starts_at", "pk")
        .values_list(*calendar.SHOWN_FIELDS)
    )
