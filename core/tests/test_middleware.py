"""A URL no page can answer (NUL bytes, a query string that is not UTF-8) gets a 400, not a 500."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/materialy/?q=%00",
        "/materialy/?q=ab%00cd",
        "/materialy/?subject=%00",
        "/materialy/?%00=1",
        "/materialy/?q=%ff%fe",
        "/materialy/?q=%ed%a0%80",  # a lone surrogate, encoded
        "/sieci/zaproszenie/ab%00cd/",
        "/powiadomienia/wypisz/%00/",
    ],
)
def test_unusable_urls_get_a_translated_bad_request_page(client, url):
    response = client.get(url)
    assert response.status_code == 400
    page = response.content.decode()
    # Polish once the lead merges scripts/translations/fuzz.py into the catalogue.
    assert "Błędne żądanie" in page or "Bad request" in page


def test_ordinary_polish_and_odd_but_valid_unicode_pass(client):
    for query in ("źródła", "z\u0301rodla", "\u200f\u202eabc", "😀", "'"):
        assert client.get("/materialy/", {"q": query}).status_code == 200
