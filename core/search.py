"""Polish-aware full-text search shared by the material bank and the threads.

PostgreSQL ships no Polish configuration, so the application does the
linguistics: every word is lemmatised with simplemma and stripped of
diacritics, and both the word and its lemma go into a stored document that
a GIN index covers (`SearchVectorField` with the "simple" configuration).
A query is treated the same way, so "scenariusze lekcji matematyki" finds
"Scenariusz lekcji – matematyka" and "zrodla" finds "źródła".
"""

import html
import re
import unicodedata
from functools import lru_cache

import simplemma
from django.contrib.postgres.search import SearchQuery
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SEARCH_CONFIG = "simple"
WORD = re.compile(r"\w+", re.UNICODE)
# A search box's text is cut to this; no real query is longer, and every word costs a lemma.
QUERY_MAX_LENGTH = 200
# Words past this are cut: PostgreSQL refuses lexemes over 2047 bytes, and no Polish word is close.
WORD_MAX_LENGTH = 60
QUERY_MAX_WORDS = 12
# Control characters (NUL above all: PostgreSQL cannot hold it in text) and lone surrogates
# (they cannot be encoded as UTF-8) are never meant in a search box or a filter.
_UNUSABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# Letters that Unicode decomposition does not strip.
_UNDECOMPOSABLE = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "ø": "o"})


def clean_query(text, *, max_length: int = QUERY_MAX_LENGTH) -> str:
    """A search box's or a filter's text as the database may safely see it.

    NFC (so a letter typed with a combining accent matches the same letter stored
    precomposed), without control characters or lone surrogates, trimmed and cut to
    max_length. Whatever the visitor typed, the result can be compared, stored and
    echoed back without an error.
    """
    text = unicodedata.normalize("NFC", _UNUSABLE.sub(" ", str(text or "")))
    return text.strip()[:max_length].strip()


def query_words(text: str) -> list[str]:
    """The words of a query the search uses: at most QUERY_MAX_WORDS, each cut to a sane length."""
    return [word[:WORD_MAX_LENGTH] for word in WORD.findall(clean_query(text))][:QUERY_MAX_WORDS]


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSABLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=50_000)
def word_forms(word: str) -> tuple[str, ...]:
    """The searchable forms of one word: itself and its lemma, lower-case, without diacritics."""
    lower = word.lower()
    lemma = simplemma.lemmatize(lower, lang="pl")
    forms = {strip_diacritics(lower), strip_diacritics(lemma.lower())}
    return tuple(sorted(form for form in forms if form))


def search_document(*parts: str) -> str:
    """Text to store in a search vector column: every word's forms, space-separated."""
    terms: list[str] = []
    for part in parts:
        for word in WORD.findall(part or ""):
            terms.extend(word_forms(word))
    return " ".join(terms)


def tsquery_text(text: str) -> str:
    """Raw tsquery text needing every word (any of its forms, or as a prefix); "" if none."""
    groups = []
    for word in query_words(text):
        alternatives = " | ".join(f"{_quote(form)}:*" for form in word_forms(word))
        groups.append(f"({alternatives})")
    return " & ".join(groups)


def search_query(text: str) -> SearchQuery | None:
    """The query for a search box's text, for filtering a SearchVectorField; None if empty."""
    raw = tsquery_text(text)
    return SearchQuery(raw, search_type="raw", config=SEARCH_CONFIG) if raw else None


def _quote(form: str) -> str:
    # Words are \w+ only, but quote anyway so that nothing becomes tsquery syntax.
    return "'" + form.replace("'", "") + "'"


def highlight(text: str, query: str, *, length: int = 220) -> SafeString:
    """An escaped snippet of text around the first match, matches wrapped in <mark>."""
    wanted = {form for word in query_words(query) for form in word_forms(word)}
    plain = html.unescape(re.sub(r"<[^>]+>", " ", text or ""))
    plain = re.sub(r"\s+", " ", plain).strip()

    def matches(word: str) -> bool:
        return any(form.startswith(w) for form in word_forms(word) for w in wanted)

    first = next((m.start() for m in WORD.finditer(plain) if matches(m.group())), 0)
    start = max(0, first - length // 3)
    snippet = plain[start : start + length]
    pieces, position = [], 0
    for match in WORD.finditer(snippet):
        pieces.append(escape(snippet[position : match.start()]))
        word = escape(match.group())
        pieces.append(f"<mark>{word}</mark>" if matches(match.group()) else word)
        position = match.end()
    pieces.append(escape(snippet[position:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + length < len(plain) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 (every piece escaped above)


def warm_up() -> None:
    """Load simplemma's Polish dictionary now (it takes seconds), e.g. in a server's parent
    process before it forks workers, so no request pays for it."""
    simplemma.lemmatize("matematyki", lang="pl")
