"""A person's data across the apps: what to put in "download my data" and what to erase.

accounts imports none of the apps to its right, yet a person's data lives in all
of them. So each app registers, in its `AppConfig.ready()`, the functions that
know its own tables (the app that owns the data owns the query):

    register_personal_data(
        "forums",
        export=forums_export,      # (user) -> ExportPart, constant queries
        erase=forums_erase,        # (user, request: ErasureRequest) -> None
        blockers=None,             # (user) -> list[Blocker]: what must be done first
        prune=None,                # (now) -> int: retention, rows removed or pseudonymised
    )

The account services call them: `data_export_build` writes one JSON file per
section (plus the files the person uploaded) into a ZIP; `user_erase` refuses
while any blocker remains and otherwise runs every eraser in one transaction.
Export functions return the person's own data only — never another person's
name, address or content, nor the author of someone else's anonymous post.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class ExportFile:
    """A file to copy into the archive: its name there and the stored file (a FieldFile)."""

    name: str
    file: object


@dataclass
class ExportPart:
    """One section of the archive: JSON-ready data and the person's files that go with it."""

    data: dict | list
    files: list[ExportFile] = field(default_factory=list)


@dataclass(frozen=True)
class ErasureRequest:
    """What the person (or staff on their behalf) asked for when deleting the account."""

    # Also remove what they wrote (posts' text, materials) instead of keeping it
    # under "former participant".
    remove_content: bool = False
    # Archive the networks they coordinate alone instead of handing them over first.
    archive_networks: bool = False


@dataclass(frozen=True)
class Blocker:
    """Something that must be settled before the account can go, with where to settle it."""

    text: str
    url: str = ""
    # True when ErasureRequest(archive_networks=True) settles it.
    archivable: bool = False


@dataclass(frozen=True)
class PersonalDataSection:
    key: str
    export: Callable | None = None
    erase: Callable | None = None
    blockers: Callable | None = None
    prune: Callable | None = None
    position: int = 100


_sections: dict[str, PersonalDataSection] = {}
_export_listeners: dict[str, Callable] = {}


def register_personal_data(
    key: str,
    *,
    export: Callable | None = None,
    erase: Callable | None = None,
    blockers: Callable | None = None,
    prune: Callable | None = None,
    position: int = 100,
) -> None:
    """Add (or replace, keyed by `key`) an app's part of a person's data."""
    _sections[key] = PersonalDataSection(key, export, erase, blockers, prune, position)


def unregister_personal_data(key: str) -> None:
    """Remove a section (tests register temporary ones)."""
    _sections.pop(key, None)


def personal_data_sections() -> list[PersonalDataSection]:
    return sorted(_sections.values(), key=lambda section: (section.position, section.key))


def register_export_listener(key: str, function: Callable) -> None:
    """Call `function(export)` when a data export is ready (notifications tells the person)."""
    _export_listeners[key] = function


def export_listeners() -> list[Callable]:
    return list(_export_listeners.values())


def erasure_blockers(user) -> list[Blocker]:
    """Everything the registered apps say must be settled before this account can go."""
    found: list[Blocker] = []
    for section in personal_data_sections():
        if section.blockers is not None:
            found.extend(section.blockers(user))
    return found


def prune_all(now: datetime) -> dict[str, int]:
    """Run every app's retention pruning; how many rows each touched."""
    return {
        section.key: section.prune(now)
        for section in personal_data_sections()
        if section.prune is not None
    }
