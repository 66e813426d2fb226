"""Safe image handling: open only the formats we allow, within a pixel limit,
and re-encode so that nothing from the upload but pixels survives (EXIF,
GPS position, embedded payloads)."""

import io
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")


def reencode_image(upload, *, max_side: int, max_pixels: int | None = None) -> ContentFile:
    """Return the upload as a new WebP no larger than max_side, or raise ValidationError."""
    max_pixels = max_pixels or settings.UPLOAD_IMAGE_MAX_PIXELS
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Treat "possible decompression bomb" warnings as the error they are.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload, formats=ALLOWED_IMAGE_FORMATS) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise ValidationError(
                        _("The image is too large (%(width)s × %(height)s pixels)."),
                        code="too_many_pixels",
                        params={"width": width, "height": height},
                    )
                image.load()
                image = ImageOps.exif_transpose(image)
                image = image.convert("RGBA" if _has_alpha(image) else "RGB")
                image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
                output = io.BytesIO()
                image.save(output, format="WEBP", quality=85, method=4)
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("This file is not an image we accept. Upload a JPEG, PNG, WebP or GIF picture."),
            code="not_an_image",
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("The image could not be read. It may be damaged; try another file."),
            code="broken_image",
        ) from None
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.webp")


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
