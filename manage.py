#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys

# Commands that read and write only the code (migrations, translations): run with no
# environment at all (a fresh checkout, a pre-commit hook) they use the development
# settings rather than refuse for want of production's SECRET_KEY, which they never use.
# A server has DJANGO_ENV=production in its environment file, so nothing changes there.
CODE_ONLY_COMMANDS = {"makemigrations", "makemessages", "compilemessages"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command in CODE_ONLY_COMMANDS and not (
        os.environ.get("DJANGO_ENV") or os.environ.get("DEBUG")
    ):
        os.environ["DJANGO_ENV"] = "development"
    development = os.environ.get("DEBUG") or os.environ.get("DJANGO_ENV") == "development"
    if not os.environ.get("DATABASE_URL") and development:
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
