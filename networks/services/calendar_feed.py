"""Each person's private calendar feed address."""

from django.db import transaction

from accounts.models import User
from networks.models import (
    CalendarFeed,
    new_token,
)

# --- calendar feed ----------------------------------------------------------------


def calendar_feed_for(*, user: User) -> CalendarFeed:
    """The person's private calendar address, created on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_reset(*, user: User) -> CalendarFeed:
    """A new private address; calendars subscribed to the old one stop receiving meetings."""
    feed = calendar_feed_for(user=user)
    feed.token = new_token()
    feed.save(update_fields=["token", "created_at"])
    return feed
