"""The tasks of each stage (from the seeds), as a checklist linked to the tools that do them.

Every task is defined here, once. Whether a task is done, and where it is done, is
often known only by an app to the right of networks (evaluation knows its surveys,
resources its materials); networks never imports them, so those apps say it in their
`AppConfig.ready()` with `register_check()` and `register_tool()`. A task that no app
checks is ticked by hand by a coordinator (a `StageTaskTick` row: who and when).

A check is a boolean expression over a network row (`OuterRef("pk")` is the network),
so the checklist asks every check of a network in one query, however many rows exist.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ImproperlyConfigured
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from networks.models import Goal, GoalStatus, Meeting, MeetingStatus, Network, Stage


@dataclass(frozen=True)
class StageTask:
    key: str
    stage: int
    title: Promise
    help_text: Promise


TASKS: tuple[StageTask, ...] = (
    # Stage 0: probing — diagnosing needs and gathering people.
    StageTask(
        "needs_survey",
        Stage.PROBING,
        _("Diagnose the needs of teachers with a survey"),
        _("Done when a needs-diagnosis survey has closed."),
    ),
    StageTask(
        "recruitment",
        Stage.PROBING,
        _("Invite teachers from different schools"),
        _("Voluntary participation of people from different institutions."),
    ),
    # Stage 1: the topic and the goal — agreed with the participants, with a plan.
    StageTask(
        "goals_agreed",
        Stage.TOPIC_AND_GOAL,
        _("Agree the goals with the members"),
        _("Done when a majority of members agrees with every goal."),
    ),
    StageTask(
        "plan_made",
        Stage.TOPIC_AND_GOAL,
        _("Plan the activities and meeting dates"),
        _("Done when the plan has at least one activity."),
    ),
    # Stage 2: working together.
    StageTask(
        "first_meeting",
        Stage.WORKING,
        _("Hold the first meeting"),
        _("Done when a meeting has taken place and its attendance was taken."),
    ),
    StageTask(
        "materials_shared",
        Stage.WORKING,
        _("Share materials in the network"),
        _("Everyone gives, not only takes: lesson scenarios, tools, documents."),
    ),
    StageTask(
        "experts_invited",
        Stage.WORKING,
        _("Invite experts, in agreement with the members"),
        _("For example to lead a workshop or a consultation."),
    ),
    StageTask(
        "formative_survey",
        Stage.WORKING,
        _("Run the formative evaluation"),
        _("Done when a formative evaluation survey has closed."),
    ),
    # Stage 3: using it in practice. networks.outcomes registers its check: it ticks
    # itself once a member has recorded an outcome.
    StageTask(
        "outcomes_recorded",
        Stage.APPLYING,
        _("Record how the members used it in practice"),
        _("Lesson scenarios tried out, observations, pupils' work."),
    ),
    # Stage 4: evaluation and deciding the network's future.
    StageTask(
        "final_survey",
        Stage.REFLECTION,
        _("Run the final evaluation"),
        _("Done when a final evaluation survey has closed."),
    ),
    StageTask(
        "future_decided",
        Stage.REFLECTION,
        _("Decide together whether the network goes on"),
        _("Its durability: continue, change the topic, or close the network."),
    ),
)
TASKS_BY_KEY = {task.key: task for task in TASKS}


@dataclass(frozen=True)
class Tool:
    """Where a task is done: a link, or (with `post`) a button that posts these fields.
    A button is offered while the task is open; once done, the `done_url` link (where what
    the button made can be found), if any."""

    label: Promise | str
    url: str
    post: dict[str, str] = field(default_factory=dict)
    done_label: Promise | str = ""
    done_url: str = ""


Check = Callable[[], Q | Exists]
ToolFor = Callable[[Network], Tool | None]

_checks: dict[str, Check] = {}
_tools: dict[str, ToolFor] = {}


def _known(task_key: str) -> None:
    if task_key not in TASKS_BY_KEY:
        raise ImproperlyConfigured(f"There is no stage task {task_key!r}")


def register_check(task_key: str, check: Check) -> None:
    """Make a task tick itself: `check()` returns a boolean expression over a network row."""
    _known(task_key)
    _checks[task_key] = check


def register_tool(task_key: str, tool: ToolFor) -> None:
    """Link a task to the page (or button) that does it, for a given network."""
    _known(task_key)
    _tools[task_key] = tool


def is_automatic(task_key: str) -> bool:
    """Whether the platform knows if the task is done (else a coordinator ticks it)."""
    return task_key in _checks


# --- the checklist ------------------------------------------------------------------


@dataclass
class ChecklistItem:
    task: StageTask
    done: bool
    automatic: bool
    tool: Tool | None = None
    ticked_by: object = None
    ticked_at: datetime | None = None


@dataclass
class StageChecklist:
    stage: int
    label: str
    items: list[ChecklistItem]
    current: bool = False

    @property
    def open_items(self) -> list[ChecklistItem]:
        return [item for item in self.items if not item.done]


def checklist(network: Network) -> list[StageChecklist]:
    """Every stage with its tasks, done or not, in two queries (checks, then ticks)."""
    done_by_check: dict[str, bool] = {}
    if _checks:
        done_by_check = (
            Network.objects.filter(pk=network.pk)
            .annotate(
                **{
                    f"task_{key}": ExpressionWrapper(Q(check()), output_field=BooleanField())
                    for key, check in _checks.items()
                }
            )
            .values(*(f"task_{key}" for key in _checks))
            .get()
        )
    ticks = {tick.task_key: tick for tick in network.task_ticks.select_related("ticked_by")}
    stages = []
    for stage in Stage:
        items = []
        for task in (task for task in TASKS if task.stage == stage):
            automatic = is_automatic(task.key)
            tick = None if automatic else ticks.get(task.key)
            tool_for = _tools.get(task.key)
            items.append(
                ChecklistItem(
                    task=task,
                    done=bool(done_by_check.get(f"task_{task.key}")) or tick is not None,
                    automatic=automatic,
                    tool=tool_for(network) if tool_for else None,
                    ticked_by=tick.ticked_by if tick else None,
                    ticked_at=tick.ticked_at if tick else None,
                )
            )
        stages.append(
            StageChecklist(stage, stage.label, items, current=stage.value == network.stage)
        )
    return stages


def open_tasks(network: Network, *, stages) -> list[ChecklistItem]:
    """The tasks not yet done in the given stages (what moving on leaves behind)."""
    wanted = set(stages)
    return [
        item for stage in checklist(network) if stage.stage in wanted for item in stage.open_items
    ]


# --- what networks itself knows ------------------------------------------------------


def _goals_agreed() -> Q:
    from networks.selectors import goals_with_agreement

    live = Goal.objects.filter(network=OuterRef("pk")).exclude(status=GoalStatus.DROPPED)
    return Q(Exists(live)) & ~Q(Exists(goals_with_agreement(live).filter(majority_agrees=False)))


def _plan_made() -> Exists:
    from networks.models import PlannedActivity

    return Exists(PlannedActivity.objects.filter(network=OuterRef("pk")))


def _first_meeting() -> Exists:
    return Exists(
        Meeting.objects.filter(
            network=OuterRef("pk"),
            status=MeetingStatus.SCHEDULED,
            starts_at__lte=timezone.now(),
            attendance__isnull=False,
        )
    )


def _link(label, url_name: str, anchor: str = "") -> ToolFor:
    return lambda network: Tool(label, reverse(url_name, kwargs={"slug": network.slug}) + anchor)


def register_network_tasks() -> None:
    """The checks and tools of the tasks networks does itself (called in its ready())."""
    register_check("goals_agreed", _goals_agreed)
    register_check("plan_made", _plan_made)
    register_check("first_meeting", _first_meeting)
    register_tool("recruitment", _link(_("Invite by e-mail"), "networks:manage", "#invite-heading"))
    register_tool("goals_agreed", _link(_("Goals and plan"), "networks:plan", "#goals-heading"))
    register_tool("plan_made", _link(_("Goals and plan"), "networks:plan", "#plan-heading"))
    register_tool("first_meeting", _link(_("Find a date for a meeting"), "networks:poll_create"))
    register_tool("experts_invited", _link(_("Schedule a meeting"), "networks:meeting_create"))
