"""A logged-in person's home page, assembled from the sections the apps register.

core lists no app's models. Each app registers its sections in AppConfig.ready():

    register_dashboard_section("networks.meetings", title=_("My next meetings"),
                               template="networks/dashboard/_meetings.html",
                               context=meetings_section, position=20)

where `context(user) -> dict | None` runs a constant number of queries whatever the amount
of data (the page's query count is the same for a person in one network and in fifty),
and returns None when the section is not for this person. Sections registered with
`for_coordinators=True` go into one "needs your decision" box: each is one kind of
decision (requests to join, reports...) with its count and where it is acted on.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class DashboardSection:
    key: str
    title: str | Promise
    template: str
    context: Callable  # (user) -> dict | None
    position: int = 100
    for_coordinators: bool = False


@dataclass(frozen=True)
class ShownSection:
    section: DashboardSection
    context: dict

    @property
    def key(self) -> str:
        return self.section.key

    @property
    def title(self):
        return self.section.title

    @property
    def template(self) -> str:
        return self.section.template

    @property
    def html_id(self) -> str:
        return "dashboard-" + self.section.key.replace(".", "-").replace("_", "-")


@dataclass(frozen=True)
class Dashboard:
    sections: list[ShownSection]
    decisions: list[ShownSection]

    @property
    def decisions_waiting(self) -> int:
        """How many decisions wait in the box, over every kind."""
        return sum(shown.context.get("count", 0) for shown in self.decisions)


_sections: dict[str, DashboardSection] = {}


def register_dashboard_section(
    key: str,
    *,
    title,
    template: str,
    context: Callable,
    position: int = 100,
    for_coordinators: bool = False,
) -> None:
    """Add (or replace: keyed by `key`) a section of every logged-in person's home page."""
    _sections[key] = DashboardSection(
        key=key,
        title=title,
        template=template,
        context=context,
        position=position,
        for_coordinators=for_coordinators,
    )


def unregister_dashboard_section(key: str) -> None:
    """Remove a section (tests register temporary ones)."""
    _sections.pop(key, None)


def registered_dashboard_sections() -> list[DashboardSection]:
    return sorted(_sections.values(), key=lambda section: (section.position, section.key))


def dashboard_for(user) -> Dashboard:
    """The sections that have something for this person, in order; decisions apart."""
    sections, decisions = [], []
    for section in registered_dashboard_sections():
        context = section.context(user)
        if context is None:
            continue
        shown = ShownSection(section=section, context=context)
        (decisions if section.for_coordinators else sections).append(shown)
    return Dashboard(sections=sections, decisions=decisions)
