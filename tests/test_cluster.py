"""Two web nodes, two workers and one broker behave as one platform.

Starts two gunicorn instances on two ports and two Celery workers against the test database
and one Redis (REDIS_URL's server, database 7, emptied first; without REDIS_URL a redis-server
started here on a free port; skipped when neither exists), with shared media folders, and
proves: a session made on node A works on node B; the login rate limit counts across both; a
picture uploaded through A downloads through B; a reminder due while one worker is killed
mid-run is sent exactly once; a cache invalidation made on one node is seen by the other.
"""

import http.cookiejar
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone
from PIL import Image

from accounts.tests.factories import PASSWORD, PROFILE, UserFactory
from networks import meetings
from networks.models import Answer, MeetingReminder
from networks.tests.factories import MeetingFactory, MembershipFactory, NetworkFactory
from notifications.models import EmailRecord
from resources.tests.factories import resource_published

BASE_DIR = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent
# Behind one load balancer every node sees the same Host (allauth keys the failed-login
# limit by it), so the requests here carry one Host whichever port they go to.
HEADERS = {"Host": "localhost"}
pytestmark = [
    pytest.mark.cluster,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(condition, seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


@pytest.fixture(scope="module")
def redis_url():
    if os.environ.get("REDIS_URL"):
        url = os.environ["REDIS_URL"].rsplit("/", 1)[0] + "/7"
        import redis

        redis.Redis.from_url(url).flushdb()
        yield url
        return
    server = shutil.which("redis-server")
    if not server:
        pytest.skip("needs Redis: set REDIS_URL or install redis-server")
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    yield f"redis://127.0.0.1:{port}/7"
    process.terminate()
    process.wait(timeout=10)


class Cluster:
    def __init__(self, tmp_path: Path, redis_url: str):
        database = connection.settings_dict
        self.media, self.private = tmp_path / "media", tmp_path / "private"
        self.env = {
            **os.environ,
            "DATABASE_URL": (
                f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@"
                f"{urllib.parse.quote(database['HOST'] or '127.0.0.1', safe='')}"
                f":{database['PORT'] or 5432}/{database['NAME']}"
            ),
            "REDIS_URL": redis_url,
            "DJANGO_ENV": "development",
            "DEBUG": "1",  # the nodes serve /media/ themselves (no nginx here)
            "SECRET_KEY": "cluster-test-" + uuid.uuid4().hex,
            "MEDIA_ROOT": str(self.media),
            "PRIVATE_MEDIA_ROOT": str(self.private),
            "WEB_CONCURRENCY": "1",
            "PYTHONUNBUFFERED": "1",
        }
        self.ports = [_free_port(), _free_port()]
        self.logs = tmp_path
        self.web, self.workers = [], []

    def _start(self, name: str, args: list[str], env: dict | None = None):
        log = (self.logs / f"{name}.log").open("w")
        return subprocess.Popen(  # noqa: S603
            args,
            cwd=BASE_DIR,
            env={**self.env, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start(self):
        for index, port in enumerate(self.ports):
            self.web.append(
                self._start(
                    f"web{index}",
                    [str(BIN / "gunicorn"), "config.wsgi"],
                    {"GUNICORN_BIND": f"127.0.0.1:{port}"},
                )
            )
        for index in range(2):
            self.workers.append(self.start_worker(index))
        for port in self.ports:
            assert _wait_for(lambda port=port: self.get(port, "/health/")[0] == 200), self.log()
        for index in range(2):
            assert _wait_for(lambda i=index: "ready." in self.log(f"worker{i}")), self.log()

    def start_worker(self, index: int):
        return self._start(
            f"worker{index}",
            [
                str(BIN / "celery"),
                "-A",
                "config",
                "worker",
                "-Q",
                "celery,scheduled",
                "-c",
                "2",
                "-n",
                f"node{index}@%h",
                "-l",
                "info",
            ],
        )

    def stop(self):
        for process in self.web + self.workers:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.web + self.workers:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    def log(self, name: str | None = None) -> str:
        names = [name] if name else [p.stem for p in self.logs.glob("*.log")]
        return "\n".join((self.logs / f"{n}.log").read_text()[-3000:] for n in names)

    def get(self, port: int, path: str, opener=None):
        opener = opener or urllib.request.build_opener()
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=HEADERS)
        try:
            with opener.open(request, timeout=20) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def post(self, port: int, path: str, opener, fields: dict, files: dict | None = None):
        status, page = self.get(port, path, opener)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        fields = {**fields, "csrfmiddlewaretoken": token}
        boundary = uuid.uuid4().hex
        body = io.BytesIO()
        for name, value in fields.items():
            body.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, (filename, content, kind) in (files or {}).items():
            body.write(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'.encode()
            )
            body.write(content + b"\r\n")
        body.write(f"--{boundary}--\r\n".encode())
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}",
            data=body.getvalue(),
            headers={**HEADERS, "Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        try:
            with opener.open(request, timeout=20) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


def _browser():
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )


def _can_log_in(person):
    # The nodes run the real password hashers; tests create people with a fast one.
    person.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    person.save(update_fields=["password"])
    return person


@pytest.fixture
def cluster(tmp_path, redis_url, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    # This test process writes to the same shared caches as the nodes.
    shared = {
        "BACKEND": "core.cache.DegradingRedisCache",
        "LOCATION": redis_url,
        "KEY_PREFIX": "sieci",
    }
    settings.CACHES = {
        "default": shared,
        "bank": {**shared, "KEY_PREFIX": "sieci-bank", "TIMEOUT": 60},
    }
    nodes = Cluster(tmp_path, redis_url)
    try:
        nodes.start()
        yield nodes
    finally:
        nodes.stop()


def test_two_nodes_and_two_workers_behave_as_one_platform(cluster):
    a, b = cluster.ports

    # A session made on node A works on node B (sessions live in the database).
    person = _can_log_in(UserFactory(email="ala@example.org", display_name="Ala Nowak"))
    browser = _browser()
    status, _ = cluster.post(
        a, "/accounts/login/", browser, {"login": person.email, "password": PASSWORD}
    )
    assert status == 200, cluster.log()  # followed the redirect
    status, page = cluster.get(b, "/profil/", browser)
    assert status == 200 and "Ala Nowak" in page.decode(), cluster.log()

    # A picture uploaded through A downloads through B (one shared media folder).
    picture = io.BytesIO()
    Image.new("RGB", (64, 64), "teal").save(picture, "PNG")
    status, _ = cluster.post(
        a,
        "/profil/edytuj/",
        browser,
        PROFILE,
        {"avatar": ("ja.png", picture.getvalue(), "image/png")},
    )
    assert status == 200, cluster.log()
    person.refresh_from_db()
    assert person.avatar, cluster.log()
    status, body = cluster.get(b, person.avatar.url)
    assert status == 200
    assert body == (cluster.media / person.avatar.name).read_bytes()  # re-encoded by node A

    # The failed-login limit counts across both nodes (the shared Redis cache).
    target = _can_log_in(UserFactory(email="ola@example.org"))
    pages = [
        cluster.post(
            port, "/accounts/login/", _browser(), {"login": target.email, "password": "zle"}
        )[1]
        for port in (a, b, a, b, a, b)
    ]
    assert "Zbyt wiele nieudanych prób logowania" not in pages[0].decode()
    assert "Zbyt wiele nieudanych prób logowania" in pages[-1].decode(), cluster.log()

    # A cache invalidation on one node is seen by the other: B caches the bank's counts,
    # publishing a material (the service, as node A would) changes them on B at once.
    network = NetworkFactory(coordinator=UserFactory())
    coordinator = network.memberships.get().user
    author = MembershipFactory(network=network).user
    resource_published(network=network, author=author, coordinator=coordinator)
    facet = "({count})</span>"
    assert facet.format(count=1) in cluster.get(b, "/materialy/")[1].decode()
    resource_published(network=network, author=author, coordinator=coordinator)
    assert facet.format(count=2) in cluster.get(b, "/materialy/")[1].decode()


def test_a_reminder_due_while_a_worker_is_killed_is_sent_exactly_once(cluster):
    from networks.tasks import send_meeting_reminders

    network = NetworkFactory(coordinator=UserFactory())
    start = timezone.now() + timedelta(hours=2)
    meeting = MeetingFactory(network=network, starts_at=start, ends_at=start + timedelta(hours=1))
    people = [MembershipFactory(network=network).user for _ in range(60)]
    for person in people:
        meetings.rsvp_answer(meeting=meeting, user=person, answer=Answer.YES)
    MeetingReminder.objects.update(due_at=timezone.now() - timedelta(minutes=1))
    due = MeetingReminder.objects.count()

    app = send_meeting_reminders.app
    app.conf.task_always_eager = False
    try:
        with app.connection_for_write(cluster.env["REDIS_URL"]) as broker:
            send_meeting_reminders.apply_async(queue="scheduled", connection=broker)
            time.sleep(0.3)
            os.killpg(cluster.workers[0].pid, signal.SIGKILL)  # mid-run, perhaps mid-claim
            for _ in range(3):  # the next beat ticks
                send_meeting_reminders.apply_async(queue="scheduled", connection=broker)

            def all_handled() -> bool:
                # The beat keeps ticking (every minute in production): ticks that came while
                # the killed worker's claim still held the rows found nothing to take.
                send_meeting_reminders.apply_async(queue="scheduled", connection=broker)
                return not MeetingReminder.objects.filter(
                    sent_at__isnull=True, skipped_at__isnull=True
                ).exists()

            assert _wait_for(all_handled), cluster.log()
    finally:
        send_meeting_reminders.app.conf.task_always_eager = True
    records = EmailRecord.objects.filter(kind="reminder")
    assert records.count() == due
    assert records.values("user").distinct().count() == len(people)
