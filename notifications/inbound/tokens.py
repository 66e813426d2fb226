"""Personal reply addresses: `<local>+<token>@<domain>`, one token per person and thing."""

import re
import secrets
from collections.abc import Iterable
from urllib.parse import quote

from django.db import transaction
from django.utils import timezone

from notifications.inbound import app_settings
from notifications.inbound.models import ReplyToken

# Lower-case letters and digits without look-alikes: some servers lower-case the local part,
# people retype addresses. 26 characters of 32 symbols are 130 bits: not guessable.
ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
TOKEN_LENGTH = 26


def new_token() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(TOKEN_LENGTH))


def address_for(token: str) -> str:
    return f"{app_settings.reply_local()}+{token}@{app_settings.reply_domain()}"


def mailto_for(token: str, *, subject: str = "") -> str:
    link = f"mailto:{address_for(token)}"
    if subject:
        link += "?subject=" + quote(subject)
    return link


def reply_tokens(*, pairs: Iterable[tuple[int, str]]) -> dict[tuple[int, str], str]:
    """The active token of each (user id, target key), created when missing, in three queries.

    Empty when replies by e-mail are off (no REPLY_EMAIL_DOMAIN).
    """
    pairs = set(pairs)
    if not pairs or not app_settings.reply_domain():
        return {}

    def existing() -> dict[tuple[int, str], str]:
        rows = ReplyToken.objects.filter(
            user_id__in={user_id for user_id, _key in pairs},
            target_key__in={key for _user_id, key in pairs},
            revoked_at__isnull=True,
        ).values_list("user_id", "target_key", "token")
        return {(user_id, key): token for user_id, key, token in rows if (user_id, key) in pairs}

    found = existing()
    missing = pairs - found.keys()
    if missing:
        with transaction.atomic():
            # Another worker may create the same pair at once: the partial unique
            # constraint keeps one, and the second read returns it.
            ReplyToken.objects.bulk_create(
                [
                    ReplyToken(user_id=user_id, target_key=key, token=new_token())
                    for user_id, key in missing
                ],
                ignore_conflicts=True,
            )
        found = existing()
    return found


def reply_addresses(*, user_ids: Iterable[int], target_key: str) -> dict[int, str]:
    """Each person's reply address for one thing (empty when replies by e-mail are off)."""
    tokens = reply_tokens(pairs=[(user_id, target_key) for user_id in user_ids])
    return {user_id: address_for(token) for (user_id, _key), token in tokens.items()}


def token_from_address(address: str) -> str | None:
    """The token in one of our reply addresses, or None for any other address."""
    domain, local = app_settings.reply_domain(), app_settings.reply_local()
    if not domain:
        return None
    pattern = rf"{re.escape(local)}\+([{ALPHABET}]{{{TOKEN_LENGTH}}})@{re.escape(domain)}"
    match = re.fullmatch(pattern, (address or "").strip().lower())
    return match.group(1) if match else None


def reply_token_revoke(*, token: ReplyToken) -> ReplyToken:
    """Stop one reply address from working; the next e-mail about the thing gets a new one."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def reply_tokens_revoke_for_user(*, user_id: int) -> int:
    """Stop all of a person's reply addresses (their account is deleted, or they ask)."""
    return ReplyToken.objects.filter(user_id=user_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
