import factory

from accounts.tests.factories import UserFactory
from notifications.models import Category, EmailKind, EmailRecord, Notification


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    category = Category.REPLY
    text = "%(name)s replied in %(thread)s"
    params = factory.LazyAttribute(lambda _o: {"name": "Anna", "thread": "Ocenianie"})
    url = "/sieci/1/"
    item_key = factory.Sequence(lambda n: f"forums.post:{n}")


class EmailRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmailRecord

    user = factory.SubFactory(UserFactory)
    to_address = factory.LazyAttribute(lambda o: o.user.email if o.user else "x@example.org")
    subject = "Temat"
    kind = EmailKind.NOTIFICATION
    category = Category.REPLY
    body_text = "Treść"
    body_html = "<p>Treść</p>"
