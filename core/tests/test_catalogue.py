"""Catalogue entries (topics, subjects) are named in the reader's language."""

from django.utils import translation

from core.catalogue import localised_name


def test_an_english_reader_gets_the_english_name_when_there_is_one():
    with translation.override("en"):
        assert localised_name("Matematyka", "Mathematics") == "Mathematics"
        assert localised_name("Nowy temat", "") == "Nowy temat"
    with translation.override("pl"):
        assert localised_name("Matematyka", "Mathematics") == "Matematyka"
