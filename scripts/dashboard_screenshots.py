"""The README's dashboard screenshots: each demo role's first screen at 1280 and 360 px.

    DEBUG=1 DATABASE_URL=... .venv/bin/python manage.py seed_demo
    DEBUG=1 DATABASE_URL=... .venv/bin/python manage.py runserver 127.0.0.1:8099
    .venv/bin/python scripts/dashboard_screenshots.py http://127.0.0.1:8099

Writes docs/screenshots/dashboard-<role>-<width>.png (Debian's chromium, headless).
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PASSWORD = "sieci-demo-2026"  # noqa: S105 (the public demo login of accounts/demo.py)
ROLES = {
    "koordynator": "koordynator@example.org",
    "nauczycielka": "nauczycielka@example.org",
    "bibliotekarz": "bibliotekarz@example.org",
    "personel": "admin@example.org",
}
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main(base: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        for name, email in ROLES.items():
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="pl-PL")
            page = context.new_page()
            page.goto(f"{base}/accounts/login/")
            page.fill("input[name=login]", email)
            page.fill("input[name=password]", PASSWORD)
            page.click("form button[type=submit]")
            page.wait_for_load_state("networkidle")
            page.goto(f"{base}/")
            page.screenshot(path=OUT / f"dashboard-{name}-1280.png", full_page=True)
            page.set_viewport_size({"width": 360, "height": 780})
            page.reload()
            page.screenshot(path=OUT / f"dashboard-{name}-360.png", full_page=True)
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"))
