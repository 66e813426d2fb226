"""Mentions are found as people type them: a unique first name or prefix, any Unicode form."""

import unicodedata

import pytest

from forums.mentions import find_mentions, mention_suggestions, name_key, resolve_mentions
from forums.tests.factories import member_of

pytestmark = pytest.mark.django_db


def _named(network, text):
    return [mention.user for mention in find_mentions(text, network)]


def test_a_unique_first_name_names_the_member(network):
    piotr = member_of(network, display_name="Piotr Nowak")
    assert _named(network, "@Piotr spójrz") == [piotr]
    (mention,) = find_mentions("Dzięki, @Piotr!", network)
    assert "Dzięki, @Piotr!"[mention.start : mention.end] == "@Piotr"


def test_a_unique_prefix_or_surname_names_the_member(network):
    piotr = member_of(network, display_name="Piotr Nowak")
    assert _named(network, "@Pio zobacz") == [piotr]
    assert _named(network, "@nowak zobacz") == [piotr]


def test_the_full_name_wins_over_a_first_name_and_punctuation_is_left_out(network):
    member_of(network, display_name="Anna")
    anna = member_of(network, display_name="Anna Kowalska")
    text = "Pytanie do @Anna Kowalska, czy zdążymy?"
    (mention,) = find_mentions(text, network)
    assert mention.user == anna
    assert text[mention.start : mention.end] == "@Anna Kowalska"


def test_a_first_name_several_members_share_names_nobody_and_is_reported(network):
    first = member_of(network, display_name="Piotr Nowak")
    second = member_of(network, display_name="Piotr Zieliński")
    result = resolve_mentions("@Piotr i @Zenon, zobaczcie", network)
    assert result.mentions == []
    ambiguous, unknown = result.problems
    assert ambiguous.written == "@Piotr" and set(ambiguous.candidates) == {first, second}
    assert unknown.written == "@Zenon" and unknown.candidates == []


def test_names_are_compared_in_one_normal_form(network):
    decomposed = member_of(network, display_name=unicodedata.normalize("NFD", "Józef Ślęzak"))
    emoji = member_of(network, display_name="Kasia 🌸 Lis")
    invisible = member_of(network, display_name="Ola\u200b Wrona")
    marked = member_of(network, display_name="Ewa\u0332 Kot")
    assert _named(network, "@Józef Ślęzak") == [decomposed]
    assert _named(network, "@Kasia Lis i @Kasia 🌸 Lis") == [emoji, emoji]
    assert _named(network, "@Ola Wrona") == [invisible]
    assert _named(network, "@Ewa Kot") == [marked]
    assert _named(network, "@ＪＯＺＥＦ ŚLĘZAK") == [decomposed]  # full-width letters: NFKC


def test_name_key_folds_case_marks_invisibles_and_symbols():
    assert name_key("Zoë\u200d  ＯＬＡ 🌸") == "zoe ola"


def test_an_address_is_not_a_mention(network):
    member_of(network, display_name="Szkola")
    assert resolve_mentions("pisz na sekretariat@szkola.pl", network).problems == []


def test_no_query_without_an_at_sign(network, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert resolve_mentions("Bez wzmianek.", network).mentions == []


def test_one_query_however_many_mentions(network, django_assert_num_queries):
    for n in range(5):
        member_of(network, display_name=f"Osoba{n} Testowa")
    with django_assert_num_queries(1):
        assert len(find_mentions(" ".join(f"@Osoba{n}" for n in range(5)), network)) == 5


def test_suggestions_compare_names_in_the_same_normal_form(network):
    decomposed = member_of(network, display_name=unicodedata.normalize("NFD", "Łucja Ólbrycht"))
    assert mention_suggestions(network, "Ólb") == [decomposed]
    assert mention_suggestions(network, "łucja ó") == [decomposed]
