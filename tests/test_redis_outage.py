"""With Redis down the site degrades instead of breaking: login (with its rate limit), password
reset and queueing e-mail keep working, and each costs a bounded time.

"Down" is a port nothing listens on (connection refused) and a socket that accepts but never
answers (a frozen Redis), both on this machine.
"""

import os
import shutil
import signal
import socket
import subprocess
import threading
import time

import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory
from notifications import mail
from notifications.models import EmailRecord, EmailStatus
from notifications.tasks import deliver_email
from notifications.tests.factories import EmailRecordFactory

pytestmark = pytest.mark.django_db


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_server():
    """A real redis-server of the test's own on a free port, or None where none is installed."""
    binary = shutil.which("redis-server")
    if not binary:
        yield None
        return
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    import redis

    client = redis.Redis.from_url(url, socket_timeout=1)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    yield process, url
    if process.poll() is None:
        os.kill(process.pid, signal.SIGCONT)
        process.kill()
        process.wait()


@pytest.fixture
def frozen_redis():
    """A server that accepts connections and never says anything."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


def _redis_cache(settings, url):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "core.cache.DegradingRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_timeout": 0.3, "socket_connect_timeout": 0.3},
        },
    }


@pytest.mark.parametrize("redis", ["refused", "frozen", "stopped", "sigstopped"])
def test_login_and_its_rate_limit_work_while_redis_is_down(
    client, settings, redis, frozen_redis, redis_server
):
    if redis in ("stopped", "sigstopped"):
        if redis_server is None:
            pytest.skip("redis-server is not installed")
        process, url = redis_server
        _redis_cache(settings, url)
        client.get(reverse("account_login"))  # Redis answers, the cache connects
        if redis == "stopped":
            process.terminate()
            process.wait()
        else:
            os.kill(process.pid, signal.SIGSTOP)  # frozen: connected, never answers
    else:
        url = f"redis://127.0.0.1:{_free_port()}/0" if redis == "refused" else frozen_redis
        _redis_cache(settings, url)
    UserFactory(email="ola@example.org")
    started = time.monotonic()
    response = client.post(
        reverse("account_login"), {"login": "ola@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert time.monotonic() - started < 5
    client.post(reverse("account_logout"))

    # The failed-attempt limit still counts (in this process's memory for the outage).
    pages = [
        client.post(reverse("account_login"), {"login": "ola@example.org", "password": "zle"})
        for _ in range(6)
    ]
    assert "Zbyt wiele nieudanych prób logowania" in pages[-1].content.decode()


def test_password_reset_works_while_redis_is_down(
    client, settings, django_capture_on_commit_callbacks
):
    _redis_cache(settings, f"redis://127.0.0.1:{_free_port()}/0")
    person = UserFactory(email="ola@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "ola@example.org"})
    assert response.status_code == 302
    assert EmailRecord.objects.filter(user=person).exists()


def test_queueing_e_mails_with_the_broker_down_costs_one_timeout_not_one_per_e_mail(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []

    def broker_down(*args, **kwargs):
        calls.append(args)
        time.sleep(0.2)  # a timeout, shortened
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(deliver_email, "delay", broker_down)
    monkeypatch.setattr(mail, "_broker_down_until", 0.0)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        mail.emails_queue(records=EmailRecordFactory.build_batch(10, user=None))
    assert time.monotonic() - started < 1.5
    assert len(calls) == 1  # then the process waits BROKER_PAUSE before trying again
    # Nothing is lost: the rows wait for the sweep.
    assert EmailRecord.objects.filter(status=EmailStatus.QUEUED).count() == 10
