"""Discussions' part of a person's data: their own threads, posts and files; removal on request.

Registered with accounts.personal_data in ForumsConfig.ready(). The export holds
what the person wrote — their anonymous posts included, since they wrote them —
and nothing written by anyone else: no replies, no other authors.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from accounts.models import User
from accounts.personal_data import ErasureRequest, ExportFile, ExportPart
from forums.models import Attachment, Post, PostRevision, ReadState, Report, Subscription, Thread

REMOVED_TITLE = gettext_noop("(removed at the author's request)")


def forums_export(user: User) -> ExportPart:
    """Threads the person started, posts they wrote (anonymous ones too), reports, followed threads."""
    files_by_post: dict[int, list[str]] = {}
    files = []
    for attachment in Attachment.objects.filter(post__author=user).order_by("pk"):
        exported = f"{attachment.pk}-{attachment.name}"
        files_by_post.setdefault(attachment.post_id, []).append(exported)
        files.append(ExportFile(name=exported, file=attachment.file))
    return ExportPart(
        data={
            "threads_started": [
                {
                    "title": thread.title,
                    "network": thread.network.name,
                    "anonymous": thread.is_anonymous,
                    "created_at": thread.created_at,
                }
                for thread in Thread.objects.filter(author=user).select_related("network")
            ],
            "posts": [
                {
                    "thread": post.thread.title,
                    "network": post.thread.network.name,
                    "number": post.number,
                    "anonymous": post.is_anonymous,
                    "status": post.status,
                    "text": post.body,
                    "created_at": post.created_at,
                    "edited_at": post.edited_at,
                    "deleted_at": post.deleted_at,
                    "attachments": files_by_post.get(post.pk, []),
                }
                for post in Post.objects.filter(author=user)
                .select_related("thread__network")
                .order_by("created_at", "pk")
            ],
            "reports_made": [
                {
                    "thread": report.post.thread.title,
                    "post_number": report.post.number,
                    "reason": report.reason,
                    "created_at": report.created_at,
                }
                for report in Report.objects.filter(reporter=user).select_related("post__thread")
            ],
            "threads_followed": [
                subscription.thread.title
                for subscription in Subscription.objects.filter(user=user).select_related("thread")
            ],
        },
        files=files,
    )


def forums_erase(user: User, request: ErasureRequest) -> None:
    """Following and read state go; posts stay under "former participant", or lose their text if asked.

    Removed posts keep their place (and number) in the thread, shown as deleted;
    anonymous posts stay anonymous either way.
    """
    Subscription.objects.filter(user=user).delete()
    ReadState.objects.filter(user=user).delete()
    if not request.remove_content:
        return
    posts = Post.objects.filter(author=user)
    PostRevision.objects.filter(post__in=posts).delete()
    attachments = Attachment.objects.filter(post__in=posts)
    names = [name for pair in attachments.values_list("file", "thumbnail") for name in pair if name]
    attachments.delete()
    posts.filter(deleted_at__isnull=True).update(deleted_at=timezone.now())
    posts.update(body="", body_html="", search_vector=None)
    with translation.override(settings.LANGUAGE_CODE):
        Thread.objects.filter(author=user).update(title=gettext(REMOVED_TITLE))
    storage = Attachment._meta.get_field("file").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
