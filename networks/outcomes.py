"""Outcomes in practice (stage 3): members record what they applied; coordinators comment.

Recording one writes an activity-log entry, so statistics count outcomes with the rest,
and the stage-3 task "outcomes recorded" ticks itself (see `register_outcome_task`).
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from core.markdown import render_markdown
from networks import permissions, stage_tasks
from networks.models import ActivityKind, Goal, GoalStatus, Network, Outcome
from networks.services.activity import activity_record


@transaction.atomic
def outcome_record(
    *,
    network: Network,
    author: User,
    title: str,
    description: str,
    applied_on: date,
    with_whom: str = "",
    goal: Goal | None = None,
    evidence_url: str = "",
    evidence_note: str = "",
    response: str = "",
) -> Outcome:
    """A member records one thing they applied in their own school or library."""
    if not permissions.can_record_outcome(author, network):
        raise PermissionDenied
    if goal is not None and (goal.network_id != network.pk or goal.status == GoalStatus.DROPPED):
        raise ValidationError({"goal": _("Choose one of this network's goals.")})
    if applied_on > timezone.localdate():
        raise ValidationError({"applied_on": _("An outcome is recorded once it has happened.")})
    outcome = Outcome(
        network=network,
        author=author,
        title=title,
        description=description,
        description_html=render_markdown(description),
        applied_on=applied_on,
        with_whom=with_whom,
        goal=goal,
        evidence_url=evidence_url,
        evidence_note=evidence_note,
        response=response,
    )
    outcome.full_clean()
    outcome.save()
    activity_record(
        network_id=network.pk,
        user=author,
        kind=ActivityKind.OUTCOME,
        object_key=f"outcome:{outcome.pk}",
    )
    return outcome


@transaction.atomic
def outcome_comment(*, outcome: Outcome, by: User, comment: str) -> Outcome:
    """A coordinator comments on a member's outcome (an empty comment removes it)."""
    if not permissions.can_comment_outcome(by, outcome):
        raise PermissionDenied
    comment = comment.strip()
    outcome.coordinator_comment = comment
    outcome.commented_by = by if comment else None
    outcome.commented_at = timezone.now() if comment else None
    outcome.save(update_fields=["coordinator_comment", "commented_by", "commented_at"])
    return outcome


def _outcomes_recorded() -> Exists:
    return Exists(Outcome.objects.filter(network=OuterRef("pk")))


def register_outcome_task() -> None:
    """Stage 3's "outcomes recorded" ticks itself once one outcome exists (networks' ready())."""
    stage_tasks.register_check("outcomes_recorded", _outcomes_recorded)
    stage_tasks.register_tool(
        "outcomes_recorded",
        lambda network: stage_tasks.Tool(
            gettext_lazy("Outcomes in practice"),
            reverse("networks:outcomes", kwargs={"slug": network.slug}),
        ),
    )
