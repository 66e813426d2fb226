"""Reads for the account pages."""

from django.db.models import BooleanField, ExpressionWrapper, Q

from accounts.first_steps import FirstStep, registered_steps
from accounts.models import DataExport, User
from accounts.personal_data import Blocker, erasure_blockers


def data_exports_for(*, user: User) -> list[DataExport]:
    """The person's data exports, newest first (few: expired ones are pruned nightly)."""
    return list(DataExport.objects.filter(user=user).order_by("-created_at", "-pk")[:10])


def account_deletion_blockers(*, user: User) -> list[Blocker]:
    """What the person must settle before deleting the account (networks they coordinate alone)."""
    return erasure_blockers(user)


def profile_complete() -> ExpressionWrapper:
    """On a User row: others can tell who the person is (name, institution and role given)."""
    return ExpressionWrapper(
        ~Q(display_name="") & ~Q(institution_name="") & ~Q(professional_role=""),
        output_field=BooleanField(),
    )


def first_steps(user) -> list[FirstStep]:
    """The person's first-login checklist, each item ticked from real data; empty once every
    item is done or the person dismissed it (then the box is not shown at all)."""
    if not user.is_authenticated or user.first_steps_dismissed_at is not None:
        return []
    definitions = registered_steps()
    annotations = {f"step_{index}": step.done() for index, step in enumerate(definitions)}
    done = User.objects.filter(pk=user.pk).values(**annotations).first() or {}
    steps = [
        FirstStep(
            key=step.key,
            title=str(step.title),
            description=str(step.description),
            url=step.url(),
            done=bool(done.get(f"step_{index}")),
        )
        for index, step in enumerate(definitions)
    ]
    if all(step.done for step in steps):
        return []
    return steps
