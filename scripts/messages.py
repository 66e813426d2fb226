"""Refresh the .po files of the project and of each app, then compile them."""

import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
APPS = ["core", "accounts", "notifications", "networks", "forums", "resources", "evaluation"]
IGNORE = ["--ignore=.venv/*", "--ignore=.data/*", "--ignore=staticfiles/*", "--ignore=tests/*"]


def run(*args: str, cwd: Path) -> None:
    subprocess.run([sys.executable, str(BASE_DIR / "manage.py"), *args], cwd=cwd, check=True)


def main() -> None:
    # Project-wide strings (config/, templates/) go to locale/, each app's to <app>/locale/.
    app_ignores = [f"--ignore={app}/*" for app in APPS]
    run(
        "makemessages", "-l", "pl", "-l", "en", "--no-obsolete", *IGNORE, *app_ignores, cwd=BASE_DIR
    )
    for app in APPS:
        if (BASE_DIR / app / "locale").exists():
            run("makemessages", "-l", "pl", "-l", "en", "--no-obsolete", cwd=BASE_DIR / app)
    run("compilemessages", "--ignore=.venv", cwd=BASE_DIR)


if __name__ == "__main__":
    main()
