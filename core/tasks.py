from celery import shared_task
from django.core.mail import EmailMultiAlternatives


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def send_email(payload: dict) -> None:
    """Send one queued e-mail; SMTP hiccups are retried with backoff."""
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
    )
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    message.send()


@shared_task
def beat_heartbeat() -> None:
    """Every minute (beat, scheduled queue): note the time, so operators see beat is alive."""
    from core.ops import record_beat_tick

    record_beat_tick()
