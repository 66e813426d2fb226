"""How many received e-mails one worker process turns into posts per second.

    DATABASE_URL=postgres://... DEBUG=1 .venv/bin/python bench/inbound_bench.py [messages] [--immediate] [--profile]

Builds a network with 30 members following one thread (each post writes 30 notifications;
with --immediate every member wants replies by e-mail at once, so each post also renders
and queues 30 e-mails — the forum's cost of any reply, web form included),
stores N received messages in the shapes of the fixture mail clients (Gmail, Outlook,
Thunderbird, Apple Mail with a PDF, Onet, WP, Interia, and one out-of-office reply in ten),
then processes them one after another exactly as the `process_inbound_email` task does in a
worker: each in its own committed transactions, with the post-commit work (followers'
notifications and the outbox rows) included. Sending the e-mails is not measured (another
task) and the broker round trip of each task (about a millisecond on Redis) is left out.
Everything the run created is deleted at the end. `--profile` prints (and saves) a profile
of the loop in CPU time.

Prints wall and worker CPU time per message and SQL queries per message; on a busy machine
compare the CPU time. Measured 2026-12-01 (2 shared CPUs, load 7–9, 300 messages): 22.4 ms
CPU and 19.3 queries a message (was 33.8 and 23.9), 47.2 ms and 22.0 with --immediate (was
81.3 and 25.7); see the README, "Replies by e-mail".
"""

import cProfile
import os
import pstats
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402

settings.REPLY_EMAIL_DOMAIN = "odpowiedzi.sieci.example.org"
settings.REPLY_EMAIL_MAX_PER_HOUR = 10**6
settings.PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="inbound-bench-"))
settings.CELERY_TASK_ALWAYS_EAGER = False
# Accounts are made for the run; the real password hasher would take most of the setup.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

from accounts.models import User  # noqa: E402
from forums.services import thread_follow  # noqa: E402
from forums.tests.factories import member_of, network_with_coordinator, thread_with_posts  # noqa: E402
from notifications import tasks  # noqa: E402
from notifications.inbound.services import inbound_process, inbound_store  # noqa: E402
from notifications.inbound.tokens import reply_tokens  # noqa: E402
from notifications.models import EmailRecord, InboundEmail, InboundStatus  # noqa: E402
from notifications.services import preferences_update  # noqa: E402
from notifications.tests.inbound_helpers import fixture_message  # noqa: E402

MEMBERS = 30
SHAPES = [
    "gmail_top_posted.eml",
    "outlook_desktop.eml",
    "outlook_web_html_only.eml",
    "thunderbird_bottom_posted.eml",
    "apple_mail_attachment.eml",
    "onet_webmail.eml",
    "wp_webmail.eml",
    "interia_webmail.eml",
    "gmail_top_posted.eml",
    "out_of_office_exchange.eml",
]


def _with_message_id(raw: bytes, number: int) -> bytes:
    return re.sub(
        rb"(?im)^Message-I[Dd]: .*$",
        f"Message-ID: <bench-{number}@example.org>".encode(),
        raw,
        count=1,
    )


def main() -> None:
    numbers = [arg for arg in sys.argv[1:] if arg.isdigit()]
    count = int(numbers[0]) if numbers else 500
    immediate = "--immediate" in sys.argv
    profile = "--profile" in sys.argv
    # No broker is needed: e-mail delivery tasks are counted, not queued.
    queued = []
    tasks.deliver_email.delay = lambda pk: queued.append(pk)
    tasks.process_inbound_email.delay = lambda pk: None

    network, coordinator = network_with_coordinator()
    members = [member_of(network) for _ in range(MEMBERS)]
    try:
        _run(count, immediate, profile, network, coordinator, members, queued)
    finally:
        InboundEmail.objects.filter(source="bench").delete()
        EmailRecord.objects.filter(user__in=[*members, coordinator]).delete()
        network.delete()
        User.objects.filter(pk__in=[p.pk for p in members] + [coordinator.pk]).delete()


def _run(count, immediate, profile, network, coordinator, members, queued) -> None:
    thread = thread_with_posts(network, coordinator, title="Wątek do testu wydajności")
    key = f"forums.thread:{thread.pk}"
    for person in members:
        if immediate:
            preferences_update(user=person, frequencies={"reply": "immediately"})
        thread_follow(thread=thread, user=person, follow=True)
    tokens = reply_tokens(pairs=[(person.pk, key) for person in members])
    people = [(person, tokens[(person.pk, key)]) for person in members]
    rows = []
    for number in range(count):
        person, token = people[number % len(people)]
        raw = fixture_message(SHAPES[number % len(SHAPES)], token=token, sender=person.email)
        rows.append(inbound_store(raw=_with_message_id(raw, number), source="bench")[0].pk)

    settings.DEBUG = False  # no query log growing through the run
    reset_queries()
    queries = []

    def count_query(execute, sql, params, many, context):
        queries.append(1)
        return execute(sql, params, many, context)

    profiler = cProfile.Profile(time.process_time) if profile else None
    started, cpu_started = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(count_query):
        if profiler:
            profiler.enable()
        for pk in rows:
            inbound_process(inbound_id=pk)
        if profiler:
            profiler.disable()
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    if profiler:
        dump = Path(tempfile.gettempdir()) / "inbound_bench.prof"
        profiler.dump_stats(dump)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)
        print(f"profile (CPU time) saved in {dump}")
    statuses = dict.fromkeys(InboundStatus.values, 0)
    for status in InboundEmail.objects.filter(pk__in=rows).values_list("status", flat=True):
        statuses[status] += 1
    print(f"followers e-mailed at once: {'yes' if immediate else 'no (daily digest)'}")
    print(f"messages processed:       {count}")
    print(f"outcomes:                 {statuses}")
    print(f"e-mails queued:           {len(queued)}")
    print(f"seconds:                  {seconds:.2f}")
    print(f"messages per second:      {count / seconds:.1f}  (one process, goal >= 20)")
    print(f"ms per message:           {1000 * seconds / count:.1f}")
    print(f"worker CPU ms per message: {1000 * cpu_seconds / count:.1f}")
    print(f"SQL queries per message:  {len(queries) / count:.1f}")
    print(f"load average (1 min):     {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"database:                 {connection.settings_dict['NAME']}")


if __name__ == "__main__":
    main()
