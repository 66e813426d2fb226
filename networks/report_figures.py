"""Figures other apps add to a network's annual report.

evaluation builds the report but never imports forums or resources; an app that owns a
figure the report lists (materials published in the bank) registers a function that
counts it, in its `AppConfig.ready()`, as it registers digest and dashboard sections.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from networks.models import Network

# (network, from, until) -> how many in [from, until); one query.
Count = Callable[[Network, datetime, datetime], int]


@dataclass(frozen=True)
class ReportFigure:
    key: str
    label: str
    count: Count
    position: int


_figures: dict[str, ReportFigure] = {}


def register_report_figure(key: str, *, label, count: Count, position: int = 100) -> None:
    """Add (or replace) one figure of the annual report (idempotent)."""
    _figures[key] = ReportFigure(key=key, label=label, count=count, position=position)


def report_figures(network: Network, since: datetime, until: datetime) -> list[tuple[str, int]]:
    """Each registered figure's label and count for the period (one query each)."""
    return [
        (figure.label, figure.count(network, since, until))
        for figure in sorted(_figures.values(), key=lambda figure: (figure.position, figure.key))
    ]
