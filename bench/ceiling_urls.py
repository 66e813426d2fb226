"""The site's URLs plus /bench/ping/: the framework's ceiling, measured on the same server.

bench/settings.py points ROOT_URLCONF here, so the benchmark needs no change to
config/: the ping goes through the whole middleware stack (session, user,
language, CSRF, CSP…) and returns a constant body without touching the
application. Every other URL, and the error handlers, are the real ones.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from config import urls as site_urls


def ping(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/ping/", ping, name="bench_ping"),
    path("", include(site_urls)),
]

handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500
