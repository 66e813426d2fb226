"""Every spreadsheet the site writes defuses formulas in one place."""

import pytest

from core.spreadsheets import spreadsheet_cell, to_csv


@pytest.mark.parametrize("value", ["=1+1", " =1+1", "  @SUM(A1)", "+cmd", "-2+3", "\t=1", "\n=1"])
def test_text_a_spreadsheet_would_evaluate_gets_an_apostrophe(value):
    assert spreadsheet_cell(value) == "'" + value


def test_numbers_stay_numbers_and_plain_text_stays_as_it_is():
    assert spreadsheet_cell(-3) == -3 and spreadsheet_cell(2.5) == 2.5
    assert spreadsheet_cell("Zażółć 1+1=2") == "Zażółć 1+1=2"


def test_csv_starts_with_a_byte_order_mark_and_defuses_every_cell():
    assert to_csv([["=A1", "b"], ["@x", 7]]) == "\ufeff'=A1,b\r\n'@x,7\r\n".encode()
