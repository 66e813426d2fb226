"""Cells and files for spreadsheet programs: the one place that defuses formulas.

A text cell that a spreadsheet would take for a formula (CSV/formula injection:
"=HYPERLINK(...)", "+cmd|...", "@SUM(...)") is prefixed with an apostrophe, which
spreadsheet programs show as text and do not print. Every CSV or XLSX the site
writes goes through spreadsheet_cell(); openpyxl, too, stores any string beginning
with "=" as a formula, so the XLSX writer needs it as much as the CSV one.

The XLSX file is written with openpyxl rather than by hand: a maintained writer
handles the format's edge cases (shared strings, escaping, characters XML cannot
hold, cell and sheet-name limits). Write-only mode streams rows, so a large export
does not build a cell tree in memory.
"""

import csv
import io
from collections.abc import Iterable

from django.utils.translation import get_language
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# What a spreadsheet reads as the start of a formula (tab and line breaks: some programs
# skip them before an "="), per OWASP's CSV injection advice.
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# The most characters a spreadsheet cell holds, and the longest sheet name.
CELL_MAX = 32_767
SHEET_NAME_MAX = 31
SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def spreadsheet_cell(value) -> str | int | float:
    """A number as it is; anything else as text that no spreadsheet evaluates."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = "" if value is None else str(value)
    # Leading spaces do not stop some programs from reading a formula.
    return "'" + text if text.lstrip(" ").startswith(FORMULA_STARTS) else text


def csv_delimiter() -> str:
    """The separator a spreadsheet in the current language expects: Polish Excel splits
    columns on ";" (the comma is the decimal separator there)."""
    language = get_language()
    return ";" if language and language.startswith("pl") else ","


def to_csv(rows: Iterable[Iterable], *, delimiter: str = ",") -> bytes:
    """Rows (the first one a header) as UTF-8 CSV, every cell through spreadsheet_cell()."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in rows:
        writer.writerow([spreadsheet_cell(cell) for cell in row])
    # A byte-order mark, so that spreadsheet programs read Polish letters as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode()


def _xlsx_cell(value) -> str | int | float:
    value = spreadsheet_cell(value)
    if isinstance(value, str):
        # Control characters are not allowed in XML; openpyxl refuses them.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:CELL_MAX]
    return value


def _sheet_name(name, number: int) -> str:
    cleaned = str(name).translate(SHEET_NAME_FORBIDDEN).strip().strip("'")
    return cleaned[:SHEET_NAME_MAX] or f"Sheet{number}"


def to_xlsx(sheets: Iterable[tuple[str, Iterable[Iterable]]]) -> bytes:
    """A workbook with the given (name, rows) sheets."""
    workbook = Workbook(write_only=True)
    for number, (name, rows) in enumerate(sheets, start=1):
        sheet = workbook.create_sheet(title=_sheet_name(name, number))
        for row in rows:
            sheet.append([_xlsx_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
