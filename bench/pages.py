"""The pages the benchmark and the query report measure, found in the generated data.

One definition for both tools, so that the load figures and the query counts
are about the same URLs. Needs Django set up (bench/generate.py's data).
"""

from dataclasses import dataclass, field

from django.urls import reverse

BENCH_NETWORK = "siec-testowa-wydajnosci"
BENCH_EMAIL = "bench{}@example.org"
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


def pages() -> list[Page]:
    """Every measured page, the minimal "ping" ceiling first."""
    from evaluation.models import Survey
    from forums.models import Thread
    from networks.models import Network

    network = Network.objects.get(slug=BENCH_NETWORK)
    threads = Thread.objects.filter(network=network).order_by("-last_number", "pk")
    big = threads.get(last_number__gte=BIG_THREAD_POSTS, title__startswith="Ocenianie")
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


def bench_users(count: int):
    """The first `count` bench users (they coordinate the bench network), with their feed tokens."""
    from accounts.models import User

    emails = [BENCH_EMAIL.format(i) for i in range(1, count + 1)]
    users = list(User.objects.filter(email__in=emails).select_related("calendar_feed"))
    users.sort(key=lambda user: emails.index(user.email))
    return users
