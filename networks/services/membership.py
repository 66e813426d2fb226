"""Who belongs: joining, requests, invitations, leaving, removing, roles, visits."""

from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from networks import permissions
from networks.models import (
    ActivityKind,
    ActivityLog,
    Invitation,
    InvitationStatus,
    JoinRequest,
    Membership,
    Network,
    RequestStatus,
    Role,
)

# --- membership --------------------------------------------------------------
from networks.services.activity import activity_record
from networks.services.network import _coordinators
from notifications import mail
from notifications.eligibility import email_eligible
from notifications.models import Category
from notifications.services import notifications_mark_item_read, notify

# How long a process remembers that it has counted a member's visit of the day.
VISIT_MEMORY = 24 * 60 * 60


def _add_member(*, network: Network, user: User, role: str = Role.PARTICIPANT) -> Membership:
    membership, created = Membership.objects.get_or_create(
        network=network, user=user, defaults={"role": role}
    )
    if created:
        Network.objects.filter(pk=network.pk).update(member_count=F("member_count") + 1)
        ActivityLog.objects.create(network=network, user=user, kind=ActivityKind.JOINED)
        # A pending request or invitation for this person is settled by joining.
        JoinRequest.objects.filter(network=network, user=user, status=RequestStatus.PENDING).update(
            status=RequestStatus.APPROVED, decided_at=timezone.now()
        )
    network.__dict__.pop("_membership_cache", None)
    return membership


@transaction.atomic
def network_join(*, network: Network, user: User) -> Membership:
    """Anyone may join an open network; joining is voluntary."""
    if not permissions.can_join_network(user, network):
        raise PermissionDenied
    return _add_member(network=network, user=user)


@transaction.atomic
def join_request_create(*, network: Network, user: User, message: str = "") -> JoinRequest:
    """Ask the coordinators of an on-request network to let one in."""
    if not permissions.can_request_to_join(user, network):
        raise PermissionDenied
    try:
        with transaction.atomic():
            request = JoinRequest.objects.create(network=network, user=user, message=message)
    except IntegrityError:
        raise ValidationError(
            _("You have already asked to join; the coordinators will answer.")
        ) from None
    notify(
        recipients=_coordinators(network),
        category=Category.MEMBERSHIP,
        text=gettext_noop("%(person)s asks to join %(network)s"),
        params={"person": user.public_name, "network": network.name},
        url=reverse("networks:manage", kwargs={"slug": network.slug}),
        network_id=network.pk,
        item_key=f"networks.joinrequest:{request.pk}",
        actor=user,
    )
    return request


@transaction.atomic
def join_request_decide(
    *, join_request: JoinRequest, by: User, approve: bool, message: str = ""
) -> JoinRequest:
    """A coordinator approves or declines a request, with a message to the person."""
    network = join_request.network
    if not permissions.can_manage_network(by, network):
        raise PermissionDenied
    if join_request.status != RequestStatus.PENDING:
        raise ValidationError(_("This request has already been answered."))
    join_request.status = RequestStatus.APPROVED if approve else RequestStatus.DECLINED
    join_request.decided_by = by
    join_request.decided_at = timezone.now()
    join_request.decision_message = message
    join_request.save()
    if approve:
        _add_member(network=network, user=join_request.user)
        text = gettext_noop("You are now a member of %(network)s")
    else:
        text = gettext_noop("Your request to join %(network)s was declined")
    notify(
        recipients=[join_request.user],
        category=Category.MEMBERSHIP,
        text=text,
        params={"network": network.name, "message": message},
        url=network.get_absolute_url(),
        network_id=network.pk,
        item_key=f"networks.joinrequest:{join_request.pk}:decision",
        actor=by,
    )
    return join_request


@transaction.atomic
def join_request_withdraw(*, join_request: JoinRequest, by: User) -> JoinRequest:
    """A person withdraws their own pending request."""
    if join_request.user_id != by.pk or join_request.status != RequestStatus.PENDING:
        raise PermissionDenied
    join_request.status = RequestStatus.WITHDRAWN
    join_request.save(update_fields=["status"])
    return join_request


