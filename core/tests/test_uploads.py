"""The one upload check, rule by rule; core/tests/test_upload_corpus.py walks every field."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.tests import corpus
from core.uploads import AVATAR, check_upload, safe_filename

MB = corpus.MB


def refusal(upload, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        check_upload(upload, **kwargs)
    return error.value


@pytest.mark.parametrize("kind", corpus.VALID_DOCUMENTS)
def test_every_accepted_type_is_recognised_by_content(kind):
    upload = corpus.VALID_DOCUMENTS[kind]()
    expected = {"jpeg": "webp", "png": "webp", "txt-cp1250": "txt"}.get(kind, kind)
    assert check_upload(upload).kind.code == expected


def test_an_mp3_without_a_tag_is_known_by_its_first_frame():
    frame = b"\xff\xfa\x90\x64" + b"\x00" * 413  # MPEG-1 layer III with a checksum
    assert check_upload(corpus.upload("nagranie.mp3", frame * 3)).kind.code == "mp3"


def test_a_name_without_an_extension_gets_the_one_of_its_content():
    checked = check_upload(corpus.upload("scenariusz", corpus.pdf()))
    assert checked.name == "scenariusz.pdf"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("lekcja.txt", corpus.pdf()),
        ("oceny.xlsx", corpus.office("docx")),
        ("tekst.odt", corpus.odf("ods")),
        ("zdjecie.png", corpus.image("JPEG")),
        ("notatki.exe", b"Zwykla notatka z lekcji."),
    ],
)
def test_the_name_must_agree_with_the_content(name, content):
    error = refusal(corpus.upload(name, content))
    assert error.code == "extension"
    assert error.params["name"] == name


def test_several_names_of_one_type_are_all_accepted():
    for name in ("a.jpg", "a.jpeg", "a.JPG"):
        assert check_upload(corpus.upload(name, corpus.image("JPEG"))).kind.code == "webp"


def test_a_document_that_unpacks_past_the_limit_is_refused_from_its_directory(settings):
    settings.UPLOAD_ARCHIVE_MAX_UNPACKED_BYTES = 2 * MB
    content = corpus.office("docx", big={"word/media/a.xml": 3 * MB})
    error = refusal(corpus.upload("a.docx", content))
    assert error.code == "archive_size"
    assert error.params["limit"] == "2,0\xa0MB"  # filesizeformat keeps number and unit together


def test_a_part_packed_past_the_ratio_is_refused_even_under_the_total():
    content = corpus.odf("odt", big={"content2.xml": 20 * MB})  # 20 MB of spaces in 20 kB
    error = refusal(corpus.upload("a.odt", content))
    assert (error.code, error.params["limit"]) == ("archive_ratio", 100)


def test_a_small_part_may_pack_well():
    content = corpus.odf("odt", extra={"styles.xml": b" " * 500_000})
    assert check_upload(corpus.upload("a.odt", content)).kind.code == "odt"


def test_a_document_with_too_many_parts_is_refused(settings):
    settings.UPLOAD_ARCHIVE_MAX_ENTRIES = 50
    parts = {f"xl/worksheets/sheet{n}.xml": b"<x/>" for n in range(60)}
    error = refusal(corpus.upload("a.xlsx", corpus.office("xlsx", extra=parts)))
    assert (error.code, error.params["limit"]) == ("archive_entries", 50)


def test_a_part_that_lies_about_its_size_is_refused_as_damaged():
    content = bytearray(corpus.office("docx"))
    content[content.index(b"PK\x01\x02") - 40] ^= 0xFF  # a byte of a packed part
    assert refusal(corpus.upload("a.docx", bytes(content))).code == "broken_document"


def test_macros_in_an_opendocument_are_refused():
    content = corpus.odf("odt", extra={"Basic/Standard/Module1.xml": b"<script/>"})
    assert refusal(corpus.upload("a.odt", content)).code == "macros"


@pytest.mark.parametrize(
    "script",
    [b"#!/usr/bin/env python\nprint(1)\n", b"\xef\xbb\xbf#!/bin/bash\n", b"@ECHO OFF\r\ndel *\r\n"],
)
def test_scripts_are_refused_whatever_they_are_called(script):
    for name in ("a.txt", "a.csv", "a.pdf", "a"):
        assert refusal(corpus.upload(name, script)).code == "program"


@pytest.mark.parametrize(
    "text",
    [
        "<p onclick=x>zwykły akapit</p> <img src=x onerror=alert(1)>",
        "Notatka\n<!-- ukryte -->",
        "Notatka\n<iframe src=//example.invalid>",
        "  <?xml version='1.0'?><a/>",
    ],
)
def test_text_with_markup_anywhere_is_refused(text):
    assert refusal(corpus.upload("a.txt", text.encode())).code == "markup"


def test_maths_in_a_text_file_is_not_mistaken_for_markup():
    text = "Jeśli x < p i a<b, to 2 > 1; <3 ucznia.".encode()
    assert check_upload(corpus.upload("a.txt", text)).kind.code == "txt"


def test_text_in_iso_8859_2_is_read_and_stored_as_utf8():
    checked = check_upload(corpus.upload("a.txt", "Źródła: łąka, gęś".encode("iso-8859-2")))
    assert checked.content.read().decode() == "Źródła: łąka, gęś"


def test_utf16_text_with_a_byte_order_mark_is_read():
    checked = check_upload(corpus.upload("a.txt", "Zażółć".encode("utf-16")))
    assert checked.content.read().decode() == "Zażółć"


def test_a_polyglot_beyond_the_first_bytes_of_a_pdf_is_judged_by_its_head_only():
    # A browser that sniffs reads the first bytes; deeper markup in a PDF is a PDF's own business.
    content = corpus.pdf() + b"x" * 10_000 + b"<html>"
    assert check_upload(corpus.upload("a.pdf", content)).kind.code == "pdf"


def test_other_known_formats_are_refused_listing_what_is_allowed():
    rar = b"Rar!\x1a\x07\x00" + b"\x00" * 100
    error = refusal(corpus.upload("a.rar", rar))
    assert error.code == "file_type"
    assert error.params["allowed"].startswith("PDF, DOCX, ODT")


def test_the_size_limit_is_said_in_the_message(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    error = refusal(corpus.upload("duzy.pdf", corpus.pdf() + b"0" * 2000))
    assert error.code == "too_big"
    assert error.params == {"name": "duzy.pdf", "limit": "1,0\xa0KB"}


def test_the_avatar_has_its_own_smaller_limit(settings):
    settings.UPLOAD_AVATAR_MAX_BYTES = 100
    upload = corpus.upload("ja.png", corpus.noisy_image("PNG", (20, 20)))
    assert refusal(upload, policy=AVATAR).code == "too_big"
    assert check_upload(corpus.upload("ja.png", corpus.noisy_image("PNG", (20, 20)))).size


def test_a_path_in_the_name_is_dropped_from_messages_and_the_stored_name():
    error = refusal(corpus.upload("../../etc/passwd.txt", b""))
    assert error.params["name"] == "passwd.txt"
    assert check_upload(corpus.upload("C:\\Users\\ala\\plan.pdf", corpus.pdf())).name == "plan.pdf"


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
def test_oversized_upload_keeps_the_other_fields_and_is_flagged(client, settings):
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
