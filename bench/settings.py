"""The real settings, with the ping view of bench/ceiling_urls.py added to the URLs.

Used by the benchmark's gunicorn and the query report
(DJANGO_SETTINGS_MODULE=bench.settings); nothing else differs from config.settings,
unless BENCH_NO_FRAGMENTS=1 (bench/spirit_compare.py's BENCH_UNCACHED): then the
fragment caches keep nothing, and every piece of a page is rendered for every request.
"""

import os

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.ceiling_urls"

if os.environ.get("BENCH_NO_FRAGMENTS") == "1":
    CACHES["fragments"] = CACHES["fragments_local"] = {  # noqa: F405
        "BACKEND": "django.core.cache.backends.dummy.DummyCache"
    }
