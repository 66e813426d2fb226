"""Refresh the .po files of the project and of each app, fill Polish from the tables, compile.

The Polish translations of new strings are kept as Python dicts in scripts/translations/*.py
(`PL = {msgid: msgstr or [plural forms]}`); every table is offered to every Polish .po file,
so a string moved between apps keeps its translation. Entries still untranslated are printed.
"""

import os
import runpy
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR / "scripts"))

from fill_translations import fill  # noqa: E402

APPS = ["core", "accounts", "notifications", "networks", "forums", "resources", "evaluation"]
# .venv-spirit: django-spirit for bench/spirit_compare.py, with its own catalogues.
IGNORE = [
    "--ignore=.venv/*",
    "--ignore=.venv-spirit/*",
    "--ignore=.data/*",
    "--ignore=staticfiles/*",
    "--ignore=tests/*",
]


def run(*args: str, cwd: Path) -> None:
    # A local tool: development settings (production ones would ask for SECRET_KEY).
    env = {**os.environ, "DJANGO_ENV": "development", "DEBUG": "1"}
    subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), *args], cwd=cwd, check=True, env=env
    )


def polish_table() -> dict:
    table: dict = {}
    for path in sorted((BASE_DIR / "scripts" / "translations").glob("*.py")):
        table.update(runpy.run_path(str(path))["PL"])
    return table


def main() -> None:
    # Project-wide strings (config/, templates/) go to locale/, each app's to <app>/locale/.
    app_ignores = [f"--ignore={app}/*" for app in APPS]
    run(
        "makemessages", "-l", "pl", "-l", "en", "--no-obsolete", *IGNORE, *app_ignores, cwd=BASE_DIR
    )
    for app in APPS:
        if (BASE_DIR / app / "locale").exists():
            run("makemessages", "-l", "pl", "-l", "en", "--no-obsolete", cwd=BASE_DIR / app)
    table = polish_table()
    for po_path in sorted(BASE_DIR.glob("**/locale/pl/LC_MESSAGES/django.po")):
        if any(part.startswith(".venv") for part in po_path.parts):
            continue
        fill(str(po_path), table, overwrite=False)
        # compilemessages skips a .mo newer than its .po; a merge can leave a stale one newer.
        po_path.with_suffix(".mo").unlink(missing_ok=True)
    run("compilemessages", "--ignore=.venv", "--ignore=.venv-spirit", cwd=BASE_DIR)


if __name__ == "__main__":
    main()
