"""bench/spirit_compare.py's claim that Spirit runs under our gunicorn settings."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def namespace_of(path: Path) -> dict:
    namespace = {"__file__": str(path)}
    exec(path.read_text(), namespace)  # noqa: S102 (our own files)
    return namespace


def settings(namespace: dict) -> dict:
    return {
        key: value
        for key, value in namespace.items()
        if isinstance(value, str | int | float | bool) and not key.startswith("_")
    }


def test_spirit_runs_under_our_gunicorn_settings_without_our_start_up_hook():
    ours = namespace_of(ROOT / "gunicorn.conf.py")
    spirit = namespace_of(ROOT / "bench" / "spirit" / "gunicorn.conf.py")
    assert settings(spirit) == settings(ours)
    assert {"workers", "threads", "worker_connections", "keepalive"} <= set(settings(ours))
    assert "when_ready" in ours
    assert "when_ready" not in spirit
