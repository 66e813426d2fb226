"""Reads for the discussion pages, each in a fixed number of queries whatever the amount of data."""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.postgres.expressions import ArraySubquery
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import Coalesce, JSONObject, RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from core import fragments
from core.rows import Columns, split
from core.search import highlight, search_query
from forums import permissions
from forums.models import (
    POSTS_PER_PAGE,
    Attachment,
    ModerationAction,
    ModerationLog,
    Post,
    PostStatus,
    ReadState,
    Report,
    Subscription,
    Thread,
)
from networks.models import Membership, Network
from networks.permissions import (
    can_view_network_content,
    is_coordinator,
    networks_coordinated_by,
)
from networks.selectors import (
    MEMBER_NETWORK_COLUMNS,
    MEMBER_NETWORK_JOINS,
    MEMBER_NETWORK_SELECT,
    get_network_for_member,
    member_network,
)

THREADS_PER_PAGE = 25


# --- fetch and check -----------------------------------------------------------


# A member's thread with its network, the network's topic and their membership, in one
# query written out (core.rows, with the network's columns and joins of
# networks.selectors.MEMBER_NETWORK_*): through the ORM (the membership with its network,
# then the thread) it took two queries and 2.2 ms of Python, most of it compiling SQL that
# never changes; this takes one and 0.35 ms. Anyone else, and any thread not found this way,
# goes the ORM's way through the same rules.
_THREAD = Columns(Thread)
_MEMBER_THREAD_SQL = f"""
    SELECT {_THREAD.sql}, {MEMBER_NETWORK_SELECT}{{reading}}
    FROM forums_thread
    JOIN networks_network ON networks_network.id = forums_thread.network_id
    {MEMBER_NETWORK_JOINS}
    WHERE forums_thread.id = %s AND networks_network.slug = %s
"""  # noqa: S608 (column lists from the models; the values are bound parameters)
# What the thread page needs of the reader and of the thread's posts, in the same query.
_READING_SQL = """,
    (SELECT last_read_number FROM forums_readstate
        WHERE thread_id = forums_thread.id AND user_id = networks_membership.user_id),
    EXISTS (SELECT 1 FROM forums_subscription
        WHERE thread_id = forums_thread.id AND user_id = networks_membership.user_id),
    (SELECT version FROM forums_threadversion WHERE thread_id = forums_thread.id)"""
_MEMBER_THREAD = _MEMBER_THREAD_SQL.format(reading="")
_MEMBER_THREAD_READING = _MEMBER_THREAD_SQL.format(reading=_READING_SQL)


def _member_thread(user, network_slug: str, pk: int, *, reading: bool) -> Thread | None:
    """The thread through the person's membership of its network (one query), its network
    as networks.selectors.member_network leaves it; None if there is none."""
    with connection.cursor() as cursor:
        cursor.execute(
            _MEMBER_THREAD_READING if reading else _MEMBER_THREAD, [user.pk, pk, network_slug]
        )
        row = cursor.fetchone()
    if row is None:
        return None
    (thread, *network), rest = split(row, _THREAD, *MEMBER_NETWORK_COLUMNS)
    thread = _THREAD.build(thread)
    thread.network = member_network(user, *network)
    if reading:
        thread.reader_read_to, thread.reader_follows, thread.posts_version = rest
    return thread


def get_thread_for_member(user, network_slug: str, pk: int, *, reading: bool = False) -> Thread:
    """A thread of a network the person belongs to and may see, else 404.

    `reading`: with the person's read position and following in the same query, for the
    thread page (`thread.reader_read_to`, `thread.reader_follows`, `thread.posts_version`)."""
    thread = None
    if user.is_authenticated:
        thread = _member_thread(user, network_slug, pk, reading=reading)
    if thread is not None:
        if not can_view_network_content(user, thread.network):
            raise Http404
    else:  # not a member (a 404 today), or no such thread; thread_page reads the rest
        network = get_network_for_member(user, network_slug)
        thread = get_object_or_404(Thread, network=network, pk=pk)
        thread.network = network
    if not permissions.can_view_thread(user, thread):
        raise Http404
    return thread


