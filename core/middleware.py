"""Requests no page can answer are refused before any view sees them."""

from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse

from core.views import bad_request


class RejectUnusableInputMiddleware:
    """Answer 400 to a URL carrying a NUL byte or a query string that is not UTF-8.

    PostgreSQL cannot hold NUL in text, so a NUL in a search box, a filter or a
    token would reach the database as an error (a 500); and a query string that is
    not UTF-8 comes from a broken link or a hand-made request, never from our own
    pages — Django would silently turn it into U+FFFD and search for that. Views
    still clean what they read (core.search.clean_query, forms' own validation); this
    only spares each of them the same two checks. Form bodies are left to the forms,
    which answer a NUL with a message next to the field.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _unusable(request):
            return bad_request(request)
        return self.get_response(request)


def _unusable(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    raw = unquote_to_bytes(request.META.get("QUERY_STRING", "").replace("+", " "))
    if b"\x00" in raw:
        return True
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False
