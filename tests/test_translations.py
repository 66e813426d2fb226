"""Polish comes first: every string has a Polish translation, compiled into the .mo file."""

from pathlib import Path

import polib
import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
PL_FILES = sorted(
    path
    for path in BASE_DIR.glob("**/locale/pl/LC_MESSAGES/django.po")
    # .venv-spirit too (bench/spirit_compare.py): django-spirit's own catalogues.
    if not any(part.startswith(".venv") for part in path.parts)
)


def test_there_are_polish_translation_files():
    assert PL_FILES


@pytest.mark.parametrize("po_path", PL_FILES, ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_every_string_is_translated_into_polish(po_path):
    po = polib.pofile(str(po_path))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


@pytest.mark.parametrize("po_path", PL_FILES, ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_compiled_mo_matches_the_po_file(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"run `make messages` to compile {po_path}"
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.mofile(str(mo_path))
    }
    source = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
        for e in polib.pofile(str(po_path)).translated_entries()
    }
    assert compiled == source
