"""Survey results as CSV and XLSX: the writers live in core, shared with the bank's lists."""

from core.spreadsheets import safe_cell, to_csv, to_xlsx

__all__ = ["safe_cell", "to_csv", "to_xlsx"]