def get_post_for_member(user, network_slug: str, pk: int) -> Post:
    """A post the person may see, in a network they belong to, else 404."""
    network = get_network_for_member(user, network_slug)
    post = get_object_or_404(
        Post.objects.select_related("thread", "author"), thread__network=network, pk=pk
    )
    post.thread.network = network
    if not permissions.can_view_post(user, post):
        raise Http404
    return post


def _visible_posts(user, network: Network) -> Q:
    """Posts a person sees: published ones, and their own or (coordinators) all waiting ones."""
    if is_coordinator(user, network):
        return Q()
    return Q(status=PostStatus.PUBLISHED) | Q(author=user)


def _visible_threads(user, network: Network) -> Q:
    if is_coordinator(user, network):
        return Q()
    return Q(status=PostStatus.PUBLISHED) | Q(author=user)


# --- author names ----------------------------------------------------------------


def author_label(user, post_or_thread) -> str:
    """What a reader sees as the author: the name, or "anonymous participant" (the author
    alone is reminded it is theirs)."""
    if post_or_thread.is_anonymous and post_or_thread.author_id == user.pk:
        return _("You (anonymous participant)")
    return public_author_label(post_or_thread)


def public_author_label(post_or_thread) -> str:
    """The author as anyone else sees them, for text that others will read (a quote)."""
    if post_or_thread.is_anonymous:
        return _("Anonymous participant")
    author = post_or_thread.author
    return author.public_name if author is not None else _("Former member")


# --- the thread list -------------------------------------------------------------


def _news_since(user, network: Network):
    """Posts count as unread from the day the person joined: a new member is not
    greeted by hundreds of "new" posts, though every earlier one stays readable."""
    membership = _membership(user, network)
    return membership.joined_at if membership is not None else None


def _unread_subquery(user, since):
    read = ReadState.objects.filter(thread=OuterRef(OuterRef("pk")), user=user).values(
        "last_read_number"
    )[:1]
    posts = Post.objects.filter(
        thread=OuterRef("pk"),
        status=PostStatus.PUBLISHED,
        deleted_at__isnull=True,
        hidden_at__isnull=True,
        number__gt=Coalesce(Subquery(read), 0),
    )
    if since is not None:
        posts = posts.filter(created_at__gt=since)
    return Coalesce(
        Subquery(
            posts.exclude(author=user)
            .order_by()
            .values("thread")
            .annotate(total=Count("pk"))
            .values("total"),
            output_field=IntegerField(),
        ),
        0,
    )


def threads_for(user, network: Network) -> QuerySet[Thread]:
    """A network's threads the person sees, pinned first then by last activity, with unread counts."""
    return (
        Thread.objects.filter(network=network)
        .filter(_visible_threads(user, network))
        .select_related("author")
        .annotate(unread=_unread_subquery(user, _news_since(user, network)))
        .order_by("-is_pinned", "-last_post_at", "-pk")
    )


def network_unread_count(user, network: Network) -> int:
    """How many posts the person has not read in the network's threads (one query)."""
    read = ReadState.objects.filter(thread=OuterRef("thread"), user=user).values(
        "last_read_number"
    )[:1]
    posts = Post.objects.filter(
        thread__network=network,
        thread__status=PostStatus.PUBLISHED,
        status=PostStatus.PUBLISHED,
        deleted_at__isnull=True,
        hidden_at__isnull=True,
        number__gt=Coalesce(Subquery(read), 0),
    )
    since = _news_since(user, network)
    if since is not None:
        posts = posts.filter(created_at__gt=since)
    return posts.exclude(author=user).count()


@dataclass
class ThreadListPage:
    network: Network
    membership: Membership | None
    threads: Page
    unread_total: int
    waiting_for_moderation: int = 0
    shown: str = ""


# The thread list's views: all threads, those with unread posts, those I follow.
THREAD_LIST_VIEWS = ("", "nieprzeczytane", "obserwowane")


