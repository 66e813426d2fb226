import io
import zipfile

from core.spreadsheets import spreadsheet_cell, to_csv, to_xlsx
from evaluation import selectors
from evaluation.models import QuestionKind
from evaluation.tests.factories import answer, close, make_survey


def _result(results, kind):
    return next(r for r in results.questions if r.question.kind == kind)


def test_counts_percentages_mean_and_median(network, coordinator, members):
    survey = make_survey(network, coordinator)
    for seed, person in enumerate(members):  # Likert values 1, 2, 3, 4
        answer(survey, person, seed)
    close(survey)
    results = selectors.survey_results(survey)
    assert results.visible and results.responses == 4
    assert results.members == 5 and results.response_rate == 80.0
    likert = _result(results, QuestionKind.LIKERT)
    assert [row.count for row in likert.rows] == [1, 1, 1, 1, 0]
    assert likert.rows[0].percent == 25.0
    assert likert.mean == 2.5 and likert.median == 2.5
    multiple = _result(results, QuestionKind.MULTIPLE)
    assert multiple.answered == 4 and sum(row.count for row in multiple.rows) == 1 + 2 + 3 + 1
    texts = _result(results, QuestionKind.LONG_TEXT)
    assert sorted(t.text for t in texts.texts) == [f"odpowiedź {i}" for i in range(4)]
    assert all(t.author == "" for t in texts.texts)


def test_nothing_shown_below_the_threshold(network, coordinator, members):
    survey = make_survey(network, coordinator, min_responses=4)
    for seed, person in enumerate(members[:3]):
        answer(survey, person, seed)
    close(survey)
    results = selectors.survey_results(survey)
    assert not results.visible
    assert all(not r.rows and not r.texts for r in results.questions)


def test_named_survey_shows_who_wrote_what(network, coordinator, member):
    survey = make_survey(network, coordinator, anonymous=False, min_responses=1)
    answer(survey, member)
    survey.refresh_from_db()
    texts = _result(selectors.survey_results(survey, with_names=True), QuestionKind.LONG_TEXT).texts
    assert texts[0].author == member.display_name
    header, rows = selectors.export_rows(survey)
    assert rows[0][0] == member.display_name


def test_export_has_one_row_per_response_and_labels(network, coordinator, members):
    survey = make_survey(network, coordinator)
    for seed, person in enumerate(members[:3]):
        answer(survey, person, seed)
    assert selectors.export_rows(survey)[1] == []  # sealed while open
    close(survey)
    header, rows = selectors.export_rows(survey)
    assert len(rows) == 3 and len(header) == 6
    assert any(
        "Zdecydowanie się nie zgadzam" in row[0] or "Strongly disagree" in row[0] for row in rows
    )


def test_comparison_pairs_questions_of_the_same_template(network, coordinator, members):
    formative = make_survey(network, coordinator, template="formative")
    final = make_survey(network, coordinator, template="final")
    for seed, person in enumerate(members[:3]):
        answer(formative, person, seed)
        answer(final, person, seed + 1)
    close(formative)
    close(final)
    pairs = selectors.survey_comparison(formative, final)
    assert {p.first.question.key for p in pairs} >= {
        "idea.good_idea",
        "give.take",
        "forms.meetings",
    }


def test_csv_neutralises_formulas_and_xlsx_opens():
    assert spreadsheet_cell("=SUM(A1)") == "'=SUM(A1)" and spreadsheet_cell(3) == 3
    assert to_csv([["a"], ["=1+1"]]).decode().endswith("'=1+1\r\n")
    data = to_xlsx([("Odpowiedzi", [["pytanie", "zażółć <gęślą>"], [1, 2.5]])])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
        assert "zażółć &lt;gęślą&gt;" in sheet and "<v>2.5</v>" in sheet
        assert "xl/workbook.xml" in archive.namelist()
