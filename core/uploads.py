"""The one upload check: every file field of the site goes through check_upload().

A file is judged by its bytes, never by its name or the browser's word: the
simple formats by their magic numbers (the `filetype` library), Office, ODF and
EPUB documents by what their ZIP says it holds, text by decoding it. Programs,
scripts and web pages are refused whatever they are called, the name must agree
with the content, and what is stored is rebuilt where we can (pictures
re-encoded, text re-encoded as UTF-8), so nothing else from the upload survives.
Every refusal names the file and the limit it broke.
"""

import os
import re
import unicodedata
from dataclasses import dataclass, field

import filetype
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from core import archives, images
from core.app_settings import upload_settings


@dataclass(frozen=True)
class FileKind:
    code: str
    label: str
    extensions: tuple[str, ...]  # the first is the one a stored name gets
    content_type: str
    is_image: bool = False

    @property
    def extension(self) -> str:
        return self.extensions[0]


KINDS = {
    kind.code: kind
    for kind in [
        FileKind("pdf", "PDF", ("pdf",), "application/pdf"),
        FileKind("docx", "DOCX", ("docx",), archives.CONTENT_TYPES["docx"]),
        FileKind("odt", "ODT", ("odt",), archives.CONTENT_TYPES["odt"]),
        FileKind("pptx", "PPTX", ("pptx",), archives.CONTENT_TYPES["pptx"]),
        FileKind("odp", "ODP", ("odp",), archives.CONTENT_TYPES["odp"]),
        FileKind("xlsx", "XLSX", ("xlsx",), archives.CONTENT_TYPES["xlsx"]),
        FileKind("ods", "ODS", ("ods",), archives.CONTENT_TYPES["ods"]),
        FileKind("epub", "EPUB", ("epub",), archives.CONTENT_TYPES["epub"]),
        FileKind("txt", "TXT", ("txt",), "text/plain; charset=utf-8"),
        FileKind("csv", "CSV", ("csv",), "text/csv; charset=utf-8"),
        FileKind("jpeg", "JPEG", ("jpg", "jpeg", "jpe"), "image/jpeg", is_image=True),
        FileKind("png", "PNG", ("png",), "image/png", is_image=True),
        FileKind("webp", "WebP", ("webp",), "image/webp", is_image=True),
        FileKind("gif", "GIF", ("gif",), "image/gif", is_image=True),
        FileKind("mp3", "MP3", ("mp3",), "audio/mpeg"),
        FileKind("mp4", "MP4", ("mp4",), "video/mp4"),
    ]
}
# What `filetype` recognises that we take; anything else it recognises is refused.
_BY_MAGIC = {
    "application/pdf": "pdf",
    "image/jpeg": "jpeg",
    "image/png": "png",
    "image/apng": "png",
    "image/webp": "webp",
    "image/gif": "gif",
    "audio/mpeg": "mp3",
    "video/mp4": "mp4",
}
_TEXT_KINDS = ("txt", "csv")
# An MP3 without an ID3 tag starts with a frame: `filetype` knows only three of its headers.
_MPEG_AUDIO_FRAME = re.compile(rb"\A\xff[\xe2\xe3\xf2\xf3\xfa\xfb][\x10-\xeb]")  # layer III
# Binary formats whose first bytes must not read as a web page too (a PDF/HTML polyglot).
# Pictures are re-encoded anyway; the check only gives the true reason for the refusal.
_NO_MARKUP_IN_HEAD = ("pdf", "mp3", "mp4", "jpeg", "png", "webp", "gif")
_HEAD_BYTES = 8192

# Programs and scripts, recognised by how they start (after a byte-order mark or spaces).
_PROGRAM = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:#!|MZ(?=[\x00-\x1f\x80-\xff])|\x7fELF|\xca\xfe\xba\xbe"
    rb"|\xfe\xed\xfa[\xce\xcf]|[\xce\xcf]\xfa\xed\xfe|\x00asm|(?i:@\s*echo\s+off|<\?php))"
)
# Markup a browser would run: web pages, SVG, XML, server pages. In text, anywhere. A tag
# name must follow "<" at once, as in HTML, so "x < p" in a maths note is not a tag.
_MARKUP = re.compile(
    r"<(?:!doctype|!--|\?xml|\?php|%|(?:html|head|body|script|iframe|frame|frameset|svg|math|"
    r"object|embed|applet|meta|link|style|base|form|img|video|audio|template|title|"
    r"br|div|span|font|table|h[1-6])(?=[\s/>]))",
    re.IGNORECASE,
)
_BINARY_MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|svg|script|iframe|body|object|embed)\b", re.IGNORECASE
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_POLISH = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"


