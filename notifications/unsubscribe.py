"""Signed unsubscribe links: the token itself is the authority, so they work logged out."""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

from notifications.models import Category

SALT = "notifications.unsubscribe"
# Besides a single category: every digest, or every e-mail we send on our own.
SCOPE_DIGEST = "digest"
SCOPE_ALL = "all"
SCOPES = {*Category.values, SCOPE_DIGEST, SCOPE_ALL}


@dataclass(frozen=True)
class Unsubscribe:
    user_id: int
    scope: str


def unsubscribe_token(*, user_id: int, scope: str) -> str:
    """A signed token that lets its holder stop one kind of e-mail for one person."""
    if scope not in SCOPES:
        raise ValueError(f"Unknown unsubscribe scope {scope!r}")
    return signing.dumps({"u": user_id, "s": scope}, salt=SALT, compress=False)


def unsubscribe_url(*, user_id: int, scope: str) -> str:
    """The absolute unsubscribe link for e-mails (and the List-Unsubscribe header)."""
    path = reverse(
        "notifications:unsubscribe", args=[unsubscribe_token(user_id=user_id, scope=scope)]
    )
    return f"{settings.SITE_URL}{path}"


def unsubscribe_read(token: str) -> Unsubscribe | None:
    """What a token allows, or None when it is forged, tampered with or malformed."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    user_id, scope = payload.get("u"), payload.get("s")
    if not isinstance(user_id, int) or scope not in SCOPES:
        return None
    return Unsubscribe(user_id=user_id, scope=scope)
