import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.uploads import check_size, detect_kind, safe_filename


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format=fmt)
    return buffer.getvalue()


ACCEPTED = {
    "pdf": b"%PDF-1.7\n...",
    "png": image_bytes("PNG"),
    "jpeg": image_bytes("JPEG"),
    "webp": image_bytes("WEBP"),
    "mp3": b"ID3\x04\x00\x00\x00\x00\x00\x00",
    "mp4": b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00",
    "docx": zipped({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"}),
    "pptx": zipped({"[Content_Types].xml": b"<x/>", "ppt/presentation.xml": b"<x/>"}),
    "xlsx": zipped({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"}),
    "odt": zipped({"mimetype": b"application/vnd.oasis.opendocument.text"}),
    "odp": zipped({"mimetype": b"application/vnd.oasis.opendocument.presentation"}),
    "ods": zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
    "txt": "Zażółć gęślą jaźń — notatki".encode(),
}


@pytest.mark.parametrize(("code", "content"), ACCEPTED.items())
def test_allowed_types_are_recognised_by_content_whatever_the_name(code, content):
    assert detect_kind(SimpleUploadedFile("bez-rozszerzenia.exe", content)).code == code


REFUSED = {
    "html": b"<!DOCTYPE html><html><script>alert(1)</script></html>",
    "html-no-doctype": b"<html><body>x</body></html>",
    "svg": b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>',
    "svg-bare": b'<svg onload="alert(1)"></svg>',
    "exe": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00",
    "elf": b"\x7fELF\x02\x01\x01\x00",
    "zip": zipped({"a.txt": b"x"}),
    "gzip": b"\x1f\x8b\x08\x00\x00\x00",
    "binary": bytes(range(256)),
}


@pytest.mark.parametrize(("label", "content"), REFUSED.items())
def test_html_svg_programs_and_archives_are_refused_with_the_allowed_list(label, content):
    with pytest.raises(ValidationError) as error:
        detect_kind(SimpleUploadedFile("scenariusz.pdf", content))
    assert "PDF, DOCX" in str(error.value.messages)


def test_size_limit_message_says_the_limit(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        check_size(SimpleUploadedFile("duzy.pdf", b"x" * 2048))
    assert "1,0" in error.value.messages[0] or "1.0" in error.value.messages[0]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd.pdf"),
        ("C:\\Users\\ala\\Scenariusz lekcji.PDF", "Scenariusz lekcji.pdf"),
        ('zły"<script>.pdf', "złyscript.pdf"),
        ("...", "plik.pdf"),
        ("a\x00b\nc.pdf", "ab c.pdf"),
    ],
)
def test_file_names_are_sanitised(name, expected):
    assert safe_filename(name, extension="pdf") == expected


@pytest.mark.django_db
def test_oversized_upload_keeps_the_other_fields_and_is_flagged(client, settings, rf):
    from django.http import HttpResponse
    from django.urls import path

    settings.UPLOAD_MAX_BYTES = 100_000
    seen = {}

    def view(request):
        seen["title"] = request.POST.get("title")
        upload = request.FILES["file"]
        seen["too_large"] = upload.too_large
        seen["stored"] = upload.size
        return HttpResponse("ok")

    settings.ROOT_URLCONF = type("U", (), {"urlpatterns": [path("u/", view)]})
    client.post(
        "/u/", {"title": "Mój scenariusz", "file": SimpleUploadedFile("a.pdf", b"x" * 300_000)}
    )
    assert seen == {"title": "Mój scenariusz", "too_large": True, "stored": 100_000}
