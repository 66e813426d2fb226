"""Queue e-mail for the worker: nothing sends mail inside a web request."""

from django.core.mail import EmailMultiAlternatives
from django.db import transaction


def email_queue(*, message: EmailMultiAlternatives) -> None:
    """Send the message from a Celery worker once the current transaction commits."""
    from core.tasks import send_email

    payload = {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [[content, mimetype] for content, mimetype in message.alternatives],
    }
    transaction.on_commit(lambda: send_email.delay(payload))
