"""Writing: threads, posts, their rendering, attachments and the notices they send."""

import uuid
from collections.abc import Sequence

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Value
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from accounts.models import User
from core import statements
from core.markdown import render_markdown
from core.rows import instance
from core.search import search_document
from core.uploads import CheckedUpload, ensure_checked
from forums import permissions
from forums.app_settings import MAX_ATTACHMENTS
from forums.mentions import emphasise_mentions, find_mentions
from forums.models import (
    Attachment,
    ForumSettings,
    Post,
    PostRevision,
    PostStatus,
    Thread,
)
from forums.services.reading import READ_UP_TO_SQL, _subscribe, read_up_to_params
from networks.models import ActivityKind, Network
from networks.permissions import is_coordinator
from networks.services import activity_record
from notifications.models import Category
from notifications.services import RECIPIENT_FIELDS, notify

# --- rendering ----------------------------------------------------------------


def _render(body: str, network: Network) -> tuple[str, list[User]]:
    mentions = find_mentions(body, network)
    html = render_markdown(emphasise_mentions(body, mentions))
    people = list({m.user.pk: m.user for m in mentions}.values())
    return html, people


def post_preview(*, network: Network, body: str) -> str:
    """The HTML a post would have (for the preview; nothing is stored)."""
    return _render(body, network)[0]


_SEARCH_CONFIG = "simple"


def _search_document(post: Post, *, first: bool) -> str:
    """What the post's search_vector column is made of (its thread's title too for the
    first post)."""
    return search_document(post.thread.title if first else "", post.body)


def _search_vector(post: Post) -> SearchVector:
    return SearchVector(
        Value(_search_document(post, first=post.number == 1)), config=_SEARCH_CONFIG
    )


def _refresh_search(post: Post) -> None:
    Post.objects.filter(pk=post.pk).update(search_vector=_search_vector(post))


def _store_files(post: Post, uploads: Sequence[CheckedUpload]) -> None:
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError(
            ngettext(
                "Attach at most %(count)d file.", "Attach at most %(count)d files.", MAX_ATTACHMENTS
            )
            % {"count": MAX_ATTACHMENTS},
            code="too_many_files",
        )
    for upload in map(ensure_checked, uploads):
        stored_name = f"{uuid.uuid4().hex}-{upload.name}"
        attachment = Attachment(
            post=post,
            name=upload.name,
            content_type=upload.kind.content_type,
            size=upload.size,
            is_image=upload.kind.is_image,
        )
        attachment.file.save(stored_name, upload.content, save=False)
        if upload.thumbnail is not None:
            attachment.thumbnail.save(f"thumb-{stored_name}", upload.thumbnail, save=False)
        attachment.save()


# Asked at every post; compiled once (core.statements): compiling cost three times the query.
_APPROVING = statements.CompiledRead(
    lambda: ForumSettings.objects.filter(
        network_id=statements.value("network"), approve_first_posts=True
    ).values_list("pk")
)


def _needs_approval(author: User, network: Network) -> bool:
    if not _APPROVING.rows(network=network.pk):
        return False
    if is_coordinator(author, network):
        return False
    return not Post.objects.filter(
        thread__network=network, author=author, status=PostStatus.PUBLISHED
    ).exists()


# --- writing ------------------------------------------------------------------


def _add_post(
    *,
    thread: Thread,
    author: User,
    body: str,
    anonymous: bool,
    quoted: Post | None,
    files: Sequence[CheckedUpload],
    status: str,
) -> Post:
    # From the statement that numbers the post until the commit, the thread's row is locked
    # and everyone else replying to the thread waits: everything that does not need the
    # number comes first (the Markdown, following, the post's id and its count in the
    # statistics), and the number, the post and the author's read position are one statement.
    html, mentioned = _render(body, thread.network)
    _subscribe(author, thread)
    published = status == PostStatus.PUBLISHED
    post = Post(
        pk=_next_post_id(),
        thread=thread,
        author=author,
        is_anonymous=anonymous,
        body=body,
        body_html=html,
        quoted=quoted,
        status=status,
        created_at=timezone.now(),
    )
    first = thread.last_number == 0  # a new thread's first post
    if published:
        _count_in_statistics(post, first=first)
    _insert_numbered(post, published=published, first=first)
    thread.last_number = post.number
    _store_files(post, files)
    if published:
        mentioned_ids = [person.pk for person in mentioned]
        transaction.on_commit(lambda: _notify(post, mentioned_ids))
    return post


def _next_post_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [Post._meta.db_table])
        return cursor.fetchone()[0]


