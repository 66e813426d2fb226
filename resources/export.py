"""A result list of the bank as CSV (for a spreadsheet) and RIS (for citation managers)."""

from collections.abc import Callable

from core.spreadsheets import to_csv
from resources.models import Resource

CSV_COLUMNS = (
    "title",
    "type",
    "levels",
    "subjects",
    "tags",
    "licence",
    "authors",
    "network",
    "institution",
    "published",
    "downloads",
    "rating",
    "url",
)


def _authors(resource: Resource) -> list[str]:
    return [resource.author.public_name] + [p.public_name for p in resource.co_authors.all()]


def resources_csv(
    resources: list[Resource],
    absolute: Callable[[str], str],
    may_see_network: Callable = lambda network: True,
) -> bytes:
    """One row per material, with a header row (formulas defused by core.spreadsheets); a
    network the reader may not see stays unnamed."""
    rows = (_row(resource, absolute, may_see_network) for resource in resources)
    return to_csv([CSV_COLUMNS, *rows])


def _always(network) -> bool:
    return True


def _row(resource: Resource, absolute: Callable[[str], str], may_see_network: Callable) -> list:
    named = may_see_network(resource.network)
    return [
        resource.title,
        resource.get_resource_type_display(),
        "; ".join(str(label) for label in resource.get_level_labels()),
        "; ".join(subject.name for subject in resource.subjects.all()),
        "; ".join(resource.tags),
        resource.get_licence_display(),
        "; ".join(_authors(resource)),
        resource.network.name if named else "",
        resource.network.institution_name if named else "",
        resource.published_at.date().isoformat() if resource.published_at else "",
        resource.download_count,
        f"{resource.rating_average:.1f}" if resource.rating_count else "",
        absolute(resource.get_absolute_url()),
    ]


def _ris_line(tag: str, value) -> str:
    text = " ".join(str(value).split())
    return f"{tag}  - {text}\r\n" if text else ""


def resources_ris(
    resources: list[Resource],
    absolute: Callable[[str], str],
    may_see_network: Callable = _always,
) -> str:
    """RIS records (type GEN), readable by Zotero, Mendeley and library systems."""
    lines = []
    for resource in resources:
        lines.append(_ris_line("TY", "GEN"))
        lines.append(_ris_line("TI", resource.title))
        for name in _authors(resource):
            lines.append(_ris_line("AU", name))
        if resource.published_at:
            lines.append(_ris_line("PY", resource.published_at.year))
            lines.append(_ris_line("DA", resource.published_at.strftime("%Y/%m/%d")))
        if may_see_network(resource.network):
            lines.append(_ris_line("PB", resource.network.institution_name))
        lines.append(_ris_line("M3", resource.get_resource_type_display()))
        lines.append(_ris_line("AB", resource.description[:2000]))
        for keyword in [*resource.tags, *(s.name for s in resource.subjects.all())]:
            lines.append(_ris_line("KW", keyword))
        lines.append(_ris_line("UR", absolute(resource.get_absolute_url())))
        lines.append(_ris_line("N1", resource.get_licence_display()))
        lines.append(_ris_line("LA", "pl"))
        lines.append("ER  - \r\n")
    return "".join(lines)
