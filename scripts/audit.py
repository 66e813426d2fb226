"""Audit locked requirements for known vulnerabilities with pip-audit, offline-tolerant.

Fails (exit 1) on a known vulnerability. When the advisory service cannot be reached, says so
and passes (exit 0): a closed network must not break CI, but a reachable one is always checked.
Usage: python scripts/audit.py requirements.lock [requirements-dev.lock ...]
"""

import json
import subprocess
import sys
from pathlib import Path

UNREACHABLE_MARKERS = (
    "ConnectionError",
    "Connection refused",
    "Max retries exceeded",
    "Name or service not known",
    "Temporary failure in name resolution",
    "timed out",
    "NewConnectionError",
    "Network is unreachable",
)


def audit(lock: str) -> tuple[str, str]:
    """("ok" | "vulnerable" | "unreachable", details) for one lock file."""
    pip_audit = Path(sys.executable).parent / "pip-audit"
    result = subprocess.run(
        [
            str(pip_audit),
            "--requirement",
            lock,
            "--require-hashes",
            "--disable-pip",
            "--no-deps",
            "--format",
            "json",
            "--progress-spinner",
            "off",
            "--timeout",
            "15",
        ],
        capture_output=True,
        text=True,
    )
    return classify(result.returncode, result.stdout, result.stderr)


def classify(returncode: int, stdout: str, stderr: str) -> tuple[str, str]:
    try:
        report = json.loads(stdout) if stdout.strip() else None
    except json.JSONDecodeError:
        report = None
    if report is not None:
        found = [
            f"{dep['name']} {dep['version']}: {', '.join(v['id'] for v in dep['vulns'])}"
            for dep in report.get("dependencies", [])
            if dep.get("vulns")
        ]
        if found:
            return "vulnerable", "\n".join(found)
        # pip-audit skips a package whose advisories it could not fetch; not checked is not ok.
        skipped = [dep["name"] for dep in report.get("dependencies", []) if dep.get("skip_reason")]
        if skipped:
            return "unreachable", f"{len(skipped)} packages not checked, e.g. {skipped[0]}"
        if returncode == 0:
            return "ok", ""
    if any(marker in stderr for marker in UNREACHABLE_MARKERS):
        return "unreachable", stderr.strip().splitlines()[-1] if stderr.strip() else ""
    if returncode == 0:
        return "ok", ""
    # Anything else (a broken lock, a pip-audit bug) is an error worth failing on.
    return "vulnerable", (stderr or stdout).strip()


def main(locks: list[str]) -> int:
    status = 0
    for lock in locks:
        verdict, details = audit(lock)
        if verdict == "ok":
            print(f"audit {lock}: no known vulnerabilities")
        elif verdict == "unreachable":
            print(f"audit {lock}: advisory service unreachable, not checked ({details})")
        else:
            print(f"audit {lock}: FAILED\n{details}")
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["requirements.lock"]))
