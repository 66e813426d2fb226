import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from core.mail import email_queue

pytestmark = pytest.mark.django_db


def test_queued_mail_is_sent_only_after_the_transaction_commits(django_capture_on_commit_callbacks):
    message = EmailMultiAlternatives(
        "Temat", "Treść", to=["a@example.org"], headers={"X-Test": "1"}
    )
    message.attach_alternative("<p>Treść</p>", "text/html")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email_queue(message=message)
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.subject == "Temat" and sent.to == ["a@example.org"]
    assert sent.extra_headers["X-Test"] == "1"
    assert sent.alternatives[0][1] == "text/html"
