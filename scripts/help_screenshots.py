"""Take the screenshots of the help guides (static/help/<language>/*.png) from the real pages.

Run against a local server with the demo data (`manage.py seed_demo`), e.g.:

    DEBUG=1 python manage.py runserver 127.0.0.1:8765 &
    DEBUG=1 python scripts/help_screenshots.py http://127.0.0.1:8765

It adds one demo newcomer ("Ewa Nowak", invited to a network) so the pages of a
first login have something to show, then drives headless Chromium as the tests
do (tests/e2e/conftest.py), 1000 × 625 px, and shrinks each PNG to a palette.
"""

import os
import sys
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from PIL import Image  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from accounts.demo import DEMO_PASSWORD  # noqa: E402
from accounts.models import User  # noqa: E402
from networks.models import CalendarFeed, Invitation, InvitationStatus, Network  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
OUT = ROOT / "static" / "help"
SIZE = {"width": 1000, "height": 625}
NEWCOMER = "ewa.nowak@example.org"
NETWORK = "matematyka-w-klasach-1-3"


def prepare_newcomer() -> None:
    coordinator = User.objects.get(email="koordynator@example.org")
    ewa, created = User.objects.get_or_create(
        email=NEWCOMER,
        defaults={
            "display_name": "Ewa Nowak",
            "institution_name": "Szkoła Podstawowa nr 3 w Lublinie",
            "professional_role": "teacher",
        },
    )
    if created:
        ewa.set_password(DEMO_PASSWORD)
        ewa.save()
    EmailAddress.objects.get_or_create(
        user=ewa, email=NEWCOMER, defaults={"verified": True, "primary": True}
    )
    CalendarFeed.objects.get_or_create(user=ewa)
    network = Network.objects.get(slug="czytelnictwo-w-bibliotece")
    Invitation.objects.get_or_create(
        network=network,
        email=NEWCOMER,
        status=InvitationStatus.PENDING,
        defaults={"invited_by": coordinator, "message": "Zapraszam!"},
    )


def save(page, name: str, language: str) -> None:
    image = Image.open(BytesIO(page.screenshot())).convert("RGB")
    # A 64-colour palette keeps UI screenshots sharp and around a tenth of the size.
    small = image.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    path = OUT / language / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    small.save(path, optimize=True)
    print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KiB")


def log_in(context, email: str) -> None:
    page = context.new_page()
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    page.wait_for_load_state()
    page.close()


def shoot(browser, base_url: str, language: str) -> None:
    def context_for(email: str | None):
        context = browser.new_context(base_url=base_url, viewport=SIZE, locale="pl-PL")
        context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
        if email:
            log_in(context, email)
        return context

    anonymous = context_for(None)
    page = anonymous.new_page()
    page.goto("/accounts/signup/")
    page.locator("#id_display_name").fill("Ewa Nowak")
    page.locator("#id_email").fill(NEWCOMER)
    page.locator("#id_institution_name").fill("Szkoła Podstawowa nr 3 w Lublinie")
    page.locator("#id_professional_role").select_option("teacher")
    save(page, "signup", language)
    page.goto("/materialy/")
    save(page, "bank", language)
    anonymous.close()

    newcomer = context_for(NEWCOMER)
    page = newcomer.new_page()
    page.goto("/sieci/moje/")
    save(page, "invitations", language)
    page.goto("/profil/")
    save(page, "first-steps", language)
    newcomer.close()

    coordinator = context_for("koordynator@example.org")
    page = coordinator.new_page()
    for path, name in (
        (f"/sieci/{NETWORK}/koordynacja/", "network-manage"),
        (f"/sieci/{NETWORK}/plan/", "plan"),
        (f"/sieci/{NETWORK}/spotkania/nowe/", "meeting-create"),
    ):
        page.goto(path)
        save(page, name, language)
    coordinator.close()

    teacher = context_for("nauczycielka@example.org")
    page = teacher.new_page()
    page.goto("/sieci/")
    save(page, "catalogue", language)
    page.goto(f"/sieci/{NETWORK}/dyskusje/watek/1/")
    # The last posts and the reply box under them, as the guide describes.
    page.locator("main form textarea").last.evaluate(
        "box => window.scrollTo(0, box.getBoundingClientRect().top + window.scrollY - 380)"
    )
    save(page, "thread", language)
    page.goto(f"/materialy/siec/{NETWORK}/dodaj/")
    save(page, "material-add", language)
    teacher.close()

    librarian = context_for("bibliotekarz@example.org")
    page = librarian.new_page()
    page.goto("/materialy/1/")
    save(page, "resource", language)
    librarian.close()


def main(base_url: str) -> None:
    prepare_newcomer()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for language in ("pl", "en"):
            shoot(browser, base_url, language)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8765")
