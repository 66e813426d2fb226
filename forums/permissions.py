"""Who may do what in a network's threads: one function per capability.

Membership is fetched once per network object (networks.permissions.membership_of
caches it), so a page checks many rules with one query.
"""

from dataclasses import dataclass

from forums.models import Attachment, Post, PostStatus, Thread
from networks.models import Network
from networks.permissions import can_contribute, can_manage_network, is_coordinator, is_member


def can_view_threads(user, network: Network) -> bool:
    """A network's threads are for its members only, always."""
    return is_member(user, network)


def can_create_thread(user, network: Network) -> bool:
    """Members start threads in a network that is not archived."""
    return can_contribute(user, network)


def can_post_anonymously(user, network: Network) -> bool:
    """Members post as "anonymous participant" where the coordinators allow it."""
    return can_contribute(user, network) and network.allow_anonymous_posts


def can_moderate_network(user, network: Network) -> bool:
    """The network's coordinators moderate its threads."""
    return is_coordinator(user, network)


def can_view_thread(user, thread: Thread) -> bool:
    """Members see published threads; one waiting for approval only its author and coordinators."""
    if not is_member(user, thread.network):
        return False
    if thread.status == PostStatus.PUBLISHED:
        return True
    return thread.author_id == user.pk or is_coordinator(user, thread.network)


def can_reply_thread(user, thread: Thread) -> bool:
    """Members reply to a thread they see unless it is locked (coordinators still may)."""
    if not can_contribute(user, thread.network) or not can_view_thread(user, thread):
        return False
    return not thread.is_locked or is_coordinator(user, thread.network)


def can_follow_thread(user, thread: Thread) -> bool:
    """Whoever sees a thread may follow it."""
    return can_view_thread(user, thread)


def can_moderate_thread(user, thread: Thread) -> bool:
    """Coordinators pin, lock and move the threads of their network while it is active."""
    return is_coordinator(user, thread.network) and not thread.network.is_archived


def can_moderate_thread_in_admin(user, thread: Thread) -> bool:
    """Platform staff pin and lock a thread from the admin, logged like a coordinator's action."""
    return user.is_authenticated and user.is_active and user.is_staff


def can_move_thread(user, thread: Thread, to_network: Network | None = None) -> bool:
    """Coordinators move a thread of their active network to another active network they
    coordinate (without `to_network`: whether they may move it at all)."""
    if not can_moderate_thread(user, thread):
        return False
    if to_network is None:
        return True
    return to_network.pk != thread.network_id and can_manage_network(user, to_network)


def can_view_post(user, post: Post) -> bool:
    """A published post is seen by its thread's readers; a pending one by its author and coordinators."""
    if not can_view_thread(user, post.thread):
        return False
    if post.status == PostStatus.PUBLISHED:
        return True
    return post.author_id == user.pk or is_coordinator(user, post.thread.network)


def can_edit_post(user, post: Post) -> bool:
    """Authors edit their own posts that are neither deleted nor hidden, where they may still write."""
    return (
        user.is_authenticated
        and post.author_id == user.pk
        and not post.is_deleted
        and not post.is_hidden
        and post.status != PostStatus.REJECTED
        and can_reply_thread(user, post.thread)
    )


def can_delete_post(user, post: Post) -> bool:
    """Authors delete their own posts (softly: the thread stays readable)."""
    return (
        user.is_authenticated
        and post.author_id == user.pk
        and not post.is_deleted
        and can_contribute(user, post.thread.network)
    )


def can_quote_post(user, post: Post) -> bool:
    """A published post that is neither deleted nor hidden may be quoted by whoever may reply."""
    return (
        post.status == PostStatus.PUBLISHED
        and not post.is_deleted
        and not post.is_hidden
        and can_reply_thread(user, post.thread)
    )


def can_report_post(user, post: Post) -> bool:
    """Members report someone else's visible post to the coordinators."""
    return (
        post.author_id != user.pk
        and post.status == PostStatus.PUBLISHED
        and not post.is_deleted
        and is_member(user, post.thread.network)
        and can_view_post(user, post)
    )


def can_hide_post(user, post: Post) -> bool:
    """Coordinators hide (and show again) posts of their active network, giving a reason."""
    return can_moderate_thread(user, post.thread) and not post.is_deleted


def can_approve_post(user, post: Post) -> bool:
    """Coordinators approve or reject posts waiting for approval."""
    return can_moderate_thread(user, post.thread) and post.status == PostStatus.PENDING


def can_view_post_history(user, post: Post) -> bool:
    """Coordinators see the earlier versions of an edited post."""
    return is_coordinator(user, post.thread.network) and post.edited_at is not None


def can_reveal_post_author(user, post: Post) -> bool:
    """Only the network's coordinators and platform staff may reveal who wrote an anonymous post
    (always with a reason, logged, and the author is told: see services.author_reveal)."""
    if not post.is_anonymous or not user.is_authenticated:
        return False
    return user.is_staff or is_coordinator(user, post.thread.network)


def can_download_attachment(user, attachment: Attachment) -> bool:
    """An attachment opens for whoever sees its post, never of a deleted post, and of a hidden
    post only for those who may hide it."""
    post = attachment.post
    if post.is_deleted or not can_view_post(user, post):
        return False
    return not post.is_hidden or can_hide_post(user, post)


@dataclass(frozen=True, slots=True)
class PostCapabilities:
    """What one person may do with one post, as the thread page shows it."""

    edit: bool
    delete: bool
    quote: bool
    report: bool
    hide: bool
    approve: bool
    view_history: bool
    reveal_author: bool

    @property
    def any_action(self) -> bool:
        """Whether the post gets a row of action buttons."""
        return self.quote or self.edit or self.delete or self.report or self.hide or self.approve

    @property
    def key(self) -> str:
        """The flags as eight 0/1 digits: what a rendered post depends on for this reader."""
        return "".join("1" if flag else "0" for flag in self._flags())

    def _flags(self) -> tuple[bool, ...]:
        return (
            self.edit,
            self.delete,
            self.quote,
            self.report,
            self.hide,
            self.approve,
            self.view_history,
            self.reveal_author,
        )


def post_capabilities(user, post: Post) -> PostCapabilities:
    """Every per-post capability of the thread page, each asked of its can_* function above."""
    return PostCapabilities(
        edit=can_edit_post(user, post),
        delete=can_delete_post(user, post),
        quote=can_quote_post(user, post),
        report=can_report_post(user, post),
        hide=can_hide_post(user, post),
        approve=can_approve_post(user, post),
        view_history=can_view_post_history(user, post),
        reveal_author=can_reveal_post_author(user, post),
    )
