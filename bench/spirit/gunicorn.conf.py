"""The project's gunicorn settings (../../gunicorn.conf.py) for Spirit: the same workers,
threads, connections and keep-alive, read from that file so the two never drift apart."""

from pathlib import Path

exec((Path(__file__).resolve().parents[2] / "gunicorn.conf.py").read_text())  # noqa: S102
# Its start-up hook warms the project's Polish search dictionary: nothing of Spirit's.
del when_ready  # noqa: F821
