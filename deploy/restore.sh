#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into an EMPTY database and empty file folders:
#   deploy/restore.sh BACKUP_DIR
# Reads DATABASE_URL (the new, empty database), MEDIA_ROOT and PRIVATE_MEDIA_ROOT.
# Stop web, workers and beat first; start them after `manage.py migrate` (a no-op for the same
# release, needed when restoring into a newer one).
set -euo pipefail
src="${1:?usage: deploy/restore.sh BACKUP_DIR}"
: "${DATABASE_URL:?DATABASE_URL must be set}"
: "${MEDIA_ROOT:?MEDIA_ROOT must be set}"
: "${PRIVATE_MEDIA_ROOT:?PRIVATE_MEDIA_ROOT must be set}"
PG_BIN="${PG_BIN:-}"

(cd "$src" && sha256sum --check --quiet SHA256SUMS)
"${PG_BIN:+$PG_BIN/}pg_restore" --no-owner --no-privileges --exit-on-error \
  --dbname="$DATABASE_URL" "$src/database.dump"
mkdir -p "$MEDIA_ROOT" "$PRIVATE_MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -xzf "$src/media.tar.gz"
tar -C "$PRIVATE_MEDIA_ROOT" -xzf "$src/private.tar.gz"
echo "restored $src"
