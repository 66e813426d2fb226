"""Take the author out of every table but the post itself for anonymous posts written
before anonymity covered the activity log, revisions, read state and following.

- activity entries of anonymous posts and threads (the only POST/THREAD entries written
  without an object key) lose their person, and their time becomes the start of the day;
- earlier versions of anonymous posts lose "edited by" (only the author edits);
- read state and following keep only the day, as the services now write them.
"""

from django.conf import settings
from django.db import migrations


def _to_day(schema_editor, model, column: str, where: str = "", params=()) -> None:
    """Set the column to local midnight of its own day (Europe/Warsaw, as the services do)."""
    table = model._meta.db_table
    sql = (
        f"UPDATE {table} SET {column} = "  # noqa: S608 (names from the models, values are parameters)
        f"date_trunc('day', {column} AT TIME ZONE %s) AT TIME ZONE %s"
    )
    if where:
        sql += f" WHERE {where}"
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(sql, [settings.TIME_ZONE, settings.TIME_ZONE, *params])


def anonymise(apps, schema_editor):
    ActivityLog = apps.get_model("networks", "ActivityLog")
    PostRevision = apps.get_model("forums", "PostRevision")
    ReadState = apps.get_model("forums", "ReadState")
    Subscription = apps.get_model("forums", "Subscription")
    ActivityLog.objects.filter(kind__in=["post", "thread"], object_key="").update(user=None)
    _to_day(
        schema_editor,
        ActivityLog,
        "created_at",
        "kind IN ('post', 'thread') AND object_key = '' AND user_id IS NULL",
    )
    PostRevision.objects.filter(post__is_anonymous=True).update(edited_by=None)
    _to_day(schema_editor, ReadState, "updated_at")
    _to_day(schema_editor, Subscription, "created_at")


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0002_attachments_in_private_storage"),
        ("networks", "0004_activity_category"),
    ]

    operations = [migrations.RunPython(anonymise, migrations.RunPython.noop)]
