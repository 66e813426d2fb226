"""Pictures: sized up from their header, decoded once, re-encoded so only pixels survive.

Image.open() reads the header alone, so a picture that claims too many pixels
is refused before a single pixel is decoded (a 52 kB PNG can claim 400 million).
The one decode then yields both the stored picture and its thumbnail; the
re-encoding drops EXIF, GPS position and anything hidden after the pixels.
"""

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from core.app_settings import upload_settings

ALLOWED_IMAGE_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")


def reencode_image(
    upload, *, name: str, max_side: int, thumbnail_side: int | None = None
) -> tuple[ContentFile, ContentFile | None]:
    """The upload as a WebP no larger than max_side (and a thumbnail), or a ValidationError."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb warning is the error it stands for.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload, formats=ALLOWED_IMAGE_FORMATS) as image:
                _check_pixels(image.size, name=name)
                # JPEG only: decode straight at a reduced scale (no effect on other formats).
                image.draft("RGB", (max_side, max_side))
                image.load()
                picture = ImageOps.exif_transpose(image)
                picture = picture.convert("RGBA" if _has_alpha(picture) else "RGB")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(name) from None
    except UnidentifiedImageError:
        raise ValidationError(
            _("“%(name)s” is not a picture we can read. Upload a JPEG, PNG or WebP picture."),
            code="not_an_image",
            params={"name": name},
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(
            _("The picture “%(name)s” is damaged or incomplete. Try another file."),
            code="broken_image",
            params={"name": name},
        ) from None
    finally:
        upload.seek(0)
    picture.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    stored = _webp(picture)
    thumbnail = None
    if thumbnail_side is not None:
        small = picture.copy()
        small.thumbnail((thumbnail_side, thumbnail_side), Image.Resampling.LANCZOS)
        thumbnail = _webp(small)
    return stored, thumbnail


def _check_pixels(size: tuple[int, int], *, name: str) -> None:
    width, height = size
    if width * height > upload_settings.IMAGE_MAX_PIXELS:
        raise _too_many_pixels(name, width=width, height=height)


def _too_many_pixels(name: str, *, width: int | None = None, height: int | None = None):
    limit = upload_settings.IMAGE_MAX_PIXELS / 1_000_000
    if width is None:
        message = _("The picture “%(name)s” has more than %(limit)g million pixels.")
    else:
        message = _(
            "The picture “%(name)s” has %(width)s × %(height)s pixels; "
            "the limit is %(limit)g million pixels."
        )
    return ValidationError(
        message,
        code="too_many_pixels",
        params={"name": name, "width": width, "height": height, "limit": limit},
    )


def _webp(picture: Image.Image) -> ContentFile:
    output = io.BytesIO()
    picture.save(output, format="WEBP", quality=85, method=4)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.webp")


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )


def limit_pillow() -> None:
    """Make every Image.open() in the process refuse bombs from the header (called at start)."""
    Image.MAX_IMAGE_PIXELS = upload_settings.IMAGE_MAX_PIXELS