# The post's columns as post.save(force_insert=True) would write them, but its number,
# taken in the same statement (_insert_numbered), and its search document (_search_vector).
_POST_FIELDS = [field for field in Post._meta.concrete_fields if field.attname != "search_vector"]
_POST_VALUES = ", ".join(
    "numbered.last_number" if field.attname == "number" else f"%s::{field.db_type(connection)}"
    for field in _POST_FIELDS
)
_INSERT_NUMBERED_SQL = f"""
    WITH numbered AS (
        UPDATE {Thread._meta.db_table} SET last_number = last_number + 1{{counted}}
        WHERE id = %s RETURNING last_number
    ), post AS (
        INSERT INTO {Post._meta.db_table}
            ({", ".join(f'"{field.column}"' for field in _POST_FIELDS)}, search_vector)
        SELECT {_POST_VALUES}, to_tsvector('{_SEARCH_CONFIG}'::regconfig, %s) FROM numbered
        RETURNING number
    ), reader AS (
        {READ_UP_TO_SQL.format(number="post.number", source="FROM post")}
    )
    SELECT number FROM post
"""  # noqa: S608 (names from the models; the values are bound parameters)


def _insert_numbered(post: Post, *, published: bool, first: bool) -> None:
    """Number the post (the next in its thread, whose row stays locked until the transaction
    ends: posts are numbered one after another), write it, count it in the thread if it is
    published, and move its author's read position to it: one statement."""
    thread = post.thread
    counted = ", last_post_at = %s, post_count = post_count + 1" if published else ""
    columns = [
        field.get_db_prep_save(getattr(post, field.attname), connection)
        for field in _POST_FIELDS
        if field.attname != "number"
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            _INSERT_NUMBERED_SQL.format(counted=counted),
            [
                *([post.created_at] if published else []),
                thread.pk,
                *columns,
                _search_document(post, first=first),
                *read_up_to_params(post.author, thread.pk),
            ],
        )
        post.number = cursor.fetchone()[0]
    post._state.adding = False
    post._state.db = connection.alias


def _count_in_statistics(post: Post, *, first: bool) -> None:
    """The post (and, for a thread's first post, the thread) in the activity statistics;
    an anonymous post without its author, its key or its exact time (activity_record says
    what that costs the statistics)."""
    thread = post.thread
    activity_record(
        network_id=thread.network_id,
        user=post.author,
        kind=ActivityKind.POST,
        object_key=f"forums.post:{post.pk}",
        anonymous=post.is_anonymous,
    )
    if first:
        activity_record(
            network_id=thread.network_id,
            user=post.author,
            kind=ActivityKind.THREAD,
            object_key=f"forums.thread:{thread.pk}",
            anonymous=post.is_anonymous,
        )


def _after_publish(post: Post, mentioned: list[User]) -> None:
    """Count a post published later (approved) in the statistics and, once committed, tell
    followers and those mentioned."""
    _count_in_statistics(post, first=post.number == 1)
    mentioned_ids = [person.pk for person in mentioned]
    transaction.on_commit(lambda: _notify(post, mentioned_ids))


def _actor(post: Post) -> User | None:
    """Whom notify() leaves out as the one who acted. Nobody for an anonymous post: its
    author, who follows the thread, gets the same notification as every other follower,
    or the one follower without a row (and without an e-mail) would be its author."""
    return None if post.is_anonymous else post.author


# The thread's followers who are active members of its network, as notify() needs them.
_FOLLOWERS = statements.CompiledRead(
    lambda: (
        User.objects.filter(
            memberships__network_id=statements.value("network"),
            is_active=True,
            forum_subscriptions__thread_id=statements.value("thread"),
        )
        .order_by()
        .values_list(*RECIPIENT_FIELDS)
    )
)


def _notify(post: Post, mentioned_ids: list[int]) -> None:
    """Tell followers and those mentioned about a post, once it is committed. The post is
    the one just written (its thread, network and author loaded), not read again."""
    thread, author = post.thread, post.author
    url = post.get_absolute_url()
    params = {"thread": thread.title, "network": thread.network.name}
    if not post.is_anonymous and author is not None:
        params["author"] = author.public_name
    members = User.objects.filter(memberships__network=thread.network, is_active=True).only(
        *RECIPIENT_FIELDS
    )
    # Most posts mention nobody: no query to prepare for them.
    mentioned = list(members.filter(pk__in=mentioned_ids)) if mentioned_ids else []
    if mentioned:
        notify(
            recipients=mentioned,
            category=Category.MENTION,
            text=gettext_noop("An anonymous participant mentioned you in “%(thread)s”")
            if post.is_anonymous
            else gettext_noop("%(author)s mentioned you in “%(thread)s”"),
            params=params,
            url=url,
            network_id=thread.network_id,
            item_key=f"forums.post:{post.pk}",
            actor=_actor(post),
            thread=f"forum-thread.{thread.pk}",
            reply_key=f"forums.thread:{thread.pk}",
        )
    if post.number > 1:
        if mentioned_ids:
            followers = members.filter(forum_subscriptions__thread=thread).exclude(
                pk__in=mentioned_ids
            )
        else:  # every reply asks: compiled once (core.statements), the people made from rows
            followers = [
                instance(User, RECIPIENT_FIELDS, row)
                for row in _FOLLOWERS.rows(network=thread.network_id, thread=thread.pk)
            ]
        notify(
            recipients=list(followers),
            category=Category.REPLY,
            text=gettext_noop("An anonymous participant replied in “%(thread)s”")
            if post.is_anonymous
            else gettext_noop("%(author)s replied in “%(thread)s”"),
            params=params,
            url=url,
            network_id=thread.network_id,
            item_key=f"forums.post:{post.pk}",
            actor=_actor(post),
            thread=f"forum-thread.{thread.pk}",
            reply_key=f"forums.thread:{thread.pk}",
        )


