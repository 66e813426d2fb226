"""The first-login checklist: each app contributes the steps it owns and says when one is done.

accounts imports none of the apps to its right; they register a step in
`AppConfig.ready()` with a title, the URL that does it and how to read from
real data whether the person has done it: a boolean expression on the User row
(e.g. `Exists(Membership.objects.filter(user=OuterRef("pk")))`), so that the
whole checklist costs one query however many apps add steps.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class StepDefinition:
    key: str
    title: str
    description: str
    url: Callable[[], str]
    done: Callable  # () -> boolean expression on the User row
    position: int


@dataclass(frozen=True)
class FirstStep:
    """One item of a person's checklist, as the partial renders it."""

    key: str
    title: str
    description: str
    url: str
    done: bool


_steps: dict[str, StepDefinition] = {}


def register_first_step(
    key: str,
    *,
    title: str,
    description: str,
    url: Callable[[], str],
    done: Callable,
    position: int = 100,
) -> None:
    """Add a step to everyone's checklist (idempotent: keyed by `key`); `url` and `done` are
    called when the checklist is read (URLs resolve and querysets build after start-up)."""
    _steps[key] = StepDefinition(key, title, description, url, done, position)


def registered_steps() -> list[StepDefinition]:
    return sorted(_steps.values(), key=lambda step: step.position)
