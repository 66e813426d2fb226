"""The CSV and XLSX downloads open in a spreadsheet, hold the counts, and evaluate nothing."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from core.spreadsheets import spreadsheet_cell, to_csv, to_xlsx
from evaluation import selectors, services
from evaluation.models import QuestionKind
from evaluation.tests.factories import answer, close, make_survey, sample_answers

INJECTIONS = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def _export(client, network, survey, fmt):
    url = reverse(
        "evaluation:survey_export",
        kwargs={"network_slug": network.slug, "pk": survey.pk, "fmt": fmt},
    )
    with translation.override("pl"):
        return client.get(url, HTTP_ACCEPT_LANGUAGE="pl")


@pytest.fixture
def answered(network, coordinator, members):
    """An anonymous survey answered by four members, one of whom tries a formula."""
    survey = make_survey(network, coordinator)
    for seed, person in enumerate(members[:3]):
        answer(survey, person, seed)
    answers = sample_answers(survey, 3)
    answers[survey.questions.get(kind=QuestionKind.LONG_TEXT).pk] = INJECTIONS[0]
    answers[survey.questions.get(kind=QuestionKind.SHORT_TEXT).pk] = "=1+1"
    services.response_submit(survey=survey, user=members[3], answers=answers)
    return close(survey)


def _likert_counts(survey) -> list[int]:
    results = selectors.survey_results(survey)
    likert = next(r for r in results.questions if r.question.kind == QuestionKind.LIKERT)
    return [row.count for row in likert.rows]


def test_csv_download_opens_with_one_row_per_response(client, network, coordinator, answered):
    client.force_login(coordinator)
    response = _export(client, network, answered, "csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"  # members' answers stay private
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    header, body = rows[0], rows[1:]
    assert len(body) == 4 == answered.response_count
    assert "Sieć działa" in header and "Co przeszkadzało" in header
    likert_column = [row[header.index("Sieć działa")] for row in body]
    assert len([cell for cell in likert_column if cell]) == 4


def test_csv_neutralises_formulas_typed_as_answers(client, network, coordinator, answered):
    client.force_login(coordinator)
    text = _export(client, network, answered, "csv").content.decode("utf-8").lstrip("\ufeff")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'" + INJECTIONS[0] in cells and "'=1+1" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


def test_xlsx_download_opens_and_holds_the_counts(client, network, coordinator, answered):
    client.force_login(coordinator)
    response = _export(client, network, answered, "xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    responses_sheet, summary_sheet = workbook.worksheets
    responses = list(responses_sheet.iter_rows(values_only=True))
    assert len(responses) == 1 + 4  # header and one row per response
    summary = list(summary_sheet.iter_rows(values_only=True))
    likert_rows = [row for row in summary if row[0] == "Sieć działa" and isinstance(row[2], int)]
    assert [row[2] for row in likert_rows] == _likert_counts(answered)
    assert sum(row[2] for row in likert_rows) == 4
    means = [row for row in summary if row[0] == "Sieć działa" and row[1] in ("Mean", "Średnia")]
    assert len(means) == 1 and isinstance(means[0][2], float | int)


def test_xlsx_stores_formulas_as_plain_text(client, network, coordinator, answered):
    client.force_login(coordinator)
    content = _export(client, network, answered, "xlsx").content
    workbook = load_workbook(io.BytesIO(content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    values = {cell.value for cell in cells}
    assert "'" + INJECTIONS[0] in values and "'=1+1" in values


def test_export_below_the_threshold_does_not_exist(client, network, coordinator, members):
    survey = make_survey(network, coordinator, min_responses=5)
    for seed, person in enumerate(members[:3]):
        answer(survey, person, seed)
    client.force_login(coordinator)
    for fmt in ("csv", "xlsx"):
        assert _export(client, network, survey, fmt).status_code == 404


@pytest.mark.parametrize("value", INJECTIONS)
def test_spreadsheet_cell_prefixes_every_formula_start(value):
    assert spreadsheet_cell(value) == "'" + value


def test_spreadsheet_cell_keeps_numbers_and_ordinary_text():
    assert spreadsheet_cell(3) == 3 and spreadsheet_cell(2.5) == 2.5
    assert (
        spreadsheet_cell(None) == ""
        and spreadsheet_cell("Zażółć gęślą jaźń") == "Zażółć gęślą jaźń"
    )
    assert spreadsheet_cell(True) == "True"


def test_csv_writer_neutralises_the_header_too():
    assert to_csv([["=A1"], ["@x", 7]]).decode() == "\ufeff'=A1\r\n'@x,7\r\n"


def test_xlsx_writer_copes_with_control_characters_long_text_and_odd_sheet_names():
    long_text = "ż" * 40_000
    data = to_xlsx(
        [
            ("Odpowiedzi: [wszystkie]/2026?", [["zażółć <gęślą> & \x07dzwonek"], [long_text]]),
            ("", [[1, 2.5, None]]),
        ]
    )
    workbook = load_workbook(io.BytesIO(data))
    first, second = workbook.worksheets
    assert first.title == "Odpowiedzi   wszystkie  2026"
    assert first["A1"].value == "zażółć <gęślą> & dzwonek"
    assert len(first["A2"].value) == 32_767
    assert (second["A1"].value, second["B1"].value, second["C1"].value) == (1, 2.5, None)
    assert second.title == "Sheet2"
