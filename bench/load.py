"""The load benchmark, end to end: `make bench` (or BENCH_SCALE=large make bench).

Steps: migrate, generate the data (kept if the database already holds that
scale), collectstatic, start gunicorn with production settings (DEBUG off,
random SECRET_KEY, gunicorn.conf.py), log the bench users in by creating their
sessions directly in the database, then run locust headless once per page — each
page alone, closed loop, so its requests per second is the server's throughput
for that page — and print the table, the minimal "ping" view being the ceiling.

Settings (environment): BENCH_SCALE (small), BENCH_SECONDS per page (20),
BENCH_CONCURRENCY simulated users (8), BENCH_PORT (8765), WEB_CONCURRENCY and
GUNICORN_THREADS as for production. DATABASE_URL must be set (the Makefile
target starts an embedded PostgreSQL under .data/bench for it).
"""

import csv
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SCALE = os.environ.get("BENCH_SCALE", "small")
SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
HOST = f"127.0.0.1:{PORT}"


def production_environment() -> dict:
    """What PRODUCTION needs (config/settings.py), for plain HTTP on the loopback."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SITE_URL": f"https://{HOST}",
        "GUNICORN_BIND": HOST,
        "LOG_LEVEL": "WARNING",
    }


def run(*args: str, **env: str) -> None:
    environment = {**os.environ, **env}
    subprocess.run([PYTHON, *args], cwd=BASE_DIR, env=environment, check=True)  # noqa: S603


def prepare() -> None:
    started = time.perf_counter()
    run("manage.py", "migrate", "--no-input", "-v", "0")
    # generate_data refuses to run without DEBUG (it may empty the tables).
    run("manage.py", "generate_data", "--scale", SCALE, "--seed", "1", "--keep", DEBUG="1")
    run("manage.py", "collectstatic", "--no-input", "-v", "0")
    print(f"Prepared in {time.perf_counter() - started:.0f} s", flush=True)


def login_plan() -> dict:
    """Sessions for the bench users, created in the database, and the pages to request."""
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection
    from django.utils.crypto import get_random_string

    from bench.pages import bench_users, pages

    logins = []
    for user in bench_users(CONCURRENCY):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        logins.append(
            {
                "session": session.session_key,
                "csrf": get_random_string(32),  # an unmasked CSRF secret: cookie and form value
                "calendar_token": user.calendar_feed.token,
            }
        )
    plan = {"host": HOST, "logins": logins, "pages": [vars(page) for page in pages()]}
    connection.close()
    return plan


def start_server(log_path: Path) -> subprocess.Popen:
    log = open(log_path, "w")  # noqa: SIM115 (closed with the process)
    server = subprocess.Popen(  # noqa: S603 (our own fixed commands)
        [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "config.wsgi"],
        cwd=BASE_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(120):
        try:
            with urllib.request.urlopen(  # noqa: S310 (our own loopback server)
                urllib.request.Request(
                    f"http://{HOST}/bench/ping/", headers={"X-Forwarded-Proto": "https"}
                ),
                timeout=2,
            ):
                return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn stopped; see {log_path}") from None
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer; see {log_path}")


def slug(name: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in name)


def run_locust(plan_path: Path, page: dict, folder: Path) -> dict:
    """One headless locust run against one page; its figures from locust's CSV."""
    prefix = folder / slug(page["name"])
    subprocess.run(  # noqa: S603 (our own fixed commands)
        [
            PYTHON,
            "-m",
            "locust",
            "-f",
            "bench/locustfile.py",
            "--headless",
            "-u",
            str(CONCURRENCY),
            "-r",
            str(CONCURRENCY),
            "-t",
            f"{SECONDS}s",
            "--host",
            f"http://{HOST}",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=BASE_DIR,
        env={**os.environ, "BENCH_PLAN": str(plan_path), "BENCH_PAGE": page["name"]},
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
        row = next(r for r in csv.DictReader(stats) if r["Name"] == page["name"])
    return {
        "rps": float(row["Requests/s"]),
        "median": float(row["50%"]),
        "p95": float(row["95%"]),
        "requests": int(row["Request Count"]),
        "errors": int(row["Failure Count"]),
    }


def print_table(results: dict[str, dict]) -> None:
    ceiling = next(iter(results.values()))["rps"] or 1
    print(
        f"\nScale {SCALE}, {CONCURRENCY} concurrent users, {SECONDS} s per page, "
        f"gunicorn {os.environ.get('WEB_CONCURRENCY', 'cpu*2+1')} workers\n"
    )
    header = f"{'page':<26} {'req/s':>8} {'median ms':>10} {'p95 ms':>8} {'errors':>8} {'of ceiling':>11}"
    print(header)
    print("-" * len(header))
    for name, r in results.items():
        errors = f"{r['errors']}/{r['requests']}"
        print(
            f"{name:<26} {r['rps']:8.1f} {r['median']:10.0f} {r['p95']:8.0f} "
            f"{errors:>8} {r['rps'] / ceiling:10.0%}"
        )


def main() -> int:
    os.environ.update(production_environment())
    prepare()
    plan = login_plan()
    data_dir = Path(os.environ.get("SIECI_DATA_DIR", BASE_DIR / ".data"))
    data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        plan_path = Path(folder) / "plan.json"
        plan_path.write_text(json.dumps(plan), encoding="utf-8")
        server = start_server(data_dir / "bench-gunicorn.log")
        try:
            results = {}
            for page in plan["pages"]:
                print(f"  {page['name']} …", flush=True)
                results[page["name"]] = run_locust(plan_path, page, Path(folder))
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
    print_table(results)
    (data_dir / f"bench-results-{SCALE}.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
