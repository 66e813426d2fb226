"""The real settings, with the ping view of bench/ceiling_urls.py added to the URLs.

Used by the benchmark's gunicorn and the query report
(DJANGO_SETTINGS_MODULE=bench.settings); nothing else differs from config.settings.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.ceiling_urls"
