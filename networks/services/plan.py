"""Goals, the plan of activities and the members' comments on it."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from networks import permissions
from networks.models import (
    Goal,
    GoalAgreement,
    GoalStatus,
    Network,
    PlanComment,
    PlannedActivity,
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


@transaction.atomic
def goal_agreement_set(*, goal: Goal, user: User, agrees: bool, comment: str = "") -> GoalAgreement:
    """A member agrees with a goal or objects to it, saying why; answering again changes it.
    A proposed goal a majority now agrees with becomes agreed (later changes are the
    coordinators' to make), so its status says what the checklist and the plan page say."""
    if not permissions.can_agree_with_goal(user, goal):
        raise PermissionDenied
    comment = comment.strip()
    if not agrees and not comment:
        raise ValidationError(
            {"comment": _("Say what you object to, so the goal can be improved.")}
        )
    agreement, _created = GoalAgreement.objects.update_or_create(
        goal=goal, user=user, defaults={"agrees": agrees, "comment": comment}
    )
    if agrees and goal.status == GoalStatus.PROPOSED:
        from networks.selectors import goals_with_agreement

        agreed = goals_with_agreement(Goal.objects.filter(pk=goal.pk, status=GoalStatus.PROPOSED))
        if agreed.filter(majority_agrees=True).update(status=GoalStatus.AGREED):
            goal.status = GoalStatus.AGREED
    return agreement
