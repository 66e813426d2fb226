"""What a server's parent process loads before it forks its workers, so that no worker's
first requests pay for it: gunicorn forks a fresh worker every `max_requests` requests,
and each used to import every app's URLs and views, the Redis client, hash the code for
the fragment keys (core.fragments.code_version) and compile the templates again — a
tenth of the CPU of a run of replies went to imports alone. Forked workers share what
the parent loaded (copy-on-write).

Nothing here opens a connection: a database or Redis connection must not be shared by
forked processes.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import get_resolver

from core import fragments, search


def templates() -> list[str]:
    """The names of the project's templates (its own folders and its apps'; not Django's)."""
    folders = [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]]
    folders += [
        Path(config.path) / "templates"
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR)
    ]
    return sorted(
        {
            path.relative_to(folder).as_posix()
            for folder in folders
            if folder.is_dir()
            for path in folder.rglob("*")
            if path.suffix in (".html", ".txt")
        }
    )


def warm_up() -> None:
    search.warm_up()  # simplemma's Polish dictionary: seconds
    get_resolver().url_patterns  # noqa: B018 (imports every app's URLs and views)
    for alias in settings.CACHES:
        caches[alias]  # the backends' modules (the Redis client); no connection yet
    fragments.code_version()
    for name in templates():
        try:
            get_template(name)  # compiled once, kept by the cached template loader
        except (TemplateDoesNotExist, TemplateSyntaxError):
            # allauth's social-account snippets, overridden but never used (that app is
            # not installed): a request that asked for one would fail the same way.
            continue