@transaction.atomic
def invitation_create(
    *, network: Network, by: User, email: str, role: str = Role.PARTICIPANT, message: str = ""
) -> Invitation:
    """A coordinator invites someone by e-mail, whether or not they have an account yet."""
    if not permissions.can_manage_network(by, network):
        raise PermissionDenied
    email = email.strip().lower()
    if Membership.objects.filter(network=network, user__email__iexact=email).exists():
        raise ValidationError(_("This person is already a member of the network."))
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                network=network, email=email, role=role, message=message, invited_by=by
            )
    except IntegrityError:
        raise ValidationError(_("An invitation to this address is already waiting.")) from None
    link = reverse("networks:invitation", kwargs={"token": invitation.token})
    context = {"network": network, "invitation": invitation, "inviter": by, "link": link}
    invitee = User.objects.filter(email__iexact=email).first()
    subject = gettext_noop("Invitation to the network %(network)s")
    if invitee is not None:
        # Someone with an account is asked the eligibility rule, as for any other e-mail.
        if email_eligible(users=[invitee], category=Category.INVITATION, network_id=network.pk):
            mail.email_user(
                user=invitee,
                kind="notification",
                category=Category.INVITATION,
                subject=subject,
                subject_params={"network": network.name},
                template="networks/email/invitation",
                context=context,
                item_key=f"networks.invitation:{invitation.pk}",
            )
        notify(
            recipients=[invitee],
            category=Category.INVITATION,
            text=gettext_noop("%(person)s invites you to %(network)s"),
            params={"person": by.public_name, "network": network.name},
            url=link,
            network_id=network.pk,
            item_key=f"networks.invitation:{invitation.pk}",
            actor=by,
        )
    else:
        mail.email_address(
            to_address=email,
            language=by.language,
            kind="notification",
            subject=subject,
            subject_params={"network": network.name},
            template="networks/email/invitation",
            context=context,
            item_key=f"networks.invitation:{invitation.pk}",
        )
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    """A coordinator withdraws an invitation that has not been answered."""
    if not permissions.can_manage_network(by, invitation.network):
        raise PermissionDenied
    if invitation.status == InvitationStatus.PENDING:
        invitation.status = InvitationStatus.REVOKED
        invitation.save(update_fields=["status"])
    return invitation


@transaction.atomic
def invitation_answer(*, invitation: Invitation, user: User, accept: bool) -> Invitation:
    """The invited person accepts (and becomes a member) or declines; a link works once."""
    if not invitation.is_open:
        raise ValidationError(_("This invitation is no longer valid."))
    if invitation.network.is_archived:
        raise ValidationError(_("This network has been archived."))
    if not permissions.can_answer_invitation(user, invitation):
        raise PermissionDenied
    invitation.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
    invitation.accepted_by = user
    invitation.answered_at = timezone.now()
    invitation.save()
    if accept:
        _add_member(network=invitation.network, user=user, role=invitation.role)
    # The notification asked for an answer; once given, it should not stay unread.
    notifications_mark_item_read(item_key=f"networks.invitation:{invitation.pk}")
    return invitation


@transaction.atomic
def membership_leave(*, membership: Membership) -> None:
    """A member leaves; the last coordinator must first hand the network over."""
    _ensure_not_last_coordinator(membership)
    _remove(membership)


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> None:
    """A coordinator removes a member."""
    if not permissions.can_change_member(by, membership):
        raise PermissionDenied
    _ensure_not_last_coordinator(membership)
    _remove(membership)


@transaction.atomic
def membership_change_role(*, membership: Membership, by: User, role: str) -> Membership:
    """A coordinator makes a member a coordinator, participant or expert."""
    if not permissions.can_change_member(by, membership):
        raise PermissionDenied
    if role != Role.COORDINATOR:
        _ensure_not_last_coordinator(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


def _ensure_not_last_coordinator(membership: Membership) -> None:
    if not permissions.holds_coordinator_role(membership):
        return
    others = (
        permissions.coordinator_memberships(membership.network_id)
        .select_for_update()
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise ValidationError(
            _("A network needs a coordinator: make someone else a coordinator first.")
        )


def _remove(membership: Membership) -> None:
    from networks.meetings import rsvps_drop_for_member

    rsvps_drop_for_member(network=membership.network, user=membership.user)
    membership.delete()
    Network.objects.filter(pk=membership.network_id).update(member_count=F("member_count") - 1)
    membership.network.__dict__.pop("_membership_cache", None)


@transaction.atomic
def network_members_refresh(*, network: Network, removed: list[User] | None = None) -> int:
    """After memberships were changed outside these services (the admin): those removed lose
    their places and reminders, and the member count is counted again; returns it."""
    from networks.meetings import rsvps_drop_for_member

    for user in removed or []:
        rsvps_drop_for_member(network=network, user=user)
    count = Membership.objects.filter(network=network).count()
    Network.objects.filter(pk=network.pk).update(member_count=count)
    network.member_count = count
    network.__dict__.pop("_membership_cache", None)
    return count


def membership_mark_visited(*, membership: Membership) -> None:
    """Remember the visit, for "unread activity", and count it once a day for statistics."""
    now = timezone.now()
    Membership.objects.filter(pk=membership.pk).update(last_visited_at=now)
    # The day's visit is one row (a unique constraint): a process that has written it
    # spares the database the repeats; another process, or a forgotten entry, only
    # tries once more.
    counted = f"visit:{membership.network_id}:{membership.user_id}:{timezone.localdate(now)}"
    if caches["local"].get(counted) is None:
        activity_record(
            network_id=membership.network_id, user=membership.user, kind=ActivityKind.VISIT
        )
        caches["local"].set(counted, True, VISIT_MEMORY)
