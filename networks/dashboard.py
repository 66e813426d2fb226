"""The networks' sections of a person's home page: invitations, meetings ahead with one-click
answers, and the coordinators' decisions (requests to join, meetings left without attendance
or minutes). Registered with core.dashboard in NetworksConfig.ready().

`dashboard_networks(user)` fetches the person's memberships once per request; the sections
of every app take their network ids from it, so each section is one query whatever the
number of networks.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db.models import Count, Exists, OuterRef, Q, Window
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from networks import permissions
from networks.models import (
    Invitation,
    InvitationStatus,
    JoinRequest,
    Meeting,
    MeetingStatus,
    Membership,
    Network,
    RequestStatus,
)
from networks.selectors import _rsvp_annotations

MEETINGS_SHOWN = 5
INVITATIONS_SHOWN = 10
# Rows a decision kind lists (its count covers them all).
DECISIONS_SHOWN = 5
# A meeting left without attendance or minutes is a decision for this long after it ended;
# after that it is history, not a task.
MEETING_FOLLOW_UP_DAYS = 30


@dataclass
class DashboardNetworks:
    memberships: list[Membership] = field(default_factory=list)

    @property
    def by_id(self) -> dict[int, Network]:
        return {membership.network_id: membership.network for membership in self.memberships}

    @property
    def ids(self) -> list[int]:
        return [membership.network_id for membership in self.memberships]

    @property
    def active_ids(self) -> list[int]:
        """Networks where the person may still contribute (not archived)."""
        return [m.network_id for m in self.memberships if not m.network.is_archived]

    @property
    def coordinated_ids(self) -> list[int]:
        """Active networks the person coordinates: where decisions can still be taken."""
        return [
            m.network_id
            for m in self.memberships
            if permissions.can_manage_network(m.user, m.network)
        ]


def dashboard_networks(user) -> DashboardNetworks:
    """The person's memberships with their networks (one query, kept for the request), with
    each network's membership cache primed so that permission checks ask no more."""
    cached = getattr(user, "_dashboard_networks", None)
    if cached is not None:
        return cached
    memberships = list(Membership.objects.filter(user=user).select_related("network"))
    for membership in memberships:
        membership.user = user
        membership.network.__dict__.setdefault("_membership_cache", {})[user.pk] = membership
    found = DashboardNetworks(memberships=memberships)
    user._dashboard_networks = found
    return found


def attach_networks(user, rows, attribute: str = "network") -> list:
    """Give each row (meeting, thread, survey...) the network object already fetched."""
    networks = dashboard_networks(user).by_id
    rows = list(rows)
    for row in rows:
        setattr(row, attribute, networks[getattr(row, f"{attribute}_id")])
    return rows


def _when(meeting: Meeting) -> str:
    return formats.date_format(timezone.localtime(meeting.starts_at), "SHORT_DATETIME_FORMAT")


# --- the person's sections -------------------------------------------------------------


def invitations_section(user) -> dict | None:
    """Open invitations sent to any of the person's confirmed addresses (one query); nothing
    to show when there are none."""
    mine = EmailAddress.objects.filter(user=user, verified=True, email__iexact=OuterRef("email"))
    invitations = list(
        Invitation.objects.filter(
            Exists(mine),
            status=InvitationStatus.PENDING,
            created_at__gt=timezone.now() - Invitation.INVITATION_VALID_FOR,
            network__archived_at__isnull=True,
        )
        .select_related("network", "invited_by")
        .order_by("-created_at", "-pk")[:INVITATIONS_SHOWN]
    )
    if not invitations:
        return None
    return {"invitations": invitations}


def meetings_section(user) -> dict:
    """The next meetings of the person's networks with their answer and whether they may still
    answer (two queries: memberships, meetings)."""
    mine = dashboard_networks(user)
    meetings = []
    if mine.ids:
        meetings = attach_networks(
            user,
            Meeting.objects.upcoming()
            .filter(network_id__in=mine.ids)
            .annotate(**_rsvp_annotations(user))
            .order_by("starts_at", "pk")[:MEETINGS_SHOWN],
        )
    for meeting in meetings:
        meeting.may_answer = permissions.can_answer_meeting(user, meeting)
    return {"meetings": meetings, "has_networks": bool(mine.ids)}


# --- the coordinators' decisions -----------------------------------------------------


def join_requests_decisions(user) -> dict | None:
    """Requests to join the person's networks, counted per network (one query); not shown to
    someone who coordinates nothing."""
    coordinated = dashboard_networks(user).coordinated_ids
    if not coordinated:
        return None
    rows = list(
        JoinRequest.objects.filter(network_id__in=coordinated, status=RequestStatus.PENDING)
        .values("network_id")
        .annotate(count=Count("pk"))
        .order_by("-count", "network_id")
    )
    networks = dashboard_networks(user).by_id
    items = [
        {
            "label": networks[row["network_id"]].name,
            "count": row["count"],
            "url": reverse("networks:manage", kwargs={"slug": networks[row["network_id"]].slug}),
        }
        for row in rows
    ]
    return {"count": sum(item["count"] for item in items), "items": items[:DECISIONS_SHOWN]}


def meetings_follow_up_decisions(user) -> dict | None:
    """Meetings of the person's networks that ended lately without attendance or minutes
    (one query, the total counted by a window)."""
    coordinated = dashboard_networks(user).coordinated_ids
    if not coordinated:
        return None
    now = timezone.now()
    meetings = attach_networks(
        user,
        Meeting.objects.filter(
            Q(attendance_taken_at__isnull=True) | Q(minutes=""),
            network_id__in=coordinated,
            status=MeetingStatus.SCHEDULED,
            ends_at__lte=now,
            ends_at__gt=now - timedelta(days=MEETING_FOLLOW_UP_DAYS),
        )
        .annotate(total=Window(Count("pk")))
        .order_by("-ends_at", "-pk")[:DECISIONS_SHOWN],
    )
    items = []
    for meeting in meetings:
        kwargs = {"slug": meeting.network.slug, "pk": meeting.pk}
        missing_attendance = meeting.attendance_taken_at is None
        if missing_attendance and not meeting.minutes:
            missing = _("no attendance or minutes")
        elif missing_attendance:
            missing = _("no attendance")
        else:
            missing = _("no minutes")
        items.append(
            {
                "label": meeting.title,
                "detail": f"{meeting.network.name} · {_when(meeting)} · {missing}",
                "url": reverse(
                    "networks:meeting_attendance"
                    if missing_attendance
                    else "networks:meeting_minutes",
                    kwargs=kwargs,
                ),
            }
        )
    return {"count": meetings[0].total if meetings else 0, "items": items}
