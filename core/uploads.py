"""Uploads: the type decided by content, a size limit and safe names (serving: core.files).

Shared by the material bank and thread attachments, so both follow one rule.
"""

import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileKind:
    code: str
    extension: str
    content_type: str
    is_image: bool = False


KINDS = {
    kind.code: kind
    for kind in [
        FileKind("pdf", "pdf", "application/pdf"),
        FileKind(
            "docx",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        FileKind(
            "pptx",
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        FileKind(
            "xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ),
        FileKind("odt", "odt", "application/vnd.oasis.opendocument.text"),
        FileKind("odp", "odp", "application/vnd.oasis.opendocument.presentation"),
        FileKind("ods", "ods", "application/vnd.oasis.opendocument.spreadsheet"),
        FileKind("txt", "txt", "text/plain; charset=utf-8"),
        FileKind("jpeg", "jpg", "image/jpeg", is_image=True),
        FileKind("png", "png", "image/png", is_image=True),
        FileKind("webp", "webp", "image/webp", is_image=True),
        FileKind("mp3", "mp3", "audio/mpeg"),
        FileKind("mp4", "mp4", "video/mp4"),
    ]
}
ALLOWED_NAMES = "PDF, DOCX, ODT, PPTX, ODP, XLSX, ODS, TXT, JPEG, PNG, WebP, MP3, MP4"
_OPENDOCUMENT = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.presentation": "odp",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
_OOXML_PARTS = {
    "word/document.xml": "docx",
    "ppt/presentation.xml": "pptx",
    "xl/workbook.xml": "xlsx",
}
_MARKUP = re.compile(rb"<\s*(!doctype|html|svg|script|iframe|body|head|\?xml)", re.IGNORECASE)


def refuse() -> ValidationError:
    return ValidationError(
        _(
            "This type of file is not accepted. Allowed: %(allowed)s. Web pages (HTML), SVG images, programs and archives are refused."
        ),
        code="file_type",
        params={"allowed": ALLOWED_NAMES},
    )


def detect_kind(upload) -> FileKind:
    """Decide what the file is from its bytes (never its name); refuse anything else."""
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return KINDS["pdf"]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return KINDS["png"]
    if head.startswith(b"\xff\xd8\xff"):
        return KINDS["jpeg"]
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return KINDS["webp"]
    if head[4:8] == b"ftyp" and head[8:12] not in (b"heic", b"heix", b"avif"):
        return KINDS["mp4"]
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return KINDS["mp3"]
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(upload)
    if _is_plain_text(head):
        return KINDS["txt"]
    raise refuse()


def _office_kind(upload) -> FileKind:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                code = _OPENDOCUMENT.get(archive.read("mimetype").strip())
                if code:
                    return KINDS[code]
            if "[Content_Types].xml" in names:
                for part, code in _OOXML_PARTS.items():
                    if part in names:
                        return KINDS[code]
    except zipfile.BadZipFile:
        pass
    finally:
        upload.seek(0)
    raise refuse()


def _is_plain_text(head: bytes) -> bool:
    if b"\x00" in head or _MARKUP.search(head[:1024]):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # The 4 KB cut may split a multi-byte letter at the very end.
        if error.start < len(head) - 3:
            return False
    return True


def check_size(upload, *, limit: int | None = None) -> None:
    """Refuse a file over the limit, saying both sizes."""
    limit = limit or settings.UPLOAD_MAX_BYTES
    if getattr(upload, "too_large", False) or upload.size > limit:
        raise ValidationError(
            _("The file “%(name)s” is too big. The limit is %(limit)s."),
            code="too_big",
            params={"name": upload.name, "limit": filesizeformat(limit)},
        )


def safe_filename(name: str, *, extension: str) -> str:
    """A name that is harmless everywhere: no path, no control characters, the right extension."""
    base = os.path.basename((name or "").replace("\\", "/"))
    stem = os.path.splitext(base)[0]
    stem = unicodedata.normalize("NFC", stem)
    stem = re.sub(r"[^\w\s.-]", "", stem, flags=re.UNICODE).strip(" .-_")
    stem = re.sub(r"\s+", " ", stem)[:100] or "plik"
    return f"{stem}.{extension}"


class SizeLimitUploadHandler(TemporaryFileUploadHandler):
    """Stop keeping a file's bytes once it passes UPLOAD_MAX_BYTES.

    The rest of the request is still parsed, so the form gets every other
    field and a truncated file marked `too_large`; check_size() then says what
    the limit is and nothing typed is lost.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_BYTES:
            return None
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size):
        upload = super().file_complete(min(file_size, settings.UPLOAD_MAX_BYTES))
        upload.too_large = self.received > settings.UPLOAD_MAX_BYTES
        return upload
