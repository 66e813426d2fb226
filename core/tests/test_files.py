"""The private storage and the one response that serves stored files."""

import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.checks import run_checks
from django.core.files.base import ContentFile
from django.http import HttpResponse
from storages.backends.s3 import S3Storage

from core.files import download_headers, file_response, private


@pytest.fixture
def stored(settings):
    """A FieldFile-like pair (storage, name) of a text file in the private storage."""

    class Stored:
        storage = private
        name = private.save("resources/abc/Scenariusz źródła.txt", ContentFile(b"tajne"))

        @property
        def path(self):
            return private.path(self.name)

        def open(self, mode="rb"):
            return private.open(self.name, mode)

    return Stored()


def test_private_files_are_stored_outside_media_root_and_have_no_url(settings, stored):
    assert Path(stored.path).is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    assert not (Path(settings.MEDIA_ROOT) / stored.name).exists()
    with pytest.raises(ValueError):
        private.url(stored.name)


def test_private_storage_follows_the_root_of_each_test(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "elsewhere"
    assert private.path("a.txt") == str(tmp_path / "elsewhere" / "a.txt")


def _assert_safe_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Cache-Control"].startswith("private")


def test_development_streams_the_file_with_safe_headers(settings, stored):
    settings.SIECI_FILE_SERVING = "django"
    response = file_response(stored, filename="Scenariusz źródła.txt", content_type="text/plain")
    assert b"".join(response.streaming_content) == b"tajne"
    _assert_safe_headers(response)
    assert "X-Accel-Redirect" not in response
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Scenariusz%20%C5%BAr%C3%B3d%C5%82a.txt"
    )


def test_x_accel_hands_the_bytes_to_nginx(settings, stored):
    settings.SIECI_FILE_SERVING = "x-accel"
    response = file_response(stored, filename="Scenariusz źródła.txt", content_type="text/plain")
    assert response.content == b""
    assert response["X-Accel-Redirect"] == (
        "/protected/resources/abc/Scenariusz%20%C5%BAr%C3%B3d%C5%82a.txt"
    )
    assert response["Content-Type"] == "text/plain"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    _assert_safe_headers(response)


def test_x_sendfile_names_the_absolute_path(settings, stored):
    settings.SIECI_FILE_SERVING = "x-sendfile"
    response = file_response(stored, filename="a.txt", content_type="text/plain")
    assert response.content == b""
    assert response["X-Sendfile"].encode("latin-1") == os.fsencode(stored.path)
    _assert_safe_headers(response)


def test_s3_redirects_to_a_short_lived_signed_url(settings):
    settings.SIECI_FILE_SERVING = "s3"
    settings.SIECI_FILE_URL_EXPIRY = 60
    storage = S3Storage(
        bucket_name="sieci-private",
        access_key="AKIAEXAMPLE",
        secret_key="secret",
        region_name="eu-central-1",
        location="private",
        querystring_auth=True,
    )

    class Stored:
        name = "forums/2026/12/plan.pdf"

    Stored.storage = storage
    response = file_response(Stored(), filename="plan lekcji.pdf", content_type="application/pdf")
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    query = parse_qs(url.query)
    assert url.path.endswith("/private/forums/2026/12/plan.pdf")
    assert query["X-Amz-Expires"] == ["60"]
    assert "X-Amz-Signature" in query
    assert query["response-content-disposition"][0].startswith("attachment;")
    assert query["response-content-type"] == ["application/pdf"]
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    ("content_type", "disposition"),
    [("image/webp", "inline"), ("application/pdf", "inline"), ("text/plain", "attachment")],
)
def test_only_images_and_pdfs_open_in_the_browser(settings, stored, content_type, disposition):
    settings.SIECI_FILE_SERVING = "x-accel"
    response = file_response(stored, filename="x", content_type=content_type, inline=True)
    assert response["Content-Disposition"].startswith(disposition)
    assert "sandbox" in response["Content-Security-Policy"]


def test_public_files_may_be_kept_by_shared_caches(settings, stored):
    settings.SIECI_FILE_SERVING = "x-accel"
    response = file_response(stored, filename="a.txt", content_type="text/plain", public=True)
    assert response["Cache-Control"].startswith("public")


def test_unknown_serving_mode_is_refused_by_a_system_check(settings):
    settings.SIECI_FILE_SERVING = "ftp"
    assert "core.E001" in {error.id for error in run_checks()}


def test_private_root_inside_media_root_is_refused_by_a_system_check(settings):
    settings.PRIVATE_MEDIA_ROOT = Path(settings.MEDIA_ROOT) / "private"
    assert "core.E003" in {error.id for error in run_checks()}


def test_the_settings_pass_the_private_files_checks():
    ids = {error.id for error in run_checks()}
    assert not ids & {"core.E001", "core.E002", "core.E003"}


def test_files_built_per_request_are_saved_with_their_name_and_not_kept_by_caches():
    response = download_headers(HttpResponse(b"a;b"), filename="Ankieta końcowa.csv")
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Ankieta%20ko%C5%84cowa.csv"
    )
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