def _check_anonymous(author: User, network: Network, anonymous: bool) -> None:
    if anonymous and not permissions.can_post_anonymously(author, network):
        raise ValidationError(_("This network does not allow anonymous posts."), code="anonymous")


def _clean_text(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write something first."), code="empty")
    return body


@transaction.atomic
def thread_create(
    *,
    network: Network,
    author: User,
    title: str,
    body: str,
    anonymous: bool = False,
    files: Sequence[CheckedUpload] = (),
) -> Thread:
    """A member starts a thread with its first post (waiting for approval if the network asks so)."""
    if not permissions.can_create_thread(author, network):
        raise PermissionDenied
    _check_anonymous(author, network, anonymous)
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("Give the thread a title."), code="empty_title")
    body = _clean_text(body)
    status = PostStatus.PENDING if _needs_approval(author, network) else PostStatus.PUBLISHED
    thread = Thread.objects.create(
        network=network, title=title[:200], author=author, is_anonymous=anonymous, status=status
    )
    thread.network = network
    _add_post(
        thread=thread,
        author=author,
        body=body,
        anonymous=anonymous,
        quoted=None,
        files=files,
        status=status,
    )
    thread.refresh_from_db()
    thread.network = network
    return thread


@transaction.atomic
def thread_reply(
    *,
    thread: Thread,
    author: User,
    body: str,
    anonymous: bool = False,
    quoted: Post | None = None,
    files: Sequence[CheckedUpload] = (),
) -> Post:
    """A member replies (optionally quoting a post) and follows the thread from then on."""
    if not permissions.can_reply_thread(author, thread):
        raise PermissionDenied
    _check_anonymous(author, thread.network, anonymous)
    if quoted is not None and (
        quoted.thread_id != thread.pk or not permissions.can_quote_post(author, quoted)
    ):
        raise ValidationError(_("This post cannot be quoted."), code="quote")
    body = _clean_text(body)
    status = PostStatus.PENDING if _needs_approval(author, thread.network) else PostStatus.PUBLISHED
    return _add_post(
        thread=thread,
        author=author,
        body=body,
        anonymous=anonymous,
        quoted=quoted,
        files=files,
        status=status,
    )


@transaction.atomic
def post_edit(*, post: Post, by: User, body: str, title: str | None = None) -> Post:
    """The author edits a post; the earlier text is kept for the moderators and the post is marked edited."""
    if not permissions.can_edit_post(by, post):
        raise PermissionDenied
    body = _clean_text(body)
    thread = post.thread
    new_title = (title or "").strip()[:200] if title is not None and post.number == 1 else ""
    if body == post.body and (not new_title or new_title == thread.title):
        return post
    PostRevision.objects.create(
        post=post,
        body=post.body,
        body_html=post.body_html,
        # Only the author edits; for an anonymous post, naming them here would tie them
        # to the post (with a time) in a second table and show them to the moderators.
        edited_by=None if post.is_anonymous else by,
        replaced_at=timezone.now(),
    )
    old_mentions = {m.user.pk for m in find_mentions(post.body, thread.network)}
    post.body = body
    post.body_html, mentioned = _render(body, thread.network)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "body_html", "edited_at"])
    if new_title and new_title != thread.title:
        thread.title = new_title
        thread.save(update_fields=["title"])
    _refresh_search(post)
    new_people = [person.pk for person in mentioned if person.pk not in old_mentions]
    if new_people and post.status == PostStatus.PUBLISHED:
        post_id = post.pk
        transaction.on_commit(lambda: _notify_mentions_only(post_id, new_people))
    return post


def _notify_mentions_only(post_id: int, mentioned_ids: list[int]) -> None:
    post = Post.objects.select_related("thread__network", "author").get(pk=post_id)
    params = {"thread": post.thread.title, "network": post.thread.network.name}
    if not post.is_anonymous and post.author is not None:
        params["author"] = post.author.public_name
    notify(
        recipients=User.objects.filter(
            memberships__network=post.thread.network, pk__in=mentioned_ids
        ),
        category=Category.MENTION,
        text=gettext_noop("An anonymous participant mentioned you in “%(thread)s”")
        if post.is_anonymous
        else gettext_noop("%(author)s mentioned you in “%(thread)s”"),
        params=params,
        url=post.get_absolute_url(),
        network_id=post.thread.network_id,
        item_key=f"forums.post:{post.pk}",
        actor=_actor(post),
        thread=f"forum-thread.{post.thread_id}",
        reply_key=f"forums.thread:{post.thread_id}",
    )


@transaction.atomic
def post_delete(*, post: Post, by: User) -> Post:
    """The author deletes a post: it keeps its place as "deleted" so the thread stays readable."""
    if not permissions.can_delete_post(by, post):
        raise PermissionDenied
    post.deleted_at = timezone.now()
    post.save(update_fields=["deleted_at"])
    Post.objects.filter(pk=post.pk).update(search_vector=None)
    return post
