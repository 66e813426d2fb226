"""@mentions: "@Anna Kowalska" in a post names a member of the network.

Display names have spaces, so each "@" is followed by up to four words and the
longest run of them that is a member's display name wins — found with one query.
"""

import re
from dataclasses import dataclass

from django.db.models.functions import Lower

from accounts.models import User
from core.search import clean_query
from networks.models import Network

MAX_WORDS = 4
_AT = re.compile(r"(?<![\w@])@")
_WORDS = re.compile(r"[\w.'-]+(?:[ \t]+[\w.'-]+){0,3}", re.UNICODE)  # up to MAX_WORDS words
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


@dataclass(frozen=True)
class Mention:
    start: int  # position of the "@"
    end: int
    user: User


def _candidates(text: str) -> list[tuple[int, list[str]]]:
    found = []
    for at in _AT.finditer(text):
        match = _WORDS.match(text, at.end())
        if match:
            words = match.group().split()
            found.append((at.start(), [" ".join(words[:k]) for k in range(1, len(words) + 1)]))
    return found


def find_mentions(text: str, network: Network) -> list[Mention]:
    """The members of the network mentioned in the text, in order (one query, none without "@")."""
    candidates = _candidates(text or "")
    names = {name.lower() for _position, options in candidates for name in options}
    if not names:
        return []
    members = {
        user.lname: user
        for user in User.objects.filter(
            memberships__network=network, is_active=True, display_name__gt=""
        )
        .annotate(lname=Lower("display_name"))
        .filter(lname__in=names)
    }
    mentions = []
    for position, options in candidates:
        for name in reversed(options):  # the longest name that is a member wins
            user = members.get(name.lower())
            if user is not None:
                mentions.append(Mention(position, position + 1 + len(name), user))
                break
    return mentions


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
    """Members whose display name starts (or has a word starting) with the prefix (one query)."""
    prefix = clean_query(prefix, max_length=80)
    if not prefix:
        return []
    return list(
        User.objects.filter(
            memberships__network=network,
            is_active=True,
            display_name__gt="",
        )
        .filter(display_name__iregex=r"(^|\s)" + re.escape(prefix))
        .order_by("display_name", "pk")[:limit]
    )
