"""The activity log that statistics count."""

from django.utils import timezone

from accounts.models import User
from networks.models import (
    ActivityKind,
    ActivityLog,
)

# --- activity ---------------------------------------------------------------


def activity_record(
    *, network_id: int, user: User | None, kind: str, object_key: str = "", category: str = ""
) -> None:
    """Write one entry of the activity log that statistics count (visits once a day).

    `category` is the writing app's code for the sort of thing (a material's type);
    the app registers its labels with `networks.activity.register_categories`.
    """
    now = timezone.now()
    if kind == ActivityKind.VISIT:
        ActivityLog.objects.bulk_create(
            [
                ActivityLog(
                    network_id=network_id,
                    user=user,
                    kind=kind,
                    day=timezone.localdate(now),
                    created_at=now,
                )
            ],
            ignore_conflicts=True,
        )
        return
    ActivityLog.objects.create(
        network_id=network_id,
        user=user,
        kind=kind,
        object_key=object_key,
        category=category,
        created_at=now,
    )
