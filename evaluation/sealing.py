"""Sealing answers that must not be readable in the database: encryption, padding, keys.

Two things are sealed (see the anonymity notes in evaluation/models.py):

* the pool of an open anonymous survey's responses, with a key derived from the
  server's SECRET_KEY (so the database alone never reads it; the server, which must
  release the answers unattended when the survey closes, can);
* a person's unfinished answers ("save and finish later") to an anonymous survey,
  with a key derived from a random token that only their browser's cookie holds
  (the database keeps its SHA-256 to find the row, which does not give the key).

AES-256-GCM with a fresh random nonce on every write: the same content sealed twice
looks unrelated, and tampering is detected. Fernet is not used because its tokens
carry the time they were made in clear — a timestamp on an anonymous answer.
The plaintext is padded to a power-of-two size, so the length of the sealed bytes
tells at most which size band the content falls in, not how long an answer was.
"""

import hashlib
import hmac
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

NONCE_BYTES = 12
LENGTH_BYTES = 4
# The smallest sealed content; anything smaller is padded up to it.
POOL_MIN_BYTES = 64 * 1024
DRAFT_MIN_BYTES = 16 * 1024


class SealBroken(Exception):
    """Sealed bytes that no known key opens (a changed SECRET_KEY, or tampering)."""


def _derive(secret: str | bytes, purpose: str) -> bytes:
    secret = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(secret, b"sieci.evaluation.seal:" + purpose.encode(), hashlib.sha256).digest()


def server_keys(purpose: str) -> list[bytes]:
    """Keys for `purpose` from SECRET_KEY, then from SECRET_KEY_FALLBACKS (a rotated key still opens)."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [_derive(secret, purpose) for secret in secrets]


def token_key(token: str, purpose: str) -> bytes:
    return _derive(token, purpose)


def _pad(raw: bytes, minimum: int) -> bytes:
    size = minimum
    while size < len(raw) + LENGTH_BYTES:
        size *= 2
    return len(raw).to_bytes(LENGTH_BYTES, "big") + raw + bytes(size - LENGTH_BYTES - len(raw))


def _unpad(padded: bytes) -> bytes:
    length = int.from_bytes(padded[:LENGTH_BYTES], "big")
    return padded[LENGTH_BYTES : LENGTH_BYTES + length]


def seal(value, *, key: bytes, context: str, minimum: int) -> bytes:
    """`value` (JSON-able) encrypted with `key`, bound to `context` (e.g. the survey) and padded."""
    raw = json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, _pad(raw, minimum), context.encode())


def unseal(blob: bytes, *, keys: list[bytes], context: str):
    """The value sealed in `blob` by any of `keys`; SealBroken if none opens it."""
    blob = bytes(blob)
    nonce, body = blob[:NONCE_BYTES], blob[NONCE_BYTES:]
    for key in keys:
        try:
            padded = AESGCM(key).decrypt(nonce, body, context.encode())
        except InvalidTag:
            continue
        return json.loads(_unpad(padded))
    raise SealBroken


# --- the two uses ------------------------------------------------------------

# A response is a list of [question id, number or None, text] rows, as Answer rows hold them.
Response = list[list]


def _pool_context(survey_id: int) -> str:
    return f"pool:{survey_id}"


def seal_pool(survey_id: int, responses: list[Response]) -> bytes:
    """An anonymous survey's responses sealed with the server's key, bound to the survey."""
    key = server_keys("pool")[0]
    return seal(responses, key=key, context=_pool_context(survey_id), minimum=POOL_MIN_BYTES)


def unseal_pool(survey_id: int, blob: bytes) -> list[Response]:
    return unseal(blob, keys=server_keys("pool"), context=_pool_context(survey_id))


def seal_draft(survey_id: int, token: str, data: dict) -> bytes:
    """Unfinished answers sealed with a key only the browser's token gives."""
    key = token_key(token, "draft")
    return seal(data, key=key, context=f"draft:{survey_id}", minimum=DRAFT_MIN_BYTES)


def unseal_draft(survey_id: int, token: str, blob: bytes) -> dict:
    return unseal(blob, keys=[token_key(token, "draft")], context=f"draft:{survey_id}")
