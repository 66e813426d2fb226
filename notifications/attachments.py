"""Files attached to e-mails, made when the e-mail is sent rather than when it is queued.

An outbox row stores only what to attach (`{"kind": ..., "id": ...}`); the app that owns
the object registers a renderer for its kind in AppConfig.ready(). Rendering at delivery
means a meeting's calendar file is never staler than the meeting, and the outbox holds no
copies of it. notifications never imports the apps that register here.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from email.mime.base import MIMEBase
from email.mime.text import MIMEText

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: str
    # A text/* subtype and its parameters, e.g. ("calendar", {"method": "PUBLISH"}).
    subtype: str
    params: dict[str, str]


Renderer = Callable[[int], Attachment | None]
_renderers: dict[str, Renderer] = {}


def register_attachment(kind: str, renderer: Renderer) -> None:
    """Let e-mails name `{"kind": kind, "id": pk}`; `renderer(pk)` makes the file or None."""
    _renderers[kind] = renderer


def attachment_spec(kind: str, object_id: int) -> dict:
    """What an outbox row stores for one attachment."""
    return {"kind": kind, "id": object_id}


def attachments_render(specs: list[dict]) -> list[MIMEBase]:
    """The MIME parts of an e-mail's attachments. One that cannot be made is left out and
    logged: the e-mail without its calendar file is better than no e-mail."""
    parts = []
    for spec in specs or []:
        renderer = _renderers.get(spec.get("kind", ""))
        if renderer is None:
            logger.error("No renderer for the e-mail attachment %r", spec)
            continue
        try:
            attachment = renderer(spec["id"])
        except Exception:
            logger.exception("The e-mail attachment %r could not be made", spec)
            continue
        if attachment is not None:
            parts.append(_mime_part(attachment))
    return parts


def _mime_part(attachment: Attachment) -> MIMEBase:
    part = MIMEText(attachment.content, attachment.subtype, "utf-8")
    for name, value in attachment.params.items():
        part.set_param(name, value)
    part.add_header("Content-Disposition", "attachment", filename=attachment.filename)
    return part
