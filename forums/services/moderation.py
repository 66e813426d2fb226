"""Moderation by coordinators: pin, lock, move, hide, approve, reports, reveal; all logged."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from forums import permissions
from forums.mentions import find_mentions
from forums.models import (
    ForumSettings,
    ModerationAction,
    ModerationLog,
    Post,
    PostStatus,
    Report,
    Thread,
)
from forums.services.posting import _after_publish
from networks.models import Network
from networks.permissions import coordinators_of
from notifications.mail import absolute_url
from notifications.models import Category, EmailKind
from notifications.services import NOTIFICATION_EMAIL_TEMPLATE, email_user, notify


def _log(
    *, network: Network, actor: User, action: str, thread=None, post=None, reason="", details=""
):
    return ModerationLog.objects.create(
        network=network,
        actor=actor,
        action=action,
        thread=thread,
        post=post,
        reason=reason[:500],
        details=details[:300],
    )


@transaction.atomic
def thread_pin(*, thread: Thread, by: User, pinned: bool) -> Thread:
    """A coordinator pins a thread to the top of the list (or unpins it)."""
    if not (
        permissions.can_moderate_thread(by, thread)
        or permissions.can_moderate_thread_in_admin(by, thread)
    ):
        raise PermissionDenied
    thread.is_pinned = pinned
    thread.save(update_fields=["is_pinned"])
    action = ModerationAction.PIN if pinned else ModerationAction.UNPIN
    _log(network=thread.network, actor=by, action=action, thread=thread)
    return thread


@transaction.atomic
def thread_lock(*, thread: Thread, by: User, locked: bool) -> Thread:
    """A coordinator locks a thread (no more replies from members) or unlocks it."""
    if not (
        permissions.can_moderate_thread(by, thread)
        or permissions.can_moderate_thread_in_admin(by, thread)
    ):
        raise PermissionDenied
    thread.is_locked = locked
    thread.save(update_fields=["is_locked"])
    action = ModerationAction.LOCK if locked else ModerationAction.UNLOCK
    _log(network=thread.network, actor=by, action=action, thread=thread)
    return thread


@transaction.atomic
def thread_move(*, thread: Thread, by: User, to_network: Network, reason: str = "") -> Thread:
    """A coordinator moves a thread to another active network they also coordinate."""
    if not permissions.can_moderate_thread(by, thread):
        raise PermissionDenied
    if to_network.pk == thread.network_id:
        raise ValidationError(_("The thread is already in this network."), code="same_network")
    if not permissions.can_move_thread(by, thread, to_network):
        raise PermissionDenied
    source = thread.network
    thread.network = to_network
    thread.save(update_fields=["network"])
    _log(
        network=source,
        actor=by,
        action=ModerationAction.MOVE_OUT,
        thread=thread,
        reason=reason,
        details=to_network.name,
    )
    _log(
        network=to_network,
        actor=by,
        action=ModerationAction.MOVE_IN,
        thread=thread,
        reason=reason,
        details=source.name,
    )
    return thread


@transaction.atomic
def post_hide(*, post: Post, by: User, reason: str) -> Post:
    """A coordinator hides a post from members, saying why; the reason is shown in its place."""
    if not permissions.can_hide_post(by, post):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the post is hidden."), code="no_reason")
    post.hidden_at, post.hidden_by, post.hidden_reason = timezone.now(), by, reason[:500]
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    Report.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=by
    )
    _log(
        network=post.thread.network,
        actor=by,
        action=ModerationAction.HIDE,
        thread=post.thread,
        post=post,
        reason=reason,
    )
    return post


@transaction.atomic
def post_unhide(*, post: Post, by: User) -> Post:
    """A coordinator shows a hidden post again."""
    if not permissions.can_hide_post(by, post) or not post.is_hidden:
        raise PermissionDenied
    post.hidden_at, post.hidden_by, post.hidden_reason = None, None, ""
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    _log(
        network=post.thread.network,
        actor=by,
        action=ModerationAction.UNHIDE,
        thread=post.thread,
        post=post,
    )
    return post


@transaction.atomic
def post_approve(*, post: Post, by: User) -> Post:
    """A coordinator approves a waiting post: it (and a new thread) becomes visible and is announced."""
    if not permissions.can_approve_post(by, post):
        raise PermissionDenied
    thread = post.thread
    now = timezone.now()
    post.status = PostStatus.PUBLISHED
    post.save(update_fields=["status"])
    updates = {"post_count": F("post_count") + 1, "last_post_at": now}
    if post.number == 1:
        updates["status"] = PostStatus.PUBLISHED
        thread.status = PostStatus.PUBLISHED
    Thread.objects.filter(pk=thread.pk).update(**updates)
    _log(
        network=thread.network,
        actor=by,
        action=ModerationAction.APPROVE,
        thread=thread,
        post=post,
    )
    _after_publish(post, [m.user for m in find_mentions(post.body, thread.network)])
    return post


@transaction.atomic
def post_reject(*, post: Post, by: User, reason: str = "") -> Post:
    """A coordinator rejects a waiting post; only its author and the coordinators still see it."""
    if not permissions.can_approve_post(by, post):
        raise PermissionDenied
    post.status = PostStatus.REJECTED
    post.save(update_fields=["status"])
    if post.number == 1:
        Thread.objects.filter(pk=post.thread_id).update(status=PostStatus.REJECTED)
        post.thread.status = PostStatus.REJECTED
    _log(
        network=post.thread.network,
        actor=by,
        action=ModerationAction.REJECT,
        thread=post.thread,
        post=post,
        reason=reason,
    )
    return post


@transaction.atomic
def post_report(*, post: Post, by: User, reason: str) -> Report:
    """A member reports a post to the coordinators, who are notified."""
    if not permissions.can_report_post(by, post):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Tell the coordinators what is wrong."), code="no_reason")
    if Report.objects.filter(post=post, reporter=by, resolved_at__isnull=True).exists():
        raise ValidationError(_("You have already reported this post."), code="duplicate")
    report = Report.objects.create(post=post, reporter=by, reason=reason[:2000])
    network = post.thread.network
    coordinators = list(coordinators_of(network))
    url = post.get_absolute_url()
    transaction.on_commit(
        lambda: notify(
            recipients=coordinators,
            category=Category.MODERATION,
            text=gettext_noop("A post in “%(thread)s” was reported to the coordinators"),
            params={"thread": post.thread.title, "network": network.name},
            url=url,
            network_id=network.pk,
            item_key=f"forums.report:{report.pk}",
            actor=by,
        )
    )
    return report


@transaction.atomic
def report_dismiss(*, report: Report, by: User) -> Report:
    """A coordinator closes a report without hiding the post."""
    post = report.post
    if not permissions.can_moderate_thread(by, post.thread) or report.resolved_at is not None:
        raise PermissionDenied
    report.resolved_at, report.resolved_by = timezone.now(), by
    report.save(update_fields=["resolved_at", "resolved_by"])
    _log(
        network=post.thread.network,
        actor=by,
        action=ModerationAction.DISMISS_REPORT,
        thread=post.thread,
        post=post,
    )
    return report


@transaction.atomic
def author_reveal(*, post: Post, by: User, reason: str) -> User | None:
    """A coordinator or staff member learns who wrote an anonymous post, giving a reason;
    the reveal is logged and the author is told who revealed it and why.

    This is the only way the author of an anonymous post is learned. The log entry names
    the post, the revealer and the reason, never the author: the revealer reads the name
    from the post when they look at their own entry (selectors.moderation_page), everyone
    else still sees "anonymous participant".
    """
    if not permissions.can_reveal_post_author(by, post):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            _("Say why you need to know who wrote the post; the author will read it."),
            code="no_reason",
        )
    thread = post.thread
    entry = _log(
        network=thread.network,
        actor=by,
        action=ModerationAction.REVEAL,
        thread=thread,
        post=post,
        reason=reason,
    )
    author = post.author
    if author is not None:
        transaction.on_commit(lambda: _tell_author_of_reveal(entry.pk))
    return author


REVEAL_TEXT = gettext_noop(
    "%(name)s revealed that you wrote an anonymous post in “%(thread)s”. Reason: %(reason)s"
)


def _tell_author_of_reveal(entry_id: int) -> None:
    """In the app and by e-mail, whatever the author's preferences: being identified is
    something a person must always learn about, like a change of their password."""
    entry = ModerationLog.objects.select_related("actor", "post__author", "thread", "network").get(
        pk=entry_id
    )
    author = entry.post.author if entry.post is not None else None
    if author is None:
        return
    params = {
        "name": entry.actor.public_name if entry.actor else _("Platform staff"),
        "thread": entry.thread.title if entry.thread else "",
        "network": entry.network.name,
        "reason": entry.reason,
    }
    url = entry.post.get_absolute_url()
    item_key = f"forums.reveal:{entry.pk}"
    sent = notify(
        recipients=[author],
        category=Category.MODERATION,
        text=REVEAL_TEXT,
        params=params,
        url=url,
        network_id=entry.network_id,
        item_key=item_key,
    )
    for notification in sent:
        if notification.emailed_at is None and author.is_active and author.email:
            email_user(
                user=author,
                kind=EmailKind.NOTIFICATION,
                category=Category.MODERATION,
                subject=REVEAL_TEXT,
                subject_params=params,
                template=NOTIFICATION_EMAIL_TEMPLATE,
                context={"notification": notification, "url": absolute_url(url)},
                item_key=item_key,
                unsubscribe=False,
            )


@transaction.atomic
def forum_settings_update(
    *, network: Network, by: User, approve_first_posts: bool
) -> ForumSettings:
    """Coordinators decide whether new members' first posts wait for approval."""
    if not permissions.can_moderate_network(by, network) or network.is_archived:
        raise PermissionDenied
    row, _created = ForumSettings.objects.get_or_create(network=network)
    if row.approve_first_posts != approve_first_posts:
        row.approve_first_posts = approve_first_posts
        row.save(update_fields=["approve_first_posts"])
        _log(
            network=network,
            actor=by,
            action=ModerationAction.SETTINGS,
            details=_("approval of first posts: %(state)s")
            % {"state": _("on") if approve_first_posts else _("off")},
        )
    return row
