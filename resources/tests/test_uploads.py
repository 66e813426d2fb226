"""Hostile uploads are refused cleanly, by content and not by name; good files are kept."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from resources.models import Resource
from resources.tests.factories import pdf_file, png_file
from resources.uploads import inspect_upload


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def refused_code(file) -> str:
    with pytest.raises(ValidationError) as error:
        inspect_upload(file)
    return error.value.error_list[0].code


def test_html_named_pdf_is_refused():
    assert (
        refused_code(upload("lekcja.pdf", b"<!DOCTYPE html><html><script>alert(1)</script>"))
        == "file_type"
    )


def test_svg_named_pdf_is_refused():
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert refused_code(upload("obraz.pdf", svg)) == "file_type"


def test_pdf_that_is_also_a_web_page_is_refused():
    polyglot = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>"
    assert refused_code(upload("polyglot.pdf", polyglot)) == "file_type"


def test_jpeg_header_on_a_web_page_is_refused():
    polyglot = b"\xff\xd8\xff\xe0<html><script>alert(1)</script></html>" + b"x" * 100
    with pytest.raises(ValidationError):
        inspect_upload(upload("zdjecie.jpg", polyglot))


def test_executable_and_archive_are_refused():
    assert refused_code(upload("program.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200)) == "file_type"
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("virus.exe", b"MZ")
    assert refused_code(upload("archiwum.docx", archive.getvalue())) == "file_type"


def test_decompression_bomb_is_refused(settings):
    settings.UPLOAD_IMAGE_MAX_PIXELS = 1_000_000
    buffer = io.BytesIO()
    Image.new("1", (4000, 4000)).save(buffer, format="PNG")  # tiny file, 16 million pixels
    with pytest.raises(ValidationError):
        inspect_upload(upload("bomba.png", buffer.getvalue()))


def test_empty_file_is_refused():
    assert refused_code(upload("pusty.pdf", b"")) == "empty"


def test_file_over_the_limit_is_refused_with_the_limit_stated(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        inspect_upload(upload("duzy.pdf", b"%PDF-1.4\n" + b"0" * 5000))
    assert "1,0" in str(error.value.messages) or "1.0" in str(error.value.messages)


def test_path_in_the_name_is_dropped():
    checked = inspect_upload(pdf_file(name="../../etc/passwd.pdf"))
    assert checked.name == "passwd.pdf"
    assert "/" not in checked.name


def test_name_gets_the_extension_of_the_real_type():
    checked = inspect_upload(upload("notatki.exe", b"Zwykly tekst notatki z lekcji."))
    assert checked.name == "notatki.txt"
    assert checked.kind.code == "txt"


def test_image_is_reencoded_without_metadata_and_gets_a_thumbnail():
    checked = inspect_upload(png_file(size=(3000, 2000)))
    assert checked.kind.code == "webp"
    assert checked.thumbnail is not None
    with Image.open(checked.content) as image:
        assert max(image.size) <= 2400
    with Image.open(checked.thumbnail) as thumb:
        assert max(thumb.size) <= 480


@pytest.mark.django_db
def test_refused_upload_keeps_every_other_field(client, network, member):
    client.force_login(member)
    response = client.post(
        reverse("resources:add", kwargs={"network_slug": network.slug}),
        {
            "title": "Mój scenariusz",
            "description": "Opis, który pisałam pół godziny.",
            "resource_type": "lesson_scenario",
            "levels": ["primary_4_8"],
            "tags": "ułamki, gry",
            "licence": "cc-by-sa",
            "files": [upload("lekcja.pdf", b"<html><script>alert(1)</script></html>")],
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Mój scenariusz" in content
    assert "Opis, który pisałam pół godziny." in content
    assert "ułamki, gry" in content
    assert re.search(r'value="cc-by-sa"[^>]*checked', content)
    assert "PDF, DOCX" in content  # the message says what is allowed
    assert not Resource.objects.exists()


@pytest.mark.django_db
def test_too_large_upload_through_the_site_states_the_limit_and_keeps_the_fields(
    client, network, member, settings
):
    settings.UPLOAD_MAX_BYTES = 2048
    client.force_login(member)
    response = client.post(
        reverse("resources:add", kwargs={"network_slug": network.slug}),
        {
            "title": "Duża prezentacja",
            "description": "Opis prezentacji.",
            "resource_type": "presentation",
            "licence": "cc-by",
            "files": [upload("prezentacja.pdf", b"%PDF-1.4\n" + b"0" * 10_000)],
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "2,0" in content or "2.0" in content
    assert "Duża prezentacja" in content
    assert not Resource.objects.exists()
