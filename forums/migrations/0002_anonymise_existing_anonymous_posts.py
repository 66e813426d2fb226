"""Take the author out of every table but the post itself for anonymous posts written
before anonymity covered the activity log, revisions, read state and following.

- activity entries of anonymous posts and threads (the only POST/THREAD entries written
  without an object key) lose their person, and their time becomes the start of the day;
- earlier versions of anonymous posts lose "edited by" (only the author edits);
- read state and following keep only the day, as the services now write them.
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations
from django.db.models.functions import TruncDay


def anonymise(apps, schema_editor):
    ActivityLog = apps.get_model("networks", "ActivityLog")
    PostRevision = apps.get_model("forums", "PostRevision")
    ReadState = apps.get_model("forums", "ReadState")
    Subscription = apps.get_model("forums", "Subscription")
    zone = ZoneInfo(settings.TIME_ZONE)
    ActivityLog.objects.filter(kind__in=["post", "thread"], object_key="").update(
        user=None, created_at=TruncDay("created_at", tzinfo=zone)
    )
    PostRevision.objects.filter(post__is_anonymous=True).update(edited_by=None)
    ReadState.objects.update(updated_at=TruncDay("updated_at", tzinfo=zone))
    Subscription.objects.update(created_at=TruncDay("created_at", tzinfo=zone))


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0001_initial"),
        ("networks", "0004_activity_category"),
    ]

    operations = [migrations.RunPython(anonymise, migrations.RunPython.noop)]
