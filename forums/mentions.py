"""@mentions: "@Anna Kowalska" in a post names a member of the network.

Display names have spaces, so each "@" is followed by a few words and the longest run
of them that is a member's display name wins; when none is, a single word that starts
exactly one member's name (a first name, "@Piotr") is enough. Names are compared in a
normal form (see name_key), so a name stored decomposed, with an emoji, a combining
mark or an invisible character, is found however it was typed. What matched nobody or
several people is reported, so the author can be told. One query, none without "@".
"""

import re
import unicodedata
from dataclasses import dataclass, field

from accounts.models import User
from core.search import clean_query
from networks.models import Network

MAX_WORDS = 6  # a name of four words, with an emoji or two between them
MIN_PREFIX = 2  # "@P" alone would name whoever happens to be the only P
_AT = re.compile(r"(?<![\w@])@")
_WORD = re.compile(r"[^\s@]+")
_GAP = re.compile(r"[ \t]+")
# Punctuation that ends a sentence after a name is not part of it: "@Piotr, zobacz".
_TRAILING = ".,;:!?)]}\"'»”…"
# Left out when names are compared: combining marks, invisible format characters
# (zero-width spaces and joiners, direction marks) and symbols such as emoji.
_IGNORED_CATEGORIES = {"Mn", "Mc", "Me", "Cf", "So", "Sk"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


def name_key(text: str) -> str:
    """The form in which names are compared: NFKC, case-folded, without marks and invisibles."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    kept = "".join(ch for ch in folded if unicodedata.category(ch) not in _IGNORED_CATEGORIES)
    return " ".join(kept.split())


@dataclass(frozen=True)
class Mention:
    start: int  # position of the "@"
    end: int
    user: User


@dataclass(frozen=True)
class MentionProblem:
    """An "@name" that named nobody in the network, or several people."""

    written: str
    candidates: list[User] = field(default_factory=list)

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1


@dataclass
class MentionResult:
    mentions: list[Mention] = field(default_factory=list)
    problems: list[MentionProblem] = field(default_factory=list)


def _candidates(text: str) -> list[tuple[int, list[int]]]:
    """Each "@" with the ends of the runs of one, two, ... words written after it."""
    found = []
    for at in _AT.finditer(text):
        ends, position = [], at.end()
        while len(ends) < MAX_WORDS:
            word = _WORD.match(text, position)
            if not word:
                break
            ends.append(word.end())
            gap = _GAP.match(text, word.end())
            if not gap:
                break
            position = gap.end()
        if ends:
            found.append((at.start(), ends))
    return found


def _trimmed_end(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1] in _TRAILING:
        end -= 1
    return end


def _network_names(network: Network) -> dict[str, list[User]]:
    people: dict[str, list[User]] = {}
    members = User.objects.filter(
        memberships__network=network, is_active=True, display_name__gt=""
    ).order_by("display_name", "pk")
    for user in members:
        key = name_key(user.display_name)
        if key:
            people.setdefault(key, []).append(user)
    return people


def _by_prefix(people: dict[str, list[User]], prefix: str) -> list[User]:
    """Members with a word of their name starting with the prefix ("Piotr" of "Piotr Nowak")."""
    return [
        user
        for key, users in people.items()
        if any(word.startswith(prefix) for word in key.split())
        for user in users
    ]


def resolve_mentions(text: str, network: Network) -> MentionResult:
    """The members mentioned in the text, in order, and the mentions that named nobody
    or several people."""
    result = MentionResult()
    text = text or ""
    candidates = _candidates(text)
    if not candidates:
        return result
    people = _network_names(network)
    for start, ends in candidates:
        ends = [_trimmed_end(text, start, end) for end in ends]
        for end in reversed(ends):  # the longest name that is a member's wins
            users = people.get(name_key(text[start + 1 : end]))
            if users:
                break
        else:
            end = ends[0]
            prefix = name_key(text[start + 1 : end])
            users = _by_prefix(people, prefix) if len(prefix) >= MIN_PREFIX else []
        if len(users) == 1:
            result.mentions.append(Mention(start, end, users[0]))
        else:
            result.problems.append(MentionProblem(text[start:end], users))
    return result


def find_mentions(text: str, network: Network) -> list[Mention]:
    """The members of the network mentioned in the text, in order (one query, none without "@")."""
    return resolve_mentions(text, network).mentions


def emphasise_mentions(text: str, mentions: list[Mention]) -> str:
    """The Markdown with each mention in bold, so the rendered post shows who was named."""
    pieces, position = [], 0
    for mention in mentions:
        pieces.append(text[position : mention.start])
        name = _MARKDOWN_SPECIAL.sub(r"\\\1", text[mention.start : mention.end])
        pieces.append(f"**{name}**")
        position = mention.end
    pieces.append(text[position:])
    return "".join(pieces)


def mention_suggestions(network: Network, prefix: str, *, limit: int = 8) -> list[User]:
    """Members with a word of their name starting with the prefix, compared as mentions are
    (one query)."""
    prefix = name_key(clean_query(prefix or "", max_length=80))
    if not prefix:
        return []
    people = _network_names(network)
    if " " in prefix:  # "Anna Ko": the whole name starts with it
        found = [user for key, users in people.items() if key.startswith(prefix) for user in users]
    else:
        found = _by_prefix(people, prefix)
    return sorted(found, key=lambda user: (name_key(user.display_name), user.pk))[:limit]
