"""Every change to threads, posts, attachments, read state, following and moderation.

Split by domain (posting, reading, moderation); callers use `forums.services.<name>`.
"""

from forums.services.moderation import (
    author_reveal,
    forum_settings_update,
    post_approve,
    post_hide,
    post_reject,
    post_report,
    post_unhide,
    report_dismiss,
    thread_lock,
    thread_move,
    thread_pin,
)
from forums.services.posting import (
    post_delete,
    post_edit,
    post_preview,
    thread_create,
    thread_reply,
)
from forums.services.reading import network_mark_read, thread_follow, thread_mark_read

__all__ = [
    "author_reveal",
    "forum_settings_update",
    "network_mark_read",
    "post_approve",
    "post_delete",
    "post_edit",
    "post_hide",
    "post_preview",
    "post_reject",
    "post_report",
    "post_unhide",
    "report_dismiss",
    "thread_create",
    "thread_follow",
    "thread_lock",
    "thread_mark_read",
    "thread_move",
    "thread_pin",
    "thread_reply",
]
