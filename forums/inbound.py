"""Replies by e-mail to a thread: registered with notifications.inbound in ForumsConfig.ready().

The reply goes through thread_reply, the service of the web form, so every rule of the form
holds (membership, a locked thread, an archived network, first-post approval, the upload
check); the checks here only find the words to tell the person why not.
"""

from django.utils.translation import gettext as _

from forums import permissions
from forums.models import PostStatus, Thread
from forums.services import thread_reply
from notifications.inbound.handlers import InboundReply, ReplyOutcome, ReplyRefused


def thread_reply_by_email(reply: InboundReply) -> ReplyOutcome:
    """Post a reply by e-mail in its thread as its sender, never anonymously."""
    user = reply.user
    thread = (
        Thread.objects.select_related("network").filter(pk=int(reply.object_id)).first()
        if reply.object_id.isdigit()
        else None
    )
    if thread is None or not permissions.can_view_thread(user, thread):
        raise ReplyRefused(
            _(
                "The thread no longer exists or you no longer see it (for example, you left the network)."
            )
        )
    if thread.network.is_archived:
        raise ReplyRefused(_("The network is archived: nothing new can be posted in it."))
    if not permissions.can_reply_thread(user, thread):
        raise ReplyRefused(_("The thread is locked: nothing new can be posted in it."))
    # A reply by e-mail is never anonymous: the person could not choose it, and the
    # e-mail they answered said so.
    post = thread_reply(
        thread=thread, author=user, body=reply.body, anonymous=False, files=reply.files
    )
    return ReplyOutcome(
        url=post.get_absolute_url(),
        title=thread.title,
        pending=post.status == PostStatus.PENDING,
    )
