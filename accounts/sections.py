"""Parts of a person's profile that other apps contribute (what they have given, …).

accounts imports none of the apps to its right; they register a section in
`AppConfig.ready()`: a template and a function that returns its context for a
viewer and a person, or None when there is nothing to show that viewer.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ProfileSection:
    template: str
    context: Callable  # (viewer, person) -> dict | None
    position: int = 100


_sections: dict[str, ProfileSection] = {}


def register_profile_section(key: str, *, template: str, context: Callable, position=100) -> None:
    """Add a section to every profile page (idempotent: keyed by `key`)."""
    _sections[key] = ProfileSection(template, context, position)


def profile_sections(viewer, person) -> list[tuple[str, dict]]:
    """(template, context) of each section that has something to show this viewer."""
    shown = []
    for section in sorted(_sections.values(), key=lambda section: section.position):
        context = section.context(viewer, person)
        if context is not None:
            shown.append((section.template, context))
    return shown
