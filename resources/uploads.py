"""Checking one uploaded file of a material before anything is stored.

The rules are core.uploads' (type by content, size limit, safe names) plus what
a bank of shared files needs on top: no empty files, no web page hiding behind
a PDF header, and images re-encoded (only their pixels survive) with a thumbnail.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.utils.translation import gettext as _

from core.images import reencode_image
from core.uploads import KINDS, FileKind, check_size, detect_kind, refuse, safe_filename

IMAGE_MAX_SIDE = 2400
THUMBNAIL_SIDE = 480
# A PDF whose first bytes also read as a web page is a polyglot: refuse it.
_HIDDEN_MARKUP = re.compile(
    rb"<\s*(!doctype|html|svg|script|iframe|body|object|embed)\b", re.IGNORECASE
)


@dataclass
class CheckedUpload:
    """A file that passed every check, ready for the service to store."""

    content: File
    name: str
    kind: FileKind
    size: int
    thumbnail: ContentFile | None = None


def inspect_upload(upload) -> CheckedUpload:
    """Check a file by its content and return what to store, or raise ValidationError."""
    check_size(upload)
    if upload.size == 0:
        raise ValidationError(
            _("The file “%(name)s” is empty."), code="empty", params={"name": upload.name}
        )
    kind = detect_kind(upload)
    if kind.code in ("pdf", "txt", "mp3", "mp4"):
        upload.seek(0)
        head = upload.read(8192)
        upload.seek(0)
        if _HIDDEN_MARKUP.search(head):
            raise refuse()
    if kind.is_image:
        image = reencode_image(upload, max_side=IMAGE_MAX_SIDE)
        thumbnail = reencode_image(image, max_side=THUMBNAIL_SIDE)
        webp = KINDS["webp"]
        return CheckedUpload(
            content=image,
            name=safe_filename(upload.name, extension=webp.extension),
            kind=webp,
            size=image.size,
            thumbnail=thumbnail,
        )
    return CheckedUpload(
        content=upload,
        name=safe_filename(upload.name, extension=kind.extension),
        kind=kind,
        size=upload.size,
    )
