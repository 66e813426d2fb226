"""Networks' part of a person's data: export, erasure, the sole-coordinator guard, log retention.

Registered with accounts.personal_data in NetworksConfig.ready().
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.personal_data import Blocker, ErasureRequest, ExportPart
from accounts.services import erased_email
from networks.certificates import verify_path
from networks.models import (
    ActivityLog,
    Attendance,
    CalendarFeed,
    Certificate,
    DatePollAnswer,
    GoalAgreement,
    Invitation,
    InvitationStatus,
    JoinRequest,
    Meeting,
    MeetingReminder,
    Membership,
    Outcome,
    PlanComment,
    Rsvp,
)
from networks.permissions import coordinator_memberships, holds_coordinator_role
from networks.services import membership_leave, network_archive


def _networks_coordinated_alone(user: User):
    """The person's coordinator memberships of networks (not archived) with no other coordinator."""
    return (
        coordinator_memberships()
        .filter(user=user, network__archived_at__isnull=True)
        .annotate(
            coordinators=Count(
                "network__memberships",
                filter=Q(network__memberships__in=coordinator_memberships()),
            )
        )
        .filter(coordinators=1)
        .select_related("network")
        .order_by("network__name")
    )


def networks_blockers(user: User) -> list[Blocker]:
    """A network needs a coordinator: each one the person coordinates alone must be handed over (or archived)."""
    return [
        Blocker(
            text=_("You are the only coordinator of “%(network)s”.")
            % {"network": membership.network.name},
            url=reverse("networks:members", kwargs={"slug": membership.network.slug}),
            archivable=True,
        )
        for membership in _networks_coordinated_alone(user)
    ]


def networks_export(user: User) -> ExportPart:
    """Memberships, requests, invitations accepted, meeting answers and attendance, plan comments,
    answers to goals and date polls, certificates of participation."""

    def network(obj) -> dict:
        return {"name": obj.name, "address": obj.get_absolute_url()}

    def meeting(obj: Meeting) -> dict:
        return {"title": obj.title, "network": obj.network.name, "starts_at": obj.starts_at}

    feed = CalendarFeed.objects.filter(user=user).first()
    return ExportPart(
        data={
            "memberships": [
                {"network": network(m.network), "role": m.role, "joined_at": m.joined_at}
                for m in Membership.objects.filter(user=user).select_related("network")
            ],
            "join_requests": [
                {
                    "network": network(r.network),
                    "message": r.message,
                    "status": r.status,
                    "created_at": r.created_at,
                    "decided_at": r.decided_at,
                }
                for r in JoinRequest.objects.filter(user=user).select_related("network")
            ],
            "invitations_answered": [
                {
                    "network": network(i.network),
                    "role": i.role,
                    "status": i.status,
                    "answered_at": i.answered_at,
                }
                for i in Invitation.objects.filter(accepted_by=user).select_related("network")
            ],
            "meeting_answers": [
                {
                    "meeting": meeting(r.meeting),
                    "answer": r.answer,
                    "waiting_list": r.waitlisted,
                    "answered_at": r.answered_at,
                }
                for r in Rsvp.objects.filter(user=user).select_related("meeting__network")
            ],
            "meetings_attended": [
                {"meeting": meeting(a.meeting), "present": a.present}
                for a in Attendance.objects.filter(user=user).select_related("meeting__network")
            ],
            "meetings_led_as_expert": [
                meeting(m) for m in Meeting.objects.filter(expert=user).select_related("network")
            ],
            "outcomes_in_practice": [
                {
                    "network": network(o.network),
                    "title": o.title,
                    "description": o.description,
                    "applied_on": o.applied_on,
                    "with_whom": o.with_whom,
                    "evidence_url": o.evidence_url,
                    "evidence_note": o.evidence_note,
                    "response": o.response,
                    "coordinator_comment": o.coordinator_comment,
                    "created_at": o.created_at,
                }
                for o in Outcome.objects.filter(author=user).select_related("network")
            ],
            "plan_comments": [
                {"network": network(c.network), "text": c.body, "created_at": c.created_at}
                for c in PlanComment.objects.filter(author=user).select_related("network")
            ],
            "goal_answers": [
                {
                    "network": network(a.goal.network),
                    "goal": a.goal.title,
                    "agrees": a.agrees,
                    "comment": a.comment,
                    "answered_at": a.answered_at,
                }
                for a in GoalAgreement.objects.filter(user=user).select_related("goal__network")
            ],
            "date_poll_answers": [
                {
                    "network": network(a.slot.poll.network),
                    "poll": a.slot.poll.title,
                    "date": a.slot.starts_at,
                    "answer": a.answer,
                }
                for a in DatePollAnswer.objects.filter(user=user).select_related(
                    "slot__poll__network"
                )
            ],
            "certificates": [
                {
                    "network": network(c.network),
                    "code": c.code,
                    "verification_address": verify_path(c),
                    "period_from": c.period_from,
                    "period_to": c.period_to,
                    "issued_at": c.issued_at,
                    "as_printed": c.content,
                }
                for c in Certificate.objects.filter(user=user).select_related("network")
            ],
            "calendar_feed_created_at": feed.created_at if feed else None,
            "activity": [
                {"network": name, "kind": kind, "created_at": created_at}
                for name, kind, created_at in ActivityLog.objects.filter(user=user)
                .order_by("created_at", "pk")
                .values_list("network__name", "kind", "created_at")
            ],
        }
    )


def networks_erase(user: User, request: ErasureRequest) -> None:
    """Leave every network (archiving those coordinated alone, if asked); drop requests, feed, reminders.

    A network the person coordinated alone and that is archived keeps them as
    its coordinator, shown as "former participant": a network is never left
    without one. Invitations sent to their address stop naming it.
    """
    alone = {membership.network_id for membership in _networks_coordinated_alone(user)}
    for membership in Membership.objects.filter(user=user).select_related("network", "user"):
        if membership.network_id in alone:
            if request.archive_networks:
                network_archive(network=membership.network, by=user)
            continue
        if membership.network.is_archived and holds_coordinator_role(membership):
            others = coordinator_memberships(membership.network_id).exclude(pk=membership.pk)
            if not others.exists():
                continue
        membership_leave(membership=membership)
    MeetingReminder.objects.filter(user=user, sent_at__isnull=True).delete()
    # Answers to goals and date polls count only while one is a member; they go with them.
    GoalAgreement.objects.filter(user=user).delete()
    DatePollAnswer.objects.filter(user=user).delete()
    JoinRequest.objects.filter(user=user).delete()
    # A certificate prints the person's name; once the account is gone its code no longer
    # verifies (the privacy notice says so: keep the PDF).
    Certificate.objects.filter(user=user).delete()
    CalendarFeed.objects.filter(user=user).delete()
    Invitation.objects.filter(email__iexact=user.email, status=InvitationStatus.PENDING).update(
        status=InvitationStatus.REVOKED
    )
    Invitation.objects.filter(email__iexact=user.email).update(email=erased_email(user.pk))
    if request.remove_content:
        PlanComment.objects.filter(author=user).delete()
        Outcome.objects.filter(author=user).delete()


def networks_prune(now: datetime) -> int:
    """Activity-log entries older than the retention period stop naming the person (the counts stay)."""
    cutoff = now - timedelta(days=settings.RETENTION_LOG_DAYS)
    return ActivityLog.objects.filter(created_at__lt=cutoff, user__isnull=False).update(user=None)
