import pytest
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import Value

from core.search import (
    QUERY_MAX_WORDS,
    clean_query,
    highlight,
    search_document,
    search_query,
    strip_diacritics,
    tsquery_text,
)


def test_strip_diacritics_handles_every_polish_letter():
    assert strip_diacritics("Zażółć gęślą jaźń ĄĆĘŁŃÓŚŹŻ") == "Zazolc gesla jazn ACELNOSZZ"


def test_document_holds_the_word_and_its_lemma_without_diacritics():
    document = search_document("Scenariusze lekcji", "źródła")
    for form in ("scenariusze", "scenariusz", "lekcji", "lekcja", "zrodla", "zrodlo"):
        assert form in document.split()


def matches(document_text: str, query_text: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector('simple', %s) @@ to_tsquery('simple', %s)",
            [search_document(document_text), tsquery_text(query_text)],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("document", "query"),
    [
        ("Scenariusz lekcji – matematyka", "scenariusze lekcji matematyki"),
        ("Matematyka w klasach 1–3", "matematyki"),
        ("Otwarte źródła wiedzy", "zrodla"),
        ("Zestawienie bibliograficzne o czytelnictwie", "zestawienia"),
        ("Praca z filmem", "filmem"),
    ],
)
def test_polish_inflection_and_missing_diacritics_are_found(document, query):
    assert matches(document, query)


@pytest.mark.django_db
def test_every_word_of_the_query_is_required():
    assert not matches("Scenariusz lekcji matematyki", "scenariusz chemii")


def test_empty_query_is_none():
    assert search_query("  ,. ") is None


def test_query_syntax_in_user_input_is_harmless():
    query = search_query("a' | ! & (b:*")
    assert query is not None


@pytest.mark.django_db
def test_search_query_works_with_a_search_vector():
    from accounts.models import User

    User.objects.create_user("a@example.org", "x", display_name="x")
    vector = SearchVector(Value(search_document("Lekcje matematyki")), config="simple")
    found = User.objects.annotate(v=vector).filter(v=search_query("lekcja matematyka"))
    assert found.count() == 1


def test_highlight_marks_inflected_forms_and_escapes_html():
    snippet = highlight(
        "<b>Scenariusz</b> lekcji matematyki dla klas 4–8", "scenariusze matematyka"
    )
    assert "<mark>Scenariusz</mark>" in snippet
    assert "<mark>matematyki</mark>" in snippet
    assert "<b>" not in snippet


def test_highlight_escapes_hostile_text():
    snippet = highlight("&lt;script&gt;alert(1)&lt;/script&gt; matematyka", "matematyka")
    assert "<script>" not in snippet


def test_clean_query_drops_what_the_database_cannot_hold_and_composes_accents():
    assert clean_query("  ma\x00tema\x07tyka\ud800 ") == "ma tema tyka"
    assert clean_query("z\u0301rodla") == "źrodla"  # combining accent composed (NFC)
    assert clean_query("a" * 10_000) == "a" * 200
    assert clean_query(None) == ""


def test_a_query_of_punctuation_or_marks_only_searches_nothing():
    for text in ("'", '"', "''", "\u200f\u202e", "\u0301\u0301", "?!", "\x00"):
        assert search_query(text) is None


def test_very_long_words_and_many_words_are_cut():
    raw = tsquery_text("ż" * 150 + " ala" * 20)
    assert raw.count("&") == QUERY_MAX_WORDS - 1
    assert "z" * 61 not in raw
