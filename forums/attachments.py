"""Attachments follow the material bank's upload rules: type by content, size limit, safe names."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from core.images import reencode_image
from core.uploads import check_size, detect_kind, safe_filename

MAX_ATTACHMENTS = 10
IMAGE_MAX_SIDE = 2000
THUMBNAIL_MAX_SIDE = 480


@dataclass
class PreparedFile:
    name: str
    content_type: str
    is_image: bool
    content: object  # a File to store
    thumbnail: ContentFile | None
    size: int


def check_upload(upload) -> None:
    """Refuse a file that is too big or of a type we do not take (without storing anything)."""
    check_size(upload)
    detect_kind(upload)


def check_uploads(uploads) -> None:
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError(
            _("Attach at most %(count)s files to one post."),
            code="too_many_files",
            params={"count": MAX_ATTACHMENTS},
        )
    for upload in uploads:
        check_upload(upload)


def prepare(upload) -> PreparedFile:
    """What to store for one upload: images re-encoded (EXIF gone) with a thumbnail."""
    check_size(upload)
    kind = detect_kind(upload)
    name = safe_filename(upload.name, extension=kind.extension)
    if kind.is_image:
        image = reencode_image(upload, max_side=IMAGE_MAX_SIDE)
        thumbnail = reencode_image(upload, max_side=THUMBNAIL_MAX_SIDE)
        name = safe_filename(upload.name, extension="webp")
        return PreparedFile(name, "image/webp", True, image, thumbnail, image.size)
    upload.seek(0)
    return PreparedFile(name, kind.content_type, False, upload, None, upload.size)
