"""Where a person lands after logging in when something waits for them (an invitation, …).

accounts imports none of the apps to its right; they register a function in
`AppConfig.ready()` that returns a URL when the person has something to answer
there, or None. The adapter asks them in order when the login has no `next`.
"""

from collections.abc import Callable

_destinations: dict[str, tuple[int, Callable]] = {}


def register_login_destination(key: str, destination: Callable, *, position: int = 100) -> None:
    """Add a `destination(user) -> str | None` (idempotent: keyed by `key`)."""
    _destinations[key] = (position, destination)


def login_destination(user) -> str | None:
    """The first registered URL that has something waiting for the person, or None."""
    for _position, destination in sorted(_destinations.values(), key=lambda item: item[0]):
        url = destination(user)
        if url:
            return url
    return None
