"""What a reply by e-mail becomes is decided by the app that owns the thing replied to.

notifications never imports the domain apps: forums registers, in its AppConfig.ready(),

    register_reply_handler("forums.thread", thread_reply_by_email)

and every reply whose token's target key starts with "forums.thread:" goes there. A handler
changes state through the app's own service (the same checks as its web form) and returns a
ReplyOutcome, or raises ReplyRefused (or the service's PermissionDenied/ValidationError) with
a message for the person, in the active language.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from accounts.models import User
from core.uploads import CheckedUpload


@dataclass(frozen=True)
class InboundReply:
    user: User
    target_key: str  # e.g. "forums.thread:12"
    object_id: str  # the part after the colon: "12"
    body: str
    files: Sequence[CheckedUpload] = field(default_factory=tuple)


@dataclass(frozen=True)
class ReplyOutcome:
    url: str
    title: str
    pending: bool = False  # waits for a coordinator's approval


class ReplyRefused(Exception):
    """The reply cannot be posted; the message says why, for the person who sent it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


ReplyHandler = Callable[[InboundReply], ReplyOutcome]
_handlers: dict[str, ReplyHandler] = {}


def register_reply_handler(prefix: str, handler: ReplyHandler) -> None:
    """Send replies to "<prefix>:<id>" addresses to `handler(reply) -> ReplyOutcome`."""
    _handlers[prefix] = handler


def handler_for(target_key: str) -> ReplyHandler | None:
    return _handlers.get(target_key.partition(":")[0])
