from celery import shared_task

from evaluation.reminders import survey_reminders_send_due
from evaluation.services import (
    surveys_opening_notify_due,
    surveys_release_due,
    surveys_results_notify_due,
)


@shared_task(acks_late=True)
def send_survey_notices() -> dict:
    """Every 5 minutes (beat): release the answers of anonymous surveys that have closed, then
    announce surveys that opened and shared results, and send the reminders due."""
    released = surveys_release_due()
    opened = surveys_opening_notify_due()
    results = surveys_results_notify_due()
    run = survey_reminders_send_due()
    return {
        "opened": opened,
        "results": results,
        "planned": run.planned,
        "sent": run.sent,
        "skipped": run.skipped,
        "released": released,
    }
