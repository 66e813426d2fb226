#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if not os.environ.get("DATABASE_URL") and os.environ.get("DEBUG"):
        # Local convenience: the same embedded PostgreSQL that `make run` uses.
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "scripts"))
        from devdb import ensure_database_url

        ensure_database_url()
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        # Django keeps a settings error to itself and fails later with another one
        # ("Models aren't loaded yet" from makemigrations): say the real one.
        settings.INSTALLED_APPS  # noqa: B018
    except ImproperlyConfigured as error:
        sys.exit(
            f"Settings: {error}\n"
            "Locally, run with DEBUG=1 (make run and make test do); in production, set the "
            "variables listed in .env.example."
        )
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