def thread_list_page(user, network: Network, page_number, shown: str = "") -> ThreadListPage:
    """The thread list: a page of threads with author labels and unread counts, and the totals."""
    threads = threads_for(user, network)
    if shown == "nieprzeczytane":
        threads = threads.filter(unread__gt=0)
    elif shown == "obserwowane":
        threads = threads.filter(subscriptions__user=user)
    page = Paginator(threads, THREADS_PER_PAGE).get_page(page_number)
    for thread in page.object_list:
        thread.network = network
        thread.author_label = author_label(user, thread)
    waiting = 0
    if is_coordinator(user, network):
        waiting = moderation_waiting_count(network)
    return ThreadListPage(
        network=network,
        membership=_membership(user, network),
        threads=page,
        unread_total=network_unread_count(user, network),
        waiting_for_moderation=waiting,
        shown=shown,
    )


def _membership(user, network: Network) -> Membership | None:
    from networks.permissions import membership_of

    return membership_of(user, network)


def moderation_waiting_count(network: Network) -> int:
    """Posts waiting for approval plus open reports (two queries)."""
    pending = Post.objects.filter(thread__network=network, status=PostStatus.PENDING).count()
    reports = Report.objects.filter(post__thread__network=network, resolved_at__isnull=True)
    return pending + reports.count()


def unread_threads(user, network_ids: list[int], *, limit: int) -> list[Thread]:
    """Published threads of these networks with posts the person has not read, followed ones
    first, then by last activity, with the unread count (one query whatever the numbers).

    Unread counts from the day the person joined each network, as on its thread list."""
    joined = Membership.objects.filter(network=OuterRef("network"), user=user).values("joined_at")[
        :1
    ]
    read = ReadState.objects.filter(thread=OuterRef("pk"), user=user).values("last_read_number")[:1]
    return list(
        Thread.objects.filter(network_id__in=network_ids, status=PostStatus.PUBLISHED)
        .annotate(
            member_since=Subquery(joined),
            read_to=Coalesce(Subquery(read), 0),
        )
        # Cheap filters first: nothing past what was read, nothing older than the membership.
        .filter(last_number__gt=F("read_to"), last_post_at__gt=F("member_since"))
        .annotate(
            unread=_unread_subquery(user, OuterRef("member_since")),
            followed=Exists(Subscription.objects.filter(thread=OuterRef("pk"), user=user)),
        )
        .filter(unread__gt=0)
        .order_by("-followed", "-last_post_at", "-pk")[:limit]
    )


# --- the thread page --------------------------------------------------------------------


@dataclass
class ThreadPage:
    thread: Thread
    membership: Membership | None
    posts: list[Post]
    page_number: int
    page_count: int
    last_read_number: int
    is_following: bool
    first_unread_number: int | None = None
    page_numbers: list[int] = field(default_factory=list)

    @property
    def has_previous(self) -> bool:
        return self.page_number > 1

    @property
    def has_next(self) -> bool:
        return self.page_number < self.page_count


def _page_number(value, page_count: int) -> int:
    if value == "last":
        return page_count
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), page_count)


def _attachment_rows():
    """A post's attachments as the page shows them, in the posts' own query."""
    return ArraySubquery(
        Attachment.objects.filter(post=OuterRef("pk"))
        .order_by("pk")
        .values(
            row=JSONObject(pk="pk", name="name", size="size", is_image="is_image"),
        )
    )


# Posts of a page, as every reader's page starts from them (before the reader's rule of
# what they may see); a day unless asked for again. Authors come with what a post shows of
# them (their name, their erasure) and nothing else: no e-mail or password hash is cached.
PAGE_POSTS_TIMEOUT = 24 * 60 * 60
_AUTHOR_SHOWN = ("author__id", "author__display_name", "author__erased_at")
_POST_READ = tuple(
    field.name
    for field in Post._meta.concrete_fields
    if field.name not in ("body", "search_vector")  # the page shows body_html; search never
)


