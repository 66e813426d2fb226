"""core.rows: instances from a written-out SELECT equal to the ORM's, converters included."""

from django.db import connection

from accounts.tests.factories import UserFactory
from core.rows import Columns, split
from notifications.models import Category, Notification


def test_instances_equal_the_orms_with_the_fields_converters_applied(db):
    person = UserFactory()
    notification = Notification.objects.create(
        recipient=person,
        category=Category.REPLY,
        text="%(author)s replied",
        params={"author": "Ania", "count": 2, "nested": ["a", "ż"]},
        url="/x/",
    )
    notifications = Columns(Notification)
    people = Columns(type(person), exclude=("password",))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {notifications.sql}, {people.sql}, 7 FROM notifications_notification"  # noqa: S608
            " JOIN accounts_user ON accounts_user.id = notifications_notification.recipient_id"
            " WHERE notifications_notification.id = %s",
            [notification.pk],
        )
        (own, recipient), rest = split(cursor.fetchone(), notifications, people)
    built = notifications.build(own)
    # JSONField reads through its converter: a dict, not the text PostgreSQL sends.
    assert built.params == {"author": "Ania", "count": 2, "nested": ["a", "ż"]}
    read = Notification.objects.get(pk=notification.pk)
    assert [getattr(built, f.attname) for f in Notification._meta.concrete_fields] == [
        getattr(read, f.attname) for f in Notification._meta.concrete_fields
    ]
    assert not built._state.adding and built._state.db == "default"
    someone = people.build(recipient)
    assert someone.get_deferred_fields() == {"password"}
    assert (someone.pk, someone.email) == (person.pk, person.email)
    assert rest == (7,)
