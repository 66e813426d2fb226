"""Tables as CSV (standard library) and XLSX (openpyxl): survey results, the bank's lists.

The XLSX file is written with openpyxl rather than by hand: a maintained writer
handles the format's edge cases (shared strings, escaping, characters XML
cannot hold, cell and sheet-name limits, the parts a strict reader such as
Excel insists on) and follows the specification as spreadsheet programs change.
Write-only mode streams rows, so a large survey does not build a cell tree in
memory.

In both formats a text cell that a spreadsheet would take for a formula is
prefixed with an apostrophe (CSV/formula injection): openpyxl, too, stores any
string beginning with "=" as a formula.
"""

import csv
import io

from django.utils.translation import get_language
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# The most characters a spreadsheet cell holds, and the longest sheet name.
CELL_MAX = 32_767
SHEET_NAME_MAX = 31
SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def safe_cell(value) -> str | int | float:
    """A number as it is; anything else as text that no spreadsheet evaluates."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_delimiter() -> str:
    """The separator a spreadsheet in the current language expects: Polish Excel splits
    columns on ";" (the comma is the decimal separator there)."""
    return ";" if get_language() and get_language().startswith("pl") else ","


def to_csv(header: list[str], rows: list[list], *, delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    # A byte-order mark, so that spreadsheet programs read Polish letters as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode()


def _xlsx_cell(value) -> str | int | float:
    value = safe_cell(value)
    if isinstance(value, str):
        # Control characters are not allowed in XML; openpyxl refuses them.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:CELL_MAX]
    return value


def _sheet_name(name, number: int) -> str:
    cleaned = str(name).translate(SHEET_NAME_FORBIDDEN).strip().strip("'")
    return cleaned[:SHEET_NAME_MAX] or f"Sheet{number}"


def to_xlsx(sheets: list[tuple[str, list[list]]]) -> bytes:
    """A workbook with the given (name, rows) sheets."""
    workbook = Workbook(write_only=True)
    for number, (name, rows) in enumerate(sheets, start=1):
        sheet = workbook.create_sheet(title=_sheet_name(name, number))
        for row in rows:
            sheet.append([_xlsx_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
