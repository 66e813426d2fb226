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
The plaintext is compressed, then padded to a power-of-two size (at least 64 KiB for
a pool, 16 KiB for a draft), so the length of the sealed bytes tells at most which
size band the compressed content falls in — for most surveys always the smallest —
not how long an answer was.
"""

import hashlib
import hmac
import json
import os
import secrets
import zlib

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

NONCE_BYTES = 12
LENGTH_BYTES = 4
# The smallest sealed content; anything smaller is padded up to it.
POOL_MIN_BYTES = 64 * 1024
DRAFT_MIN_BYTES = 16 * 1024
# Fast compression: a pool of 1,000 responses shrinks about eightfold, so each
# submission writes a few dozen kilobytes instead of half a megabyte.
COMPRESSION_LEVEL = 1


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


def seal_bytes(raw: bytes, *, key: bytes, context: str, minimum: int) -> bytes:
    """`raw` compressed, padded and encrypted with `key`, bound to `context` (e.g. the survey)."""
    nonce = os.urandom(NONCE_BYTES)
    padded = _pad(zlib.compress(raw, COMPRESSION_LEVEL), minimum)
    return nonce + AESGCM(key).encrypt(nonce, padded, context.encode())


def unseal_bytes(blob: bytes, *, keys: list[bytes], context: str) -> bytes:
    """What was sealed in `blob` by any of `keys`; SealBroken if none opens it."""
    blob = bytes(blob)
    nonce, body = blob[:NONCE_BYTES], blob[NONCE_BYTES:]
    for key in keys:
        try:
            padded = AESGCM(key).decrypt(nonce, body, context.encode())
        except InvalidTag:
            continue
        return zlib.decompress(_unpad(padded))
    raise SealBroken


def _json(value) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


# --- the two uses ------------------------------------------------------------

# A response is a list of [question id, number or None, text] rows, as Answer rows hold them.
Response = list[list]

_random = secrets.SystemRandom()


def _pool_context(survey_id: int) -> str:
    return f"pool:{survey_id}"


def _record(response: Response) -> bytes:
    raw = _json(response)
    return len(raw).to_bytes(LENGTH_BYTES, "big") + raw


def _boundaries(raw: bytes) -> list[int]:
    """Where each record of a pool starts, and where the last one ends."""
    offsets, offset = [0], 0
    while offset < len(raw):
        offset += LENGTH_BYTES + int.from_bytes(raw[offset : offset + LENGTH_BYTES], "big")
        offsets.append(offset)
    return offsets


def seal_pool(survey_id: int, responses: list[Response]) -> bytes:
    """An anonymous survey's responses sealed with the server's key, bound to the survey."""
    raw = b"".join(_record(response) for response in responses)
    key = server_keys("pool")[0]
    return seal_bytes(raw, key=key, context=_pool_context(survey_id), minimum=POOL_MIN_BYTES)


def pool_add(survey_id: int, blob: bytes | None, response: Response) -> bytes:
    """The pool with one more response at a random place, sealed again under a fresh nonce.

    The responses stay serialised as length-prefixed records, so adding one costs a
    decryption, a splice and an encryption (fast, in C) whatever the pool holds —
    not a parse and a dump of every response in it.
    """
    keys, context = server_keys("pool"), _pool_context(survey_id)
    raw = unseal_bytes(blob, keys=keys, context=context) if blob else b""
    at = _random.choice(_boundaries(raw))
    raw = raw[:at] + _record(response) + raw[at:]
    return seal_bytes(raw, key=keys[0], context=context, minimum=POOL_MIN_BYTES)


def unseal_pool(survey_id: int, blob: bytes) -> list[Response]:
    raw = unseal_bytes(blob, keys=server_keys("pool"), context=_pool_context(survey_id))
    offsets = _boundaries(raw)
    return [
        json.loads(raw[start + LENGTH_BYTES : end])
        for start, end in zip(offsets, offsets[1:], strict=False)
    ]


def seal_draft(survey_id: int, token: str, data: dict) -> bytes:
    """Unfinished answers sealed with a key only the browser's token gives."""
    key = token_key(token, "draft")
    return seal_bytes(_json(data), key=key, context=f"draft:{survey_id}", minimum=DRAFT_MIN_BYTES)


def unseal_draft(survey_id: int, token: str, blob: bytes) -> dict:
    raw = unseal_bytes(blob, keys=[token_key(token, "draft")], context=f"draft:{survey_id}")
    return json.loads(raw)
