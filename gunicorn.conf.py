"""gunicorn settings for production: `gunicorn config.wsgi` reads this file."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread"
# One queue for the whole server, first come first served (README "Performance"): a
# worker takes a connection only when one of its threads is free to serve it, so the
# others wait in the kernel's listen queue for whichever worker frees up first — not
# in the queue of a worker that accepted more than it can serve while another idles.
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", threads))
# No keep-alive: an idle kept-alive connection would hold one of those few places
# (nginx in front keeps its own connections to the clients).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "0"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Recycle workers now and then so a slow leak cannot grow without bound (0: never; the
# load bench measures pages without restarts, see bench/runs.py).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Load the app, and the Polish dictionary for search, once in the parent process:
# forked workers share it instead of each spending seconds on its first search.
preload_app = True


def when_ready(server):
    # In the parent, after the app is loaded and before any worker is forked.
    from core.warmup import warm_up

    warm_up()
