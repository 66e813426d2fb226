"""End to end with a real Celery worker and Redis: a notification's Reply-To, a reply piped
through `manage.py receive_email`, the post in the thread, the confirmation, and no second
post when the same message comes again.

Runs only when REDIS_URL is set, e.g.
REDIS_URL=redis://127.0.0.1:6379/0 pytest forums/tests/test_inbound_worker.py
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from forums import services
from forums.models import Post
from forums.tests.factories import member_of, network_with_coordinator, thread_with_posts
from notifications.inbound.tokens import token_from_address
from notifications.models import EmailKind, EmailRecord, EmailStatus, InboundEmail, InboundStatus
from notifications.services import preferences_update
from notifications.tasks import process_inbound_email
from notifications.tests.inbound_helpers import REPLY_DOMAIN, fixture_message

BASE_DIR = Path(settings.BASE_DIR)

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs a Redis broker (set REDIS_URL)"
)


@pytest.fixture
def worker_env(tmp_path, monkeypatch, settings):
    queue = f"inbound-test-{uuid.uuid4().hex[:8]}"
    database = connection.settings_dict
    settings.REPLY_EMAIL_DOMAIN = REPLY_DOMAIN
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@"
            f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "DJANGO_SETTINGS_MODULE": "notifications.tests.worker_settings",
        "DEBUG": "1",
        "DJANGO_ENV": "development",  # the worker and the command run real, not eager, tasks
        "SIECI_TEST_EMAIL_DIR": str(tmp_path / "mail"),
        "SIECI_TEST_QUEUE": queue,
        "REPLY_EMAIL_DOMAIN": REPLY_DOMAIN,
    }
    # Tasks queued by this process (the notification e-mails) go to the worker's queue too.
    monkeypatch.setitem(process_inbound_email.app.conf, "task_always_eager", False)
    monkeypatch.setitem(process_inbound_email.app.conf, "task_default_queue", queue)
    log = (tmp_path / "worker.log").open("w")
    celery = Path(sys.executable).parent / "celery"
    process = subprocess.Popen(  # noqa: S603
        [str(celery), "-A", "config", "worker", "--pool=solo", "--concurrency=1", "-Q", queue],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield env, queue, tmp_path
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def wait_for(condition, *, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def receive_email(env, raw: bytes) -> str:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "receive_email", "--sender", "ewa@example.org"],
        cwd=BASE_DIR,
        env=env,
        input=raw,
        capture_output=True,
        timeout=60,
        check=True,
    )
    return result.stdout.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reply_by_email_through_the_pipe_is_posted_once_by_a_real_worker(worker_env):
    env, queue, tmp_path = worker_env
    network, _coordinator = network_with_coordinator()
    author = member_of(network)
    writer = member_of(network, email="ewa@example.org", language="en")
    thread = thread_with_posts(network, writer, title="Czytanie w klasach 1–3")
    preferences_update(user=writer, frequencies={"reply": "immediately"})

    services.thread_reply(thread=thread, author=author, body="Jak u Was z lekturami?")
    notification = EmailRecord.objects.get(user=writer, kind=EmailKind.NOTIFICATION)
    token = token_from_address(notification.headers["Reply-To"])
    assert token
    log = lambda: (tmp_path / "worker.log").read_text()  # noqa: E731
    assert wait_for(
        lambda: EmailRecord.objects.filter(pk=notification.pk, status=EmailStatus.SENT).exists()
    ), log()
    sent = "".join(path.read_text() for path in (tmp_path / "mail").glob("*.log"))
    assert f"Reply-To: odpowiedz+{token}@{REPLY_DOMAIN}" in sent

    raw = fixture_message("gmail_top_posted.eml", token=token, sender=writer.email)
    assert "Queued" in receive_email(env, raw)
    row = InboundEmail.objects.get()
    assert wait_for(lambda: InboundEmail.objects.get(pk=row.pk).status != "received"), log()
    assert InboundEmail.objects.get(pk=row.pk).status == InboundStatus.POSTED
    post = Post.objects.get(thread=thread, author=writer, number__gt=1)
    assert post.body.startswith("Dziękuję za materiały!") and not post.is_anonymous

    receipt = EmailRecord.objects.get(user=writer, kind="reply_receipt")
    assert wait_for(
        lambda: EmailRecord.objects.filter(pk=receipt.pk, status=EmailStatus.SENT).exists()
    ), log()
    assert post.get_absolute_url() in receipt.body_text

    # The same message again: through the pipe, and its task run a second time.
    assert "Already received" in receive_email(env, raw)
    process_inbound_email.apply_async(args=[row.pk], queue=queue)
    time.sleep(3)
    assert Post.objects.filter(thread=thread, author=writer).count() == 2  # the first and one reply
    assert EmailRecord.objects.filter(user=writer, kind="reply_receipt").count() == 1
