"""core.staticfiles: the hashed URLs of whitenoise's storage, each worked out once."""

import pytest
from whitenoise.storage import CompressedManifestStaticFilesStorage

from core.staticfiles import StaticFilesStorage


def _storages(tmp_path):
    made = []
    for cls in (CompressedManifestStaticFilesStorage, StaticFilesStorage):
        storage = cls(location=tmp_path, base_url="/static/")
        storage.hashed_files = {"css/sieci.css": "css/sieci.0123abcd.css"}
        made.append(storage)
    return made


def test_the_same_urls_as_whitenoise_and_each_worked_out_once(tmp_path, settings, monkeypatch):
    settings.DEBUG = False
    plain, ours = _storages(tmp_path)
    assert (
        ours.url("css/sieci.css") == plain.url("css/sieci.css") == "/static/css/sieci.0123abcd.css"
    )
    assert ours.url("css/sieci.css?v#x") == plain.url("css/sieci.css?v#x")
    monkeypatch.setattr(
        CompressedManifestStaticFilesStorage,
        "url",
        lambda *args, **kwargs: pytest.fail("worked out again"),
    )
    assert ours.url("css/sieci.css") == "/static/css/sieci.0123abcd.css"


def test_a_file_missing_from_the_manifest_fails_every_time(tmp_path, settings):
    settings.DEBUG = False
    _plain, ours = _storages(tmp_path)
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            ours.url("css/missing.css")
