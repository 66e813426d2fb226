"""The discussions' section of the e-mail digest: new threads and replies in the person's networks."""

from collections.abc import Sequence
from datetime import datetime

from django.utils.translation import gettext as _

from forums.selectors import new_posts_for_digests
from notifications.digest import DigestItem, Reader, described_once


def posts_for_digests(readers: Sequence[Reader], until: datetime) -> dict[int, list[DigestItem]]:
    """New threads and replies by others in each reader's networks, by user id (two queries)."""

    def item(post) -> DigestItem:
        network = post.thread.network
        if post.number == 1:
            summary = _("New thread")
        elif post.is_anonymous or post.author is None:
            summary = _("Reply from an anonymous participant")
        else:
            summary = _("Reply from %(name)s") % {"name": post.author.public_name}
        return DigestItem(
            key=f"forums.post:{post.pk}",
            title=post.thread.title,
            url=post.get_absolute_url(),
            network_id=network.pk,
            network_name=network.name,
            when=post.created_at,
            summary=summary,
            reply_key=f"forums.thread:{post.thread_id}",
        )

    by_reader = new_posts_for_digests(readers, until)
    return described_once(
        ((reader_id, post) for reader_id, posts in by_reader.items() for post in posts), item
    )


def threads_and_replies(user, since: datetime, until: datetime) -> list[DigestItem]:
    """New threads and replies by others in the person's networks (two queries)."""
    return posts_for_digests([(user, since)], until).get(user.pk, [])
