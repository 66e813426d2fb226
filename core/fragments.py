"""Rendered pieces of pages, cached under keys made of everything they show.

A piece's key holds the values it is rendered from (a post's text, a person's name, a
network's slug), the language and time zone, and the version of the code (templates,
Python and translations). A change anywhere gives a new key, so nothing is ever deleted
and no copy is ever out of date: each process keeps the pieces it uses in its own memory,
in front of the cache that all processes share (Redis), and both can only agree.

What differs between two readers of the same piece never enters it: the CSRF token of its
forms is a secret placeholder, filled in for each reader (`fill_csrf`).
"""

import hashlib
from collections.abc import Iterable
from functools import cache

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language

# Pieces of the page's frame (menus, forms): their keys hold everything they show, but a
# setting read from the environment may change their text too; an hour bounds that.
SHELL_TIMEOUT = 60 * 60

# The code whose change may change a rendered piece: our templates, Python and translations.
_CODE_SUFFIXES = {".html", ".py", ".mo"}
_NOT_CODE = {"tests", "migrations", "static", "staticfiles", "media", "bench", "scripts", "docs"}


@cache
def code_version() -> str:
    """A digest of the project's templates, Python modules and translations (read once per
    process): a deployment that changes any of them renders every piece afresh."""
    digest = hashlib.blake2b(digest_size=8)
    root = settings.BASE_DIR
    for top in sorted(root.iterdir()):
        if not top.is_dir() or top.name.startswith(".") or top.name in _NOT_CODE:
            continue
        for path in sorted(top.rglob("*")):
            if path.suffix in _CODE_SUFFIXES and not _NOT_CODE.intersection(path.parts):
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def key_hasher(*shared) -> "hashlib.blake2b":
    """A hash started with the code version, language, time zone and `shared`, to be copied
    and completed with each piece's own values."""
    parts = (code_version(), get_language() or "", timezone.get_current_timezone_name(), *shared)
    return hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=16)


def key(name: str, values: Iterable) -> str:
    """The cache key of the piece `name` rendered from `values` (all of them, as text)."""
    digest = key_hasher(name)
    digest.update(repr(tuple(str(value) for value in values)).encode())
    return f"fragment:{name}:{digest.hexdigest()}"


@cache
def csrf_placeholder() -> str:
    """Stands for the reader's CSRF token in a shared piece; secret (derived from SECRET_KEY),
    so no text a person writes can contain it and have another reader's token put in."""
    return salted_hmac("core.fragments", "csrf-placeholder").hexdigest()[:32]


def fill_csrf(html: str, token) -> str:
    """The piece with this reader's CSRF token (`token()`, asked only when needed) in place
    of the placeholder."""
    placeholder = csrf_placeholder()
    if placeholder not in html:
        return html
    return html.replace(placeholder, token())


def get_many(keys: list[str]) -> dict[str, str]:
    """The pieces found, from this process's memory or else from the shared cache."""
    local = caches["fragments_local"]
    found = local.get_many(keys)
    missing = [k for k in keys if k not in found]
    if missing:
        shared = caches["fragments"].get_many(missing)
        if shared:
            local.set_many(shared)
            found.update(shared)
    return found


def set_many(pieces: dict[str, str], timeout: int) -> None:
    caches["fragments_local"].set_many(pieces, timeout)
    caches["fragments"].set_many(pieces, timeout)


def get_or_render(key_: str, render, timeout: int) -> str:
    """The piece under `key_`, rendered by `render()` and stored when no cache holds it."""
    found = get_many([key_])
    if key_ in found:
        return found[key_]
    html = str(render())
    set_many({key_: html}, timeout)
    return html
