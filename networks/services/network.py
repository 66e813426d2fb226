"""Creating, editing, archiving a network and moving it through its stages."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from core.markdown import render_markdown
from core.search import search_document
from networks import permissions, stage_tasks
from networks.models import (
    Membership,
    Network,
    Role,
    StageChange,
    StageTaskTick,
)

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
    return list(permissions.coordinators_of(network))


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


def stage_change_check(*, network: Network, stage: int, note: str) -> None:
    """The rules of a stage change: to another stage, and with a note when it skips a stage
    or goes back (a decision the members read about in the history). The service calls it;
    the view calls it before asking to confirm the open tasks."""
    if stage == network.stage:
        raise ValidationError(_("The network is already at this stage."))
    if (stage > network.stage + 1 or stage < network.stage) and not note.strip():
        raise ValidationError(
            {"note": _("Say why the network skips a stage or goes back: members see the note.")}
        )


@transaction.atomic
def network_change_stage(*, network: Network, by: User, stage: int, note: str = "") -> StageChange:
    """The coordinator moves the network to another stage (on or back); the history is kept."""
    if not permissions.can_manage_network(by, network):
        raise PermissionDenied
    stage_change_check(network=network, stage=stage, note=note)
    change = StageChange.objects.create(
        network=network, from_stage=network.stage, to_stage=stage, note=note, changed_by=by
    )
    network.stage = stage
    network.save(update_fields=["stage", "updated_at"])
    return change


@transaction.atomic
def stage_task_tick(*, network: Network, by: User, task_key: str, done: bool) -> None:
    """A coordinator ticks (or unticks) a task the platform cannot see done; who and when
    are kept. Tasks the platform checks tick themselves and cannot be ticked by hand."""
    if not permissions.can_manage_network(by, network):
        raise PermissionDenied
    if task_key not in stage_tasks.TASKS_BY_KEY:
        raise ValidationError(_("There is no such task."))
    if stage_tasks.is_automatic(task_key):
        raise ValidationError(_("The platform ticks this task itself when it is done."))
    if done:
        StageTaskTick.objects.get_or_create(
            network=network, task_key=task_key, defaults={"ticked_by": by}
        )
    else:
        StageTaskTick.objects.filter(network=network, task_key=task_key).delete()
