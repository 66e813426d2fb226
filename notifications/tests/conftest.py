import pytest

from notifications import digest


@pytest.fixture
def digest_sections(monkeypatch):
    """Only the sections a test registers run (other apps' sections are set aside)."""
    monkeypatch.setattr(digest, "_sections", {})
    return digest
