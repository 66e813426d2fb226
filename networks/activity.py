"""Labels for the categories other apps write to the activity log.

networks never imports the apps to its right, and evaluation never imports
resources; so the app that writes a category registers its labels here in
`AppConfig.ready()`, and statistics look them up by code.
"""

from collections.abc import Iterable

from django.utils.translation import pgettext_lazy

_labels: dict[tuple[str, str], str] = {}


def register_categories(*, kind: str, choices: Iterable[tuple[str, str]]) -> None:
    """Name the categories of one kind of activity (idempotent)."""
    for code, label in choices:
        _labels[(kind, code)] = label


def category_label(kind: str, code: str) -> str:
    """The registered label, or "Other" for an empty or unknown code."""
    return _labels.get((kind, code), pgettext_lazy("sort of thing", "Other"))