@dataclass(frozen=True)
class UploadPolicy:
    """What one kind of field takes: which types, how large, how its pictures are stored."""

    kinds: tuple[str, ...]
    max_bytes_setting: str
    image_side_setting: str
    thumbnail: bool

    @property
    def max_bytes(self) -> int:
        return getattr(upload_settings, self.max_bytes_setting)

    @property
    def allowed(self) -> str:
        return ", ".join(KINDS[code].label for code in self.kinds)

    @property
    def accept(self) -> str:
        """For the file input's accept attribute: the browser offers only these names."""
        return ",".join(f".{ext}" for code in self.kinds for ext in KINDS[code].extensions)


DOCUMENTS = UploadPolicy(
    kinds=tuple(code for code in KINDS if code != "gif"),
    max_bytes_setting="MAX_BYTES",
    image_side_setting="IMAGE_MAX_SIDE",
    thumbnail=True,
)
AVATAR = UploadPolicy(
    kinds=("jpeg", "png", "webp", "gif"),
    max_bytes_setting="AVATAR_MAX_BYTES",
    image_side_setting="AVATAR_SIDE",
    thumbnail=False,
)


@dataclass
class CheckedUpload:
    """A file that passed every check, ready for a service to store (only these are stored)."""

    content: File
    name: str
    kind: FileKind
    size: int
    thumbnail: ContentFile | None = field(default=None)


def check_upload(upload, *, policy: UploadPolicy = DOCUMENTS) -> CheckedUpload:
    """Check one uploaded file by its content and return what to store, or raise ValidationError."""
    name = os.path.basename((upload.name or "").replace("\\", "/"))
    _check_size(upload, name=name, limit=policy.max_bytes)
    upload.seek(0)
    head = upload.read(_HEAD_BYTES)
    upload.seek(0)
    if _PROGRAM.match(head):
        raise ValidationError(
            _("“%(name)s” is a program or a script. They are refused whatever the file is called."),
            code="program",
            params={"name": name},
        )
    kind, text = _detect(upload, head, name=name, policy=policy)
    if kind.code not in policy.kinds:
        raise _wrong_type(name, policy)
    _check_extension(name, kind)
    if kind.code in _NO_MARKUP_IN_HEAD and _BINARY_MARKUP.search(head):
        raise _markup(name)
    if kind.is_image:
        image, thumbnail = images.reencode_image(
            upload,
            name=name,
            max_side=getattr(upload_settings, policy.image_side_setting),
            thumbnail_side=upload_settings.THUMBNAIL_SIDE if policy.thumbnail else None,
        )
        webp = KINDS["webp"]
        return CheckedUpload(
            content=image,
            name=safe_filename(name, extension=webp.extension),
            kind=webp,
            size=image.size,
            thumbnail=thumbnail,
        )
    if text is not None:
        # Stored as UTF-8 whatever it came in, since it is served as UTF-8.
        content = ContentFile(text.encode("utf-8"))
        return CheckedUpload(
            content=content,
            name=safe_filename(name, extension=kind.extension),
            kind=kind,
            size=content.size,
        )
    upload.seek(0)
    return CheckedUpload(
        content=upload,
        name=safe_filename(name, extension=kind.extension),
        kind=kind,
        size=upload.size,
    )


def ensure_checked(upload) -> CheckedUpload:
    """Services call this on every file they store: only what check_upload() returned gets in,
    whichever way the call came (a form, the admin, a task, a shell)."""
    if not isinstance(upload, CheckedUpload):
        raise TypeError("Pass the file through core.uploads.check_upload() before storing it.")
    return upload


def _upload_help(policy: UploadPolicy = DOCUMENTS) -> str:
    return _("Allowed: %(allowed)s. At most %(limit)s per file.") % {
        "allowed": policy.allowed,
        "limit": filesizeformat(policy.max_bytes),
    }


# Lazy: a field's help text is built when its form class is, long before a request.
upload_help = lazy(_upload_help, str)


# --- detection ----------------------------------------------------------------