def _page_posts(thread: Thread, start: int) -> list[Post]:
    """The posts numbered [start, start + 30) of any status, with their authors, quoted
    numbers and attachments (one query), from the shared cache while the thread's
    ThreadVersion stays the same (pages without an anonymous post only)."""
    version = getattr(thread, "posts_version", None)
    if version is None:  # not asked for (or no post since): read, not cached
        return _read_page_posts(thread, start)
    key = f"forums:page-posts:{thread.pk}:{start}:{version}:{fragments.code_version()}"
    found = fragments.get_many([key])
    if key in found:
        return found[key]
    posts = _read_page_posts(thread, start)
    # An anonymous post's author is kept in the post's row alone (docs/anonymity.md): a
    # page holding one is read each time, never copied into a cache.
    if not any(post.is_anonymous for post in posts):
        fragments.set_many({key: posts}, PAGE_POSTS_TIMEOUT)
    return posts


def _read_page_posts(thread: Thread, start: int) -> list[Post]:
    return list(
        Post.objects.filter(thread=thread, number__gte=start, number__lt=start + POSTS_PER_PAGE)
        .select_related("author")
        .only(*_POST_READ, *_AUTHOR_SHOWN)
        .annotate(quoted_number=F("quoted__number"), attachment_rows=_attachment_rows())
        .order_by("number")
    )


def thread_page(user, thread: Thread, page_value) -> ThreadPage:
    """One page of a thread (posts numbered ((page-1)*30, page*30]) that the person may see,
    with their attachments, each post's capabilities for the person, and read state (no
    query with a thread from get_thread_for_member(reading=True) whose posts are cached,
    one when not, two or three without reading=True)."""
    network = thread.network
    page_count = thread.page_count
    page_number = _page_number(page_value, page_count)
    start = (page_number - 1) * POSTS_PER_PAGE + 1
    posts = _page_posts(thread, start)
    for post in posts:
        post.thread = thread
    # The rule of can_view_post, asked per post: the cached page holds every status.
    posts = [post for post in posts if permissions.can_view_post(user, post)]
    if hasattr(thread, "reader_read_to"):
        last_read, following = thread.reader_read_to or 0, thread.reader_follows
    else:
        state = ReadState.objects.filter(user=user, thread=thread).values_list(
            "last_read_number", flat=True
        )
        last_read = next(iter(state), 0)
        following = Subscription.objects.filter(user=user, thread=thread).exists()
    since = _news_since(user, network)
    for post in posts:
        post.author_label = author_label(user, post)
        post.capabilities = permissions.post_capabilities(user, post)
        post.is_new = (
            post.number > last_read
            and post.author_id != user.pk
            and (since is None or post.created_at > since)
        )
    first_new = next((p.number for p in posts if p.is_new), None)
    window = range(max(1, page_number - 3), min(page_count, page_number + 3) + 1)
    return ThreadPage(
        thread=thread,
        membership=_membership(user, network),
        posts=posts,
        page_number=page_number,
        page_count=page_count,
        last_read_number=last_read,
        is_following=following,
        first_unread_number=first_new,
        page_numbers=sorted({1, page_count, *window}),
    )


def first_unread_post(user, thread: Thread) -> Post | None:
    """The first post the person has not read yet, or None when all is read (one query)."""
    read = ReadState.objects.filter(user=user, thread=thread).values("last_read_number")[:1]
    posts = Post.objects.filter(
        thread=thread, number__gt=Coalesce(Subquery(read), 0), deleted_at__isnull=True
    )
    since = _news_since(user, thread.network)
    if since is not None:
        posts = posts.filter(created_at__gt=since)
    return (
        posts.filter(_visible_posts(user, thread.network))
        .exclude(author=user)
        .order_by("number")
        .only("pk", "number")
        .first()
    )


# --- search ----------------------------------------------------------------------------


@dataclass
class SearchHit:
    post: Post
    snippet: str
    title: str


def search_posts(user, network: Network, text: str, *, limit: int = 50) -> list[SearchHit]:
    """Posts of the network's threads matching the Polish-aware query, newest first, with snippets."""
    query = search_query(text)
    if query is None:
        return []
    posts = (
        Post.objects.filter(
            thread__network=network,
            search_vector=query,
            deleted_at__isnull=True,
            hidden_at__isnull=True,
            status=PostStatus.PUBLISHED,
            thread__status=PostStatus.PUBLISHED,
        )
        .select_related("thread")
        .order_by("-created_at", "-pk")[:limit]
    )
    hits = []
    for post in posts:
        post.thread.network = network
        title_hit = highlight(post.thread.title, text, length=200)
        hits.append(SearchHit(post=post, snippet=highlight(post.body_html, text), title=title_hit))
    return hits


