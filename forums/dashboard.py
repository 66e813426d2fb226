"""The discussions' sections of a person's home page: threads with unread posts, and for
coordinators the posts waiting for approval and the open reports. Registered with
core.dashboard in ForumsConfig.ready()."""

from django.db.models import Count, F
from django.urls import reverse

from forums.models import Post, PostStatus, Report
from forums.selectors import unread_threads
from networks.dashboard import attach_networks, dashboard_networks

THREADS_SHOWN = 8


def unread_threads_section(user) -> dict:
    """Threads of the person's networks with posts they have not read, followed first (one
    query beside the memberships)."""
    mine = dashboard_networks(user)
    threads = []
    if mine.ids:
        threads = attach_networks(user, unread_threads(user, mine.ids, limit=THREADS_SHOWN))
    return {"threads": threads, "has_networks": bool(mine.ids)}


def _per_network(user, rows, url_name: str) -> dict:
    networks = dashboard_networks(user).by_id
    items = [
        {
            "label": networks[row["network_id"]].name,
            "count": row["count"],
            "url": reverse(url_name, kwargs={"network_slug": networks[row["network_id"]].slug}),
        }
        for row in rows
    ]
    return {"count": sum(item["count"] for item in items), "items": items}


def posts_to_approve_decisions(user) -> dict | None:
    """Posts waiting for a coordinator's approval, per network (one query); not shown to
    someone who coordinates nothing."""
    coordinated = dashboard_networks(user).coordinated_ids
    if not coordinated:
        return None
    rows = (
        Post.objects.filter(thread__network_id__in=coordinated, status=PostStatus.PENDING)
        .values(network_id=F("thread__network_id"))
        .annotate(count=Count("pk"))
        .order_by("-count", "network_id")
    )
    return _per_network(user, rows, "forums:moderation")


def reports_decisions(user) -> dict | None:
    """Open reports of posts, per network (one query); not shown to someone who coordinates
    nothing."""
    coordinated = dashboard_networks(user).coordinated_ids
    if not coordinated:
        return None
    rows = (
        Report.objects.filter(post__thread__network_id__in=coordinated, resolved_at__isnull=True)
        .values(network_id=F("post__thread__network_id"))
        .annotate(count=Count("pk"))
        .order_by("-count", "network_id")
    )
    return _per_network(user, rows, "forums:moderation")
