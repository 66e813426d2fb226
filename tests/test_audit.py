"""The dependency audit fails on a known vulnerability and only tolerates an unreachable service."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("audit", BASE_DIR / "scripts" / "audit.py")
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)


def _report(*deps):
    return json.dumps({"dependencies": list(deps), "fixes": []})


def test_a_known_vulnerability_fails_the_audit():
    stdout = _report(
        {"name": "django", "version": "4.2.0", "vulns": [{"id": "PYSEC-2023-100"}]},
        {"name": "celery", "version": "5.7.0", "vulns": []},
    )
    verdict, details = audit.classify(1, stdout, "")
    assert verdict == "vulnerable"
    assert "django 4.2.0: PYSEC-2023-100" in details


def test_a_clean_report_passes():
    assert (
        audit.classify(0, _report({"name": "celery", "version": "5.7.0", "vulns": []}), "")[0]
        == "ok"
    )


def test_an_unreachable_advisory_service_is_reported_but_does_not_fail():
    stderr = "requests.exceptions.ConnectionError: Max retries exceeded with url: /pypi/django/json"
    assert audit.classify(1, "", stderr)[0] == "unreachable"


def test_packages_the_service_could_not_look_up_count_as_not_checked():
    stdout = _report({"name": "django", "skip_reason": "Dependency not found on PyPI"})
    assert audit.classify(0, stdout, "")[0] == "unreachable"


def test_any_other_error_fails():
    assert audit.classify(1, "", "ERROR: invalid requirement line")[0] == "vulnerable"


def test_the_real_audit_catches_an_old_django(tmp_path):
    lock = tmp_path / "old.lock"
    compiled = subprocess.run(  # noqa: S603
        [
            str(Path(sys.executable).parent / "uv"),
            "pip",
            "compile",
            "--quiet",
            "--generate-hashes",
            "--no-deps",
            "-",
            "-o",
            str(lock),
        ],
        input="Django==4.2.0\n",
        capture_output=True,
        text=True,
    )
    if compiled.returncode != 0:
        pytest.skip(f"package index unreachable: {compiled.stderr.strip()[-200:]}")
    verdict, details = audit.audit(str(lock))
    if verdict == "unreachable":
        pytest.skip(f"advisory service unreachable: {details}")
    assert verdict == "vulnerable"
    assert "django 4.2.0" in details.lower()
