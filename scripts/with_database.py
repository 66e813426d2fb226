"""Run a command with DATABASE_URL set, starting the embedded PostgreSQL if needed.

python scripts/with_database.py pytest -q
"""

import subprocess
import sys

from devdb import ensure_database_url


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    ensure_database_url()
    try:
        return subprocess.call(sys.argv[1:])
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