# --- moderation ----------------------------------------------------------------------


@dataclass
class ModerationPage:
    pending: list[Post]
    reports: list[Report]
    log: list[ModerationLog]


def moderation_page(user, network: Network, *, log_limit: int = 100) -> ModerationPage:
    """What waits for the coordinators (posts to approve, open reports) and the recent log
    (4 queries, 5 when the person revealed an author).

    Moderation needs no author: a pending or reported anonymous post shows "anonymous
    participant" like everywhere else. The one exception is the person's own reveal
    entries, where they read the name they asked for (`entry.revealed_author`).
    """
    pending = list(
        Post.objects.filter(thread__network=network, status=PostStatus.PENDING)
        .select_related("thread", "author")
        .order_by("created_at")
    )
    reports = list(
        Report.objects.filter(post__thread__network=network, resolved_at__isnull=True)
        .select_related("post__thread", "post__author", "reporter")
        .order_by("created_at")
    )
    for post in pending:
        post.thread.network = network
        post.author_label = author_label(user, post)
    for report in reports:
        report.post.thread.network = network
        report.post.author_label = author_label(user, report.post)
    log = list(
        ModerationLog.objects.filter(network=network)
        .select_related("actor", "thread", "post")
        .order_by("-created_at", "-pk")[:log_limit]
    )
    _attach_revealed_authors(user, log)
    return ModerationPage(pending=pending, reports=reports, log=log)


def _attach_revealed_authors(user, log: list[ModerationLog]) -> None:
    """Name the author on the person's own reveal entries only (one query, none without any)."""
    own = [
        entry
        for entry in log
        if entry.action == ModerationAction.REVEAL
        and entry.actor_id == user.pk
        and entry.post_id is not None
    ]
    if not own:
        return
    posts = Post.objects.filter(pk__in={entry.post_id for entry in own}).select_related("author")
    posts = {post.pk: post for post in posts}
    for entry in own:
        author = posts[entry.post_id].author
        entry.revealed_author = author.public_name if author else _("Former member")


def coordinated_networks(user, *, exclude: Network) -> list[Network]:
    """Other active networks the person coordinates (where a thread may be moved)."""
    return list(
        networks_coordinated_by(user)
        .filter(archived_at__isnull=True)
        .exclude(pk=exclude.pk)
        .order_by("name")
    )


# --- digest --------------------------------------------------------------------------


def new_posts_for_digests(readers, until: datetime, *, limit: int = 50) -> dict[int, list[Post]]:
    """Published posts by others in each reader's networks between their since and until, the
    newest `limit` of each, by user id: two queries for any number of readers and posts (which
    post each reader gets, then each post once, however many readers it has).

    The person's own anonymous posts are listed too, as anyone else's: a digest that left
    them out would tell a reader of the e-mail record who wrote them."""
    from notifications.digest import readers_since

    if not readers:
        return {}
    reader = "thread__network__memberships__user_id"
    chosen = list(
        Post.objects.filter(
            readers_since(readers, reader=reader, after="created_at__gt"),
            thread__status=PostStatus.PUBLISHED,
            status=PostStatus.PUBLISHED,
            deleted_at__isnull=True,
            hidden_at__isnull=True,
            created_at__lte=until,
        )
        .annotate(reader_id=F(reader))
        .exclude(author_id=F("reader_id"), is_anonymous=False)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("reader_id")],
                order_by=[F("created_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=limit)
        .order_by("reader_id", "rank")
        .values_list("reader_id", "pk")
    )
    if not chosen:
        return {}
    posts = (
        Post.objects.select_related("thread__network", "author")
        .only(
            "number",
            "is_anonymous",
            "created_at",
            "thread__title",
            "thread__network__name",
            "thread__network__slug",
            "author__display_name",
            "author__erased_at",
        )
        .in_bulk({pk for _reader_id, pk in chosen})
    )
    found: dict[int, list[Post]] = {}
    for reader_id, pk in chosen:
        found.setdefault(reader_id, []).append(posts[pk])
    return found