def _detect(upload, head: bytes, *, name: str, policy: UploadPolicy) -> tuple[FileKind, str | None]:
    """The kind of the file, and its text when it is a text file."""
    if head.startswith(b"PK\x03\x04"):
        if not set(policy.kinds) & set(archives.CONTENT_TYPES):
            raise _wrong_type(name, policy)  # no need to open what the field never takes
        return KINDS[archives.document_kind(upload, name=name)], None
    guessed = filetype.guess(head)
    if guessed is not None:
        code = _BY_MAGIC.get(guessed.mime)
        if code is None:
            raise _wrong_type(name, policy)
        return KINDS[code], None
    if _MPEG_AUDIO_FRAME.match(head):
        return KINDS["mp3"], None
    text = _read_text(upload, name=name)
    return KINDS["csv" if _declared_extension(name) == "csv" else "txt"], text


def _read_text(upload, *, name: str) -> str:
    """The text of a plain-text file, or a refusal: it must decode and hold no markup."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    text = _decode(data)
    if text is None:
        raise ValidationError(
            _(
                "“%(name)s” is not a text file we can read: text must be in UTF-8 or a Polish "
                "encoding (Windows-1250, ISO-8859-2), without binary data."
            ),
            code="not_text",
            params={"name": name},
        )
    if _MARKUP.search(text):
        raise _markup(name)
    return text


def _decode(data: bytes) -> str | None:
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            return _clean_text(data, encoding)
    text = _clean_text(data, "utf-8")
    if text is not None:
        return text
    # Both Polish code pages decode almost any byte; the one that yields Polish letters wins.
    candidates = [_clean_text(data, encoding) for encoding in ("cp1250", "iso-8859-2")]
    candidates = [text for text in candidates if text is not None]
    if not candidates:
        return None
    return max(candidates, key=lambda text: sum(text.count(letter) for letter in _POLISH))


def _clean_text(data: bytes, encoding: str) -> str | None:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return None if _CONTROL.search(text) else text


# --- the refusals -------------------------------------------------------------


def _check_size(upload, *, name: str, limit: int) -> None:
    if getattr(upload, "too_large", False) or upload.size > limit:
        raise ValidationError(
            _("The file “%(name)s” is larger than %(limit)s."),
            code="too_big",
            params={"name": name, "limit": filesizeformat(limit)},
        )
    if upload.size == 0:
        raise ValidationError(
            _("The file “%(name)s” is empty."), code="empty", params={"name": name}
        )


def _wrong_type(name: str, policy: UploadPolicy) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is not a type of file accepted here. Allowed: %(allowed)s."),
        code="file_type",
        params={"name": name, "allowed": policy.allowed},
    )


def _markup(name: str) -> ValidationError:
    return ValidationError(
        _(
            "“%(name)s” contains a web page (HTML, SVG or XML), which could run code in a "
            "reader's browser. Such files are refused whatever they are called; save it as PDF."
        ),
        code="markup",
        params={"name": name},
    )


def _declared_extension(name: str) -> str:
    return os.path.splitext(name)[1].lstrip(".").lower()


def _check_extension(name: str, kind: FileKind) -> None:
    declared = _declared_extension(name)
    if declared and declared not in kind.extensions:
        raise ValidationError(
            _(
                "“%(name)s” is called .%(declared)s but it is a %(actual)s file. "
                "Rename it to .%(expected)s or save it again as .%(declared)s."
            ),
            code="extension",
            params={
                "name": name,
                "declared": declared,
                "actual": kind.label,
                "expected": kind.extension,
            },
        )


# --- names, the request, serving ----------------------------------------------


def safe_filename(name: str, *, extension: str) -> str:
    """A name that is harmless everywhere: no path, no control characters, the right extension."""
    base = os.path.basename((name or "").replace("\\", "/"))
    stem = os.path.splitext(base)[0]
    stem = unicodedata.normalize("NFC", stem)
    stem = re.sub(r"[^\w\s.-]", "", stem, flags=re.UNICODE).strip(" .-_")
    stem = re.sub(r"\s+", " ", stem)[:100] or "plik"
    return f"{stem}.{extension}"


class SizeLimitUploadHandler(TemporaryFileUploadHandler):
    """Stop keeping a file's bytes once it passes the upload limit.

    The rest of the request is still parsed, so the form gets every other
    field and a truncated file marked `too_large`; check_upload() then says what
    the limit is and nothing typed is lost.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > upload_settings.MAX_BYTES:
            return None
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size):
        upload = super().file_complete(min(file_size, upload_settings.MAX_BYTES))
        upload.too_large = self.received > upload_settings.MAX_BYTES
        return upload
