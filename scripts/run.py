"""`make run`: database, migrations, demo data, web server, Celery workers and beat.

Everything started here is stopped on Ctrl-C, the embedded database included.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from devdb import BASE_DIR, ensure_database_url

PYTHON = sys.executable
HOST, PORT = "127.0.0.1", os.environ.get("PORT", "8000")
DEMO_LOGINS = [
    ("koordynator@example.org", "koordynator sieci"),
    ("nauczycielka@example.org", "nauczycielka"),
    ("bibliotekarz@example.org", "bibliotekarz (uczestnik sieci bibliotek: zaświadczenie)"),
    ("admin@example.org", "personel platformy (panel administracyjny)"),
]


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, check=True)


def main() -> int:
    os.environ.setdefault("DEBUG", "1")
    started_database = ensure_database_url()
    data_dir = Path(os.environ.get("SIECI_DATA_DIR", BASE_DIR / ".data"))
    for folder in ("celery-broker", "celery-processed", "media"):
        (data_dir / folder).mkdir(parents=True, exist_ok=True)

    manage("migrate", "--no-input", "-v", "0")
    manage("seed_demo")

    celery = [PYTHON, "-m", "celery", "-A", "config"]
    processes = [
        subprocess.Popen([PYTHON, "manage.py", "runserver", f"{HOST}:{PORT}"], cwd=BASE_DIR),
        # One worker per queue, as in production: beat's claims never wait behind e-mail.
        subprocess.Popen(
            [*celery, "worker", "-l", "info", "-Q", "celery", "-c", "2", "-n", "main@%h"],
            cwd=BASE_DIR,
        ),
        subprocess.Popen(
            [*celery, "worker", "-l", "info", "-Q", "scheduled", "-c", "1", "-n", "scheduled@%h"],
            cwd=BASE_DIR,
        ),
        subprocess.Popen(
            [*celery, "beat", "-l", "info", "--schedule", str(data_dir / "celerybeat-schedule")],
            cwd=BASE_DIR,
        ),
    ]
    stopping = []
    # Ctrl-C reaches the whole process group; note it so that children exiting
    # because of it are not mistaken for a crash.
    signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    time.sleep(2)
    print_banner(started_database)
    try:
        while not stopping and all(p.poll() is None for p in processes):
            time.sleep(0.5)
        if stopping:
            print("\nStopping…", flush=True)
            return 0
        print("A process stopped; stopping the others.", file=sys.stderr)
        return 1
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        print(
            "Stopped the web server, the workers and beat"
            + (" and the embedded database." if started_database else ".")
        )


def print_banner(started_database: bool) -> None:
    line = "=" * 64
    print(f"\n{line}\n Sieci is running: http://{HOST}:{PORT}/\n")
    print(" Demo logins (password for all: sieci-demo-2026):")
    for email, role in DEMO_LOGINS:
        print(f"   {email:<28} {role}")
    database = "embedded PostgreSQL under .data/pg" if started_database else "DATABASE_URL"
    broker = (
        "Redis (REDIS_URL)" if os.environ.get("REDIS_URL") else "filesystem broker under .data/"
    )
    print(f"\n Database: {database}. Celery broker: {broker}.")
    print(f" Press Ctrl-C to stop everything.\n{line}\n", flush=True)


if __name__ == "__main__":
    sys.exit(main())
