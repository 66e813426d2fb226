"""The sections of a network's page that other apps contribute (threads, materials, evaluation).

networks never imports the apps to its right; they register their section in
`AppConfig.ready()` and the network page links to it by URL name.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class NetworkSection:
    label: str
    url_name: str  # reversed with network_slug=<the network's slug>
    position: int = 100
    coordinators_only: bool = False


_sections: dict[str, NetworkSection] = {}


def register_section(*, label, url_name: str, position: int = 100, coordinators_only=False):
    """Add a link to every network page's menu (idempotent: keyed by URL name)."""
    _sections[url_name] = NetworkSection(label, url_name, position, coordinators_only)


def sections() -> list[NetworkSection]:
    return sorted(_sections.values(), key=lambda section: section.position)
