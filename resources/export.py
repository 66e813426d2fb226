"""A result list of the bank as a table (CSV, XLSX for spreadsheets) and RIS (for citation
managers)."""

from collections.abc import Callable

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from core.markdown import plain_text
from resources.models import Resource

COLUMNS = (
    _("Title"),
    _("Type"),
    _("Levels"),
    _("Subjects"),
    _("Tags"),
    _("Licence"),
    _("Authors"),
    _("Network"),
    _("Institution"),
    _("Publication date"),
    _("Downloads"),
    _("Average rating"),
    _("Web address"),
)


def _authors(resource: Resource) -> list[str]:
    return [resource.author.public_name] + [p.public_name for p in resource.co_authors.all()]


def _always(network) -> bool:
    return True


def resources_table(
    resources: list[Resource],
    absolute: Callable[[str], str],
    may_see_network: Callable = _always,
) -> tuple[list[str], list[list]]:
    """The header (in the reader's language) and one row per material; a network the
    reader may not see stays unnamed. Cells are escaped by the spreadsheet writers."""
    rows = []
    for resource in resources:
        named = may_see_network(resource.network)
        rows.append(
            [
                resource.title,
                str(resource.get_resource_type_display()),
                "; ".join(str(label) for label in resource.get_level_labels()),
                "; ".join(subject.label for subject in resource.subjects.all()),
                "; ".join(resource.tags),
                str(resource.get_licence_display()),
                "; ".join(_authors(resource)),
                resource.network.name if named else "",
                resource.network.institution_name if named else "",
                resource.published_at.date().isoformat() if resource.published_at else "",
                resource.download_count,
                round(resource.rating_average, 1) if resource.rating_count else "",
                absolute(resource.get_absolute_url()),
            ]
        )
    return [str(column) for column in COLUMNS], rows


def localised_numbers(rows: list[list]) -> list[list]:
    """Fractions written as the language writes them ("4,5" in Polish), for a CSV file a
    spreadsheet opens: "4.5" would become a date there."""
    return [
        [formats.number_format(cell, 1) if isinstance(cell, float) else cell for cell in row]
        for row in rows
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
        # The abstract as plain text: citation managers show Markdown's * and # as they are.
        lines.append(_ris_line("AB", plain_text(resource.description_html)[:2000]))
        for keyword in [*resource.tags, *(s.name for s in resource.subjects.all())]:
            lines.append(_ris_line("KW", keyword))
        lines.append(_ris_line("UR", absolute(resource.get_absolute_url())))
        lines.append(_ris_line("N1", resource.get_licence_display()))
        lines.append(_ris_line("LA", "pl"))
        lines.append("ER  - \r\n")
    return "".join(lines)
