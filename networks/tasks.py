from celery import shared_task

from networks.reminders import reminders_send_due


@shared_task(acks_late=True)
def send_meeting_reminders() -> dict:
    """Every minute (beat): claim due reminders and queue their e-mails; safe to run twice."""
    run = reminders_send_due()
    return {"sent": run.sent, "skipped": run.skipped}
