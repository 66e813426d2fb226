"""Office, ODF and EPUB documents are ZIP archives: what they are, and whether they are safe to open.

The type comes from what the archive declares about itself ([Content_Types].xml
for Office, the `mimetype` entry for ODF and EPUB), never from the name. Before
anything is read the archive's own directory is held to the limits (parts, total
unpacked size, compression ratio), so a zip bomb is refused without inflating
it; then every part is read once, within the sizes it declared, to prove the
archive is whole (a part that lies about its size fails its checksum).
"""

import zipfile
import zlib

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.app_settings import upload_settings

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "epub": "application/epub+zip",
}
# The content type of an Office document's main part names its kind.
_OFFICE_MAIN_PARTS = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
}
_OFFICE_MACROS = (
    b"application/vnd.ms-word.document.macroEnabled.main+xml",
    b"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    b"application/vnd.ms-office.vbaProject",
)
_BY_MIMETYPE_ENTRY = {CONTENT_TYPES[code].encode(): code for code in ("odt", "odp", "ods", "epub")}
# A part this small cannot be a bomb, whatever its ratio (a page of spaces packs 100×).
_RATIO_APPLIES_FROM = 1024 * 1024
_READ_CHUNK = 1024 * 1024


def document_kind(upload, *, name: str) -> str:
    """The code of the document kind a ZIP upload is (docx, odt, …), or a ValidationError."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            parts = archive.infolist()
            _check_limits(parts, name=name)
            code = _declared_kind(archive, name=name)
            _read_every_part(archive, parts)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError):
        # RuntimeError is zipfile's answer to a password-protected part.
        raise ValidationError(
            _("The document “%(name)s” is damaged or password-protected and cannot be opened."),
            code="broken_document",
            params={"name": name},
        ) from None
    finally:
        upload.seek(0)
    return code


def _check_limits(parts: list[zipfile.ZipInfo], *, name: str) -> None:
    limit = upload_settings.ARCHIVE_MAX_ENTRIES
    if len(parts) > limit:
        raise ValidationError(
            _("The document “%(name)s” has more than %(limit)s parts inside."),
            code="archive_entries",
            params={"name": name, "limit": limit},
        )
    limit = upload_settings.ARCHIVE_MAX_UNPACKED_BYTES
    if sum(part.file_size for part in parts) > limit:
        raise ValidationError(
            _("The document “%(name)s” unpacks to more than %(limit)s."),
            code="archive_size",
            params={"name": name, "limit": filesizeformat(limit)},
        )
    limit = upload_settings.ARCHIVE_MAX_RATIO
    for part in parts:
        if part.file_size >= _RATIO_APPLIES_FROM and part.file_size > limit * max(
            part.compress_size, 1
        ):
            raise ValidationError(
                _(
                    "The document “%(name)s” is compressed more than %(limit)s times, "
                    "as zip bombs are. Save it again from your office program."
                ),
                code="archive_ratio",
                params={"name": name, "limit": limit},
            )


def _declared_kind(archive: zipfile.ZipFile, *, name: str) -> str:
    names = set(archive.namelist())
    if "mimetype" in names:
        with archive.open("mimetype") as entry:
            code = _BY_MIMETYPE_ENTRY.get(entry.read(100).strip())
        if code and any(n.startswith(("Basic/", "Scripts/")) for n in names):
            raise _macros(name)
        if code:
            return code
    if "[Content_Types].xml" in names:
        with archive.open("[Content_Types].xml") as entry:
            declared = entry.read(_READ_CHUNK)
        if any(macro in declared for macro in _OFFICE_MACROS) or any(
            n.lower().endswith("vbaproject.bin") for n in names
        ):
            raise _macros(name)
        for content_type, code in _OFFICE_MAIN_PARTS.items():
            if content_type in declared:
                return code
    raise ValidationError(
        _(
            "“%(name)s” is a ZIP archive, not a document. Archives are refused; "
            "upload the files themselves."
        ),
        code="archive",
        params={"name": name},
    )


def _read_every_part(archive: zipfile.ZipFile, parts: list[zipfile.ZipInfo]) -> None:
    # zipfile never inflates a part past its declared size and checks its CRC at the end,
    # so this costs at most the total checked above.
    for part in parts:
        with archive.open(part) as entry:
            while entry.read(_READ_CHUNK):
                pass


def _macros(name: str) -> ValidationError:
    return ValidationError(
        _(
            "“%(name)s” contains macros, which are programs. Save it without macros "
            "(for example as DOCX rather than DOCM) and upload it again."
        ),
        code="macros",
        params={"name": name},
    )
