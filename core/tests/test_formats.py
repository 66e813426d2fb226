"""Dates in Polish are written out ("1 grudnia 2026"), never as "01-12-2026"."""

from datetime import date, datetime

from django.template import Context, Template
from django.utils import translation


def _render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_polish_short_dates_are_written_out():
    with translation.override("pl"):
        day = date(2026, 12, 1)
        assert _render('{{ day|date:"SHORT_DATE_FORMAT" }}', day=day) == "1 grudnia 2026"
        moment = datetime(2026, 12, 1, 9, 5)
        assert (
            _render('{{ moment|date:"SHORT_DATETIME_FORMAT" }}', moment=moment)
            == "1 grudnia 2026, 09:05"
        )
