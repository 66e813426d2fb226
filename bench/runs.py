"""What each benchmark run needs: production settings and its own copy of the kept data.

The kept database (generated once per scale by `make bench`, under
.data/bench-<scale>) is never measured itself: each run measures a copy made with
CREATE DATABASE … TEMPLATE and dropped afterwards, so what a run writes (replies,
sessions) never reaches the next run.
"""

import os
import secrets
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent


def production_environment(host: str) -> dict:
    """What PRODUCTION needs (config/settings.py), for plain HTTP on the loopback."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "SITE_URL": f"https://{host}",
        "GUNICORN_BIND": host,
        # No worker recycling: the ping's 10,000 cheap requests would restart every worker
        # and charge the restarts to whichever page is measured next. A restart costs the
        # same whatever the page, once every 2,000 requests in production.
        "GUNICORN_MAX_REQUESTS": "0",
        "LOG_LEVEL": "WARNING",
    }


def with_database(url: str, name: str) -> str:
    return urlsplit(url)._replace(path=f"/{name}").geturl()


def admin(url: str, *statements: str) -> None:
    """Run statements outside a transaction on the server's maintenance database."""
    import psycopg

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def copy_database(url: str, suffix: str = "run") -> str:
    """A fresh copy of the kept (generated) database; its URL."""
    import psycopg

    kept = urlsplit(url).path.lstrip("/")
    copy = f"{kept}_{suffix}"
    started = time.perf_counter()
    for attempt in range(20):
        try:
            # FILE_COPY copies the files (after a checkpoint): much faster than WAL_LOG for GBs.
            admin(
                url,
                f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)',
                f'CREATE DATABASE "{copy}" TEMPLATE "{kept}" STRATEGY FILE_COPY',
            )
            break
        except psycopg.errors.ObjectInUse:  # autovacuum may still be in the kept database
            if attempt == 19:
                raise
            time.sleep(1)
    print(f"Copied {kept} to {copy} in {time.perf_counter() - started:.1f} s", flush=True)
    return with_database(url, copy)


def drop_database(url: str) -> None:
    admin(url, f'DROP DATABASE IF EXISTS "{urlsplit(url).path.lstrip("/")}" WITH (FORCE)')


def kept_database_url(scale: str) -> str:
    """Start the embedded PostgreSQL that `make bench` keeps for a scale; its database's URL."""
    folder = BASE_DIR / ".data" / f"bench-{scale}"
    if not (folder / "pg").is_dir():
        raise SystemExit(f"No kept {scale} data in {folder}: run BENCH_SCALE={scale} make bench")
    sys.path.insert(0, str(BASE_DIR / "scripts"))
    from devdb import start_embedded_postgres

    previous = os.environ.get("SIECI_DATA_DIR")
    os.environ["SIECI_DATA_DIR"] = str(folder)
    try:
        url = start_embedded_postgres()
    finally:
        if previous is None:
            del os.environ["SIECI_DATA_DIR"]
        else:
            os.environ["SIECI_DATA_DIR"] = previous
    # Each server stops when its handle goes: keep every one until the process ends.
    kept_database_url.servers.append(start_embedded_postgres.server)
    return url


kept_database_url.servers = []
