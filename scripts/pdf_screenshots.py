"""Refresh docs/screenshots/annual-report.png and certificate.png from the demo data.

    DEBUG=1 DATABASE_URL=... .venv/bin/python scripts/pdf_screenshots.py

After `manage.py seed_demo`: builds the library network's annual report for the previous
school year and the demo librarian's certificate (issued inside a rolled-back transaction,
so the database is left as it was), and photographs the first page of each as chromium's
PDF viewer shows it (/usr/bin/chromium, as the browser tests use; no poppler needed).
"""

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import translation  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from accounts.models import User  # noqa: E402
from evaluation import reports  # noqa: E402
from networks import certificates  # noqa: E402
from networks.demo import LIBRARY_SLUG, library_start  # noqa: E402
from networks.models import Network  # noqa: E402

OUT = BASE_DIR / "docs" / "screenshots"


def pdfs() -> dict[str, bytes]:
    network = Network.objects.get(slug=LIBRARY_SLUG)
    start = library_start()
    with translation.override("pl"), transaction.atomic():
        data = reports.report_data(network=network, start=start, end=date(start.year + 1, 8, 31))
        user = User.objects.get(email="bibliotekarz@example.org")
        certificate = certificates.certificate_issue(user=user, network=network)
        verify = "https://sieci.example.org" + certificates.verify_path(certificate)
        files = {
            "annual-report.png": reports.report_pdf(data),
            "certificate.png": certificates.certificate_pdf(certificate, verify_url=verify),
        }
        transaction.set_rollback(True)
    return files


def main() -> None:
    files = pdfs()  # before Playwright starts its event loop (Django refuses queries inside it)
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--headless=new"]
        )
        page = browser.new_page(viewport={"width": 760, "height": 1060})
        for name, content in files.items():
            pdf = Path(folder) / f"{name}.pdf"
            pdf.write_bytes(content)
            page.goto(f"file://{pdf}#toolbar=0&navpanes=0&view=FitH")
            page.wait_for_timeout(3000)
            page.screenshot(path=OUT / name)
            print(f"wrote {OUT / name}")
        browser.close()


if __name__ == "__main__":
    main()
