"""Celery tasks, one job each, so that one failing does not stop the others.

Schedules (beat, every 5 minutes, config/settings.py): release the answers of anonymous surveys
that closed; announce surveys that opened; announce shared results (after their release, so at
most one tick later); send the reminders due 48 h before a survey closes.
"""

from celery import shared_task

from evaluation.reminders import survey_reminders_send_due
from evaluation.services import (
    surveys_opening_notify_due,
    surveys_release_due,
    surveys_results_notify_due,
)


@shared_task(acks_late=True)
def release_closed_surveys() -> int:
    """Release (or withhold) the sealed answers of anonymous surveys whose closing date passed."""
    return surveys_release_due()


@shared_task(acks_late=True)
def announce_opened_surveys() -> int:
    """Tell members about surveys that have opened."""
    return surveys_opening_notify_due()


@shared_task(acks_late=True)
def announce_shared_results() -> int:
    """Tell members that the results of a closed survey are shared with them."""
    return surveys_results_notify_due()


@shared_task(acks_late=True)
def send_survey_reminders() -> dict:
    """Remind members who have not answered a survey closing within 48 hours."""
    run = survey_reminders_send_due()
    return {"planned": run.planned, "sent": run.sent, "skipped": run.skipped}


@shared_task(acks_late=True)
def build_annual_report(report_id: int) -> str:
    """Build a requested annual report's PDF (does nothing for one already built)."""
    from evaluation.reports import annual_report_build

    report = annual_report_build(report_id=report_id)
    return report.status if report is not None else "missing"
