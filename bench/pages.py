"""The pages the benchmark and the query report measure, found in the generated data.

One definition for both tools, so that the load figures and the query counts
are about the same URLs. Needs Django set up (bench/generate.py's data).
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

BENCH_NETWORK = "siec-testowa-wydajnosci"
# Who requests the pages: the bench network's coordinators and its plain participants.
BENCH_EMAILS = {"coordinator": "bench{}@example.org", "member": "bench-member{}@example.org"}
ROLES = tuple(BENCH_EMAILS)
BIG_THREAD_POSTS = 1_000
# A text query and two facets that the generated bank answers with many rows.
BANK_QUERY = {"q": "scenariusz lekcji", "type": "lesson_scenario", "level": "primary_4_8"}
REPLY_BODY = "Dziękuję, sprawdzę to na najbliższej lekcji z moją klasą."
PING_URL = "/bench/ping/"


@dataclass
class Page:
    name: str
    url: str
    method: str = "GET"
    data: dict = field(default_factory=dict)
    # The calendar feed is per person: its URL has a {token} to fill in.
    per_user: bool = False


def big_thread():
    """The bench network's thread of 1,000 posts (bench/spirit_compare.py copies it to Spirit)."""
    from forums.models import Thread

    return Thread.objects.get(
        network__slug=BENCH_NETWORK,
        last_number__gte=BIG_THREAD_POSTS,
        title__startswith="Ocenianie",
    )


def pages() -> list[Page]:
    """Every measured page, the minimal "ping" ceiling first."""
    from evaluation.models import Survey
    from forums.models import Thread
    from networks.models import Network

    network = Network.objects.get(slug=BENCH_NETWORK)
    threads = Thread.objects.filter(network=network).order_by("-last_number", "pk")
    big = big_thread()
    # Replies go to another thread, so the measured thread page does not change under load.
    reply_to = threads.exclude(pk=big.pk).first()
    middle = max(1, big.page_count // 2)  # 1,000 posts: page 17 of 34
    survey = Survey.objects.filter(network=network, response_count__gt=0).order_by("pk").first()
    slug = network.slug
    return [
        Page("ceiling: minimal view", PING_URL),
        Page("network page", reverse("networks:detail", kwargs={"slug": slug})),
        Page(
            "thread page (middle)",
            reverse("forums:thread_detail", kwargs={"network_slug": slug, "pk": big.pk})
            + f"?page={middle}",
        ),
        Page(
            "bank search + 2 facets",
            reverse("resources:bank")
            + "?"
            + "&".join(f"{k}={v.replace(' ', '+')}" for k, v in BANK_QUERY.items()),
        ),
        Page("my networks", reverse("networks:mine")),
        Page(
            "survey results",
            reverse("evaluation:survey_results", kwargs={"network_slug": slug, "pk": survey.pk}),
        ),
        Page(
            "calendar feed",
            reverse("networks:calendar_feed", kwargs={"token": "TOKEN"}).replace(
                "TOKEN", "{token}"
            ),
            per_user=True,
        ),
        Page(
            "post a reply",
            reverse("forums:thread_reply", kwargs={"network_slug": slug, "pk": reply_to.pk}),
            method="POST",
            data={"body": REPLY_BODY},
        ),
    ]


# The mixed load: what people do, with weights (bench/locustfile.py's MixedUser).
MIXED_SEARCHES = [
    {"q": "scenariusz lekcji"},
    {"q": "narzędzie do oceniania", "level": "primary_4_8"},
    {"q": "karta pracy"},
    {"q": "prezentacja", "type": "lesson_scenario"},
]


def mixed_plan() -> dict:
    """URLs for the mixed load: threads to read, searches, meetings to open, threads to reply to."""
    from forums.models import Thread
    from networks.models import Meeting, Network

    network = Network.objects.get(slug=BENCH_NETWORK)
    slug = network.slug
    threads = list(Thread.objects.filter(network=network).order_by("-last_post_at", "pk")[:30])
    reads = []
    for thread in threads:
        url = reverse("forums:thread_detail", kwargs={"network_slug": slug, "pk": thread.pk})
        reads.append(url)
        if thread.page_count > 1:  # the big thread: a few of its pages, the last one most read
            reads += [f"{url}?page={n}" for n in (1, thread.page_count // 2, thread.page_count)]
            reads += [f"{url}?page={thread.page_count}"] * 3
    meetings = Meeting.objects.filter(network=network).order_by("-starts_at", "pk")[:20]
    replies = [
        reverse("forums:thread_reply", kwargs={"network_slug": slug, "pk": thread.pk})
        for thread in threads
        if thread.page_count == 1
    ][:10]
    return {
        "read": reads,
        "search": [reverse("resources:bank") + "?" + urlencode(query) for query in MIXED_SEARCHES],
        "meeting": [
            reverse("networks:meeting", kwargs={"slug": slug, "pk": meeting.pk})
            for meeting in meetings
        ],
        "network": [reverse("networks:detail", kwargs={"slug": slug})],
        "mine": [reverse("networks:mine")],
        "reply": replies,
        "reply_body": REPLY_BODY,
    }


def bench_users(count: int, role: str = "coordinator"):
    """The first `count` bench users of a role (coordinator or member), with their feed tokens."""
    from accounts.models import User

    emails = [BENCH_EMAILS[role].format(i) for i in range(1, count + 1)]
    users = list(User.objects.filter(email__in=emails).select_related("calendar_feed"))
    users.sort(key=lambda user: emails.index(user.email))
    return users
