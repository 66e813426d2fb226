"""The discussions' section of the e-mail digest: new threads and replies in the person's networks."""

from datetime import datetime

from django.utils.translation import gettext as _

from forums.selectors import new_posts_for_digest
from notifications.digest import DigestItem


def threads_and_replies(user, since: datetime, until: datetime) -> list[DigestItem]:
    """New threads and replies by others in the person's networks (one query)."""
    items = []
    for post in new_posts_for_digest(user, since, until):
        network = post.thread.network
        if post.number == 1:
            summary = _("New thread")
        elif post.is_anonymous or post.author is None:
            summary = _("Reply from an anonymous participant")
        else:
            summary = _("Reply from %(name)s") % {"name": post.author.public_name}
        items.append(
            DigestItem(
                key=f"forums.post:{post.pk}",
                title=post.thread.title,
                url=post.get_absolute_url(),
                network_id=network.pk,
                network_name=network.name,
                when=post.created_at,
                summary=summary,
                reply_key=f"forums.thread:{post.thread_id}",
            )
        )
    return items
