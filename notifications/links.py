"""Signed links in e-mails that act for one person on one object (answer a meeting, a survey).

The token names the person and the object and is signed with a salt per purpose, so a
link made for one thing opens nothing else. It is valid for at most MAX_AGE; the view that
reads it still checks that the person may act now (the meeting has not begun, the survey is
open, they are still a member), and a GET only shows a page: mail scanners open links.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

MAX_AGE = timedelta(days=30)


class LinkRefused(Exception):
    """A link that opens nothing: forged, altered, made for something else, or too old."""

    def __init__(self, *, expired: bool = False) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


@dataclass(frozen=True)
class SignedLink:
    user_id: int
    object_id: int


def link_token(*, purpose: str, user_id: int, object_id: int) -> str:
    """A token for `purpose` that lets its holder act as this person on this object."""
    return signing.dumps({"u": user_id, "o": object_id}, salt=_salt(purpose), compress=False)


def link_read(*, purpose: str, token: str, max_age: timedelta = MAX_AGE) -> SignedLink:
    """Whom and what a token names; LinkRefused when it is forged, altered or past max_age."""
    try:
        payload = signing.loads(token, salt=_salt(purpose), max_age=max_age)
    except signing.SignatureExpired:
        raise LinkRefused(expired=True) from None
    except signing.BadSignature:
        raise LinkRefused from None
    if not isinstance(payload, dict):
        raise LinkRefused
    user_id, object_id = payload.get("u"), payload.get("o")
    if not isinstance(user_id, int) or not isinstance(object_id, int):
        raise LinkRefused
    return SignedLink(user_id=user_id, object_id=object_id)


def link_refused_page(
    request: HttpRequest, *, title: str, reason: str, status: int, url: str = ""
) -> HttpResponse:
    """The page a link that cannot be used opens: what went wrong and where to go instead."""
    return render(
        request,
        "notifications/link_refused.html",
        {"title": title, "reason": reason, "url": url},
        status=status,
    )


def _salt(purpose: str) -> str:
    return f"sieci.link.{purpose}"
