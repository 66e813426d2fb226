#!/usr/bin/env bash
# Back up the database and both file storages into one folder: deploy/backup.sh [DEST]
# Reads DATABASE_URL, MEDIA_ROOT and PRIVATE_MEDIA_ROOT (e.g. `set -a; . /etc/sieci/sieci.env`).
# Run it daily from cron or a systemd timer; keep copies off the machine.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must be set}"
: "${MEDIA_ROOT:?MEDIA_ROOT must be set}"
: "${PRIVATE_MEDIA_ROOT:?PRIVATE_MEDIA_ROOT must be set}"
PG_BIN="${PG_BIN:-}"   # folder of pg_dump when not on PATH (its major version >= the server's)

dest="${1:-/srv/sieci/backups/$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$dest"
# Custom format: compressed, restorable table by table, into a database of any name.
"${PG_BIN:+$PG_BIN/}pg_dump" --format=custom --no-owner --no-privileges \
  --file="$dest/database.dump" "$DATABASE_URL"
tar -C "$MEDIA_ROOT" -czf "$dest/media.tar.gz" .
tar -C "$PRIVATE_MEDIA_ROOT" -czf "$dest/private.tar.gz" .
(cd "$dest" && sha256sum database.dump media.tar.gz private.tar.gz > SHA256SUMS)
echo "$dest"
