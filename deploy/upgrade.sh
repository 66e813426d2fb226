#!/usr/bin/env bash
# Upgrade an installation laid out as in deploy/: deploy/upgrade.sh RELEASE (a git tag or commit)
# Run as the sieci user from /srv/sieci/app; systemctl needs sudo rights for the sieci-* units.
set -euo pipefail
release="${1:?usage: deploy/upgrade.sh RELEASE}"
set -a; . /etc/sieci/sieci.env; set +a

deploy/backup.sh                                   # 1. a backup first, always
git fetch --tags && git checkout --quiet "$release"   # 2. the new code
.venv/bin/pip install --quiet --require-hashes -r requirements.lock   # 3. exactly the lock
.venv/bin/python manage.py migrate --no-input      # 4. the schema (web still serves the old code)
.venv/bin/python manage.py collectstatic --no-input
.venv/bin/python manage.py check --deploy --fail-level WARNING
# 5. restart in order: beat's worker and the main worker finish their tasks (warm shutdown),
#    beat, then the web processes (gunicorn reloads its workers without dropping requests).
sudo systemctl restart sieci-worker-scheduled sieci-worker
sudo systemctl restart sieci-beat
sudo systemctl reload sieci-web
curl --fail --silent --max-time 10 http://127.0.0.1:8000/health/ready/ >/dev/null
echo "upgraded to $release"
