"""Every change to networks, memberships, stages, goals and the plan happens here."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from core.markdown import render_markdown
from core.search import search_document
from networks import permissions
from networks.models import (
    ActivityKind,
    ActivityLog,
    CalendarFeed,
    Goal,
    Invitation,
    InvitationStatus,
    JoinRequest,
    Membership,
    Network,
    PlanComment,
    PlannedActivity,
    RequestStatus,
    Role,
    StageChange,
    new_token,
)
from notifications import mail
from notifications.models import Category
from notifications.services import notify

NETWORK_FIELDS = Network.EDITABLE_FIELDS


def _unique_slug(name: str) -> str:
    base = slugify(name)[:60].strip("-") or "siec"
    slug, number = base, 2
    while Network.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _refresh_search(network: Network) -> None:
    Network.objects.filter(pk=network.pk).update(
        search_vector=search_document(network.name, network.description, network.goals)
    )


def _render_description(network: Network) -> None:
    network.description_html = render_markdown(network.description)


def network_derived_refresh(network: Network) -> None:
    """After an edit outside these services (admin): the HTML and search document again."""
    _render_description(network)
    Network.objects.filter(pk=network.pk).update(description_html=network.description_html)
    _refresh_search(network)


def _coordinators(network: Network) -> list[User]:
    return list(
        User.objects.filter(memberships__network=network, memberships__role=Role.COORDINATOR)
    )


# --- networks ---------------------------------------------------------------


@transaction.atomic
def network_create(*, creator: User, **fields) -> Network:
    """A person with the coordinator capability creates a network and becomes its coordinator."""
    if not permissions.can_create_network(creator):
        raise PermissionDenied
    data = {name: fields[name] for name in NETWORK_FIELDS if name in fields}
    network = Network(created_by=creator, slug=_unique_slug(data["name"]), **data)
    network.full_clean(exclude=["slug"])
    _render_description(network)
    network.save()
    _refresh_search(network)
    Membership.objects.create(network=network, user=creator, role=Role.COORDINATOR)
    Network.objects.filter(pk=network.pk).update(member_count=1)
    StageChange.objects.create(network=network, to_stage=network.stage, changed_by=creator)
    network.refresh_from_db()
    return network


@transaction.atomic
def network_update(*, network: Network, by: User, **fields) -> Network:
    """Coordinators edit what the network is; its address stays the same."""
    if not permissions.can_manage_network(by, network):
        raise PermissionDenied
    for name in NETWORK_FIELDS:
        if name in fields:
            setattr(network, name, fields[name])
    network.full_clean()
    _render_description(network)
    network.save()
    _refresh_search(network)
    return network


@transaction.atomic
def network_archive(*, network: Network, by: User, archived: bool = True) -> Network:
    """Archiving makes the network read-only; members still read everything."""
    if not permissions.can_archive_network(by, network):
        raise PermissionDenied
    network.archived_at = timezone.now() if archived else None
    network.save(update_fields=["archived_at", "updated_at"])
    return network


@transaction.atomic
def network_change_stage(*, network: Network, by: User, stage: int, note: str = "") -> StageChange:
    """The coordinator moves the network to another stage (on or back); the history is kept."""
    if not permissions.can_manage_network(by, network):
        raise PermissionDenied
    if stage == network.stage:
        raise ValidationError(_("The network is already at this stage."))
    change = StageChange.objects.create(
        network=network, from_stage=network.stage, to_stage=stage, note=note, changed_by=by
    )
    network.stage = stage
    network.save(update_fields=["stage", "updated_at"])
    return change


# --- membership --------------------------------------------------------------


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
    if invitation.status != InvitationStatus.PENDING or invitation.is_expired:
        raise ValidationError(_("This invitation is no longer valid."))
    if invitation.network.is_archived:
        raise ValidationError(_("This network has been archived."))
    invitation.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
    invitation.accepted_by = user
    invitation.answered_at = timezone.now()
    invitation.save()
    if accept:
        _add_member(network=invitation.network, user=user, role=invitation.role)
    return invitation


@transaction.atomic
def membership_leave(*, membership: Membership) -> None:
    """A member leaves; the last coordinator must first hand the network over."""
    _ensure_not_last_coordinator(membership)
    _remove(membership)


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> None:
    """A coordinator removes a member."""
    if not permissions.can_manage_network(by, membership.network):
        raise PermissionDenied
    _ensure_not_last_coordinator(membership)
    _remove(membership)


@transaction.atomic
def membership_change_role(*, membership: Membership, by: User, role: str) -> Membership:
    """A coordinator makes a member a coordinator, participant or expert."""
    if not permissions.can_manage_network(by, membership.network):
        raise PermissionDenied
    if role != Role.COORDINATOR:
        _ensure_not_last_coordinator(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


def _ensure_not_last_coordinator(membership: Membership) -> None:
    if membership.role != Role.COORDINATOR:
        return
    others = (
        Membership.objects.select_for_update()
        .filter(network=membership.network_id, role=Role.COORDINATOR)
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


def membership_mark_visited(*, membership: Membership) -> None:
    """Remember the visit, for "unread activity", and count it once a day for statistics."""
    now = timezone.now()
    Membership.objects.filter(pk=membership.pk).update(last_visited_at=now)
    activity_record(network_id=membership.network_id, user=membership.user, kind=ActivityKind.VISIT)


# --- activity ---------------------------------------------------------------


def activity_record(
    *, network_id: int, user: User | None, kind: str, object_key: str = "", category: str = ""
) -> None:
    """Write one entry of the activity log that statistics count (visits once a day).

    `category` is the writing app's code for the sort of thing (a material's type);
    the app registers its labels with `networks.activity.register_categories`.
    """
    now = timezone.now()
    if kind == ActivityKind.VISIT:
        ActivityLog.objects.bulk_create(
            [
                ActivityLog(
                    network_id=network_id,
                    user=user,
                    kind=kind,
                    day=timezone.localdate(now),
                    created_at=now,
                )
            ],
            ignore_conflicts=True,
        )
        return
    ActivityLog.objects.create(
        network_id=network_id,
        user=user,
        kind=kind,
        object_key=object_key,
        category=category,
        created_at=now,
    )


# --- goals and plan ----------------------------------------------------------


def _require_manager(by: User, network: Network) -> None:
    if not permissions.can_manage_network(by, network):
        raise PermissionDenied


@transaction.atomic
def goal_save(*, network: Network, by: User, goal: Goal | None = None, **fields) -> Goal:
    """A coordinator adds or edits a goal of the network."""
    _require_manager(by, network)
    goal = goal or Goal(network=network, position=network.goal_items.count())
    for name in ("title", "description", "status"):
        if name in fields:
            setattr(goal, name, fields[name])
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def goal_delete(*, goal: Goal, by: User) -> None:
    _require_manager(by, goal.network)
    goal.delete()


@transaction.atomic
def activity_plan_save(
    *,
    network: Network,
    by: User,
    activity: PlannedActivity | None = None,
    title: str,
    starts_on: date,
    ends_on: date | None = None,
    goal: Goal | None = None,
    done: bool = False,
) -> PlannedActivity:
    """A coordinator adds or edits one activity of the plan."""
    _require_manager(by, network)
    if goal is not None and goal.network_id != network.pk:
        raise ValidationError(_("Choose a goal of this network."))
    activity = activity or PlannedActivity(network=network)
    activity.title, activity.starts_on, activity.ends_on = title, starts_on, ends_on
    activity.goal, activity.done = goal, done
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_plan_delete(*, activity: PlannedActivity, by: User) -> None:
    _require_manager(by, activity.network)
    activity.delete()


@transaction.atomic
def plan_comment_create(*, network: Network, author: User, body: str) -> PlanComment:
    """Members comment on the goals and plan, so that they are agreed together."""
    if not permissions.can_contribute(author, network):
        raise PermissionDenied
    if not body.strip():
        raise ValidationError(_("Write a comment first."))
    return PlanComment.objects.create(network=network, author=author, body=body.strip())


# --- calendar feed ----------------------------------------------------------------


def calendar_feed_for(*, user: User) -> CalendarFeed:
    """The person's private calendar address, created on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_reset(*, user: User) -> CalendarFeed:
    """A new private address; calendars subscribed to the old one stop receiving meetings."""
    feed = calendar_feed_for(user=user)
    feed.token = new_token()
    feed.save(update_fields=["token", "created_at"])
    return feed
