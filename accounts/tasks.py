"""Celery tasks of accounts: thin wrappers that take ids and call one service each."""

import logging

from celery import shared_task

from accounts.models import DataExport
from accounts.services import data_export_build, data_export_fail

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=3, default_retry_delay=60)
def build_data_export(self, export_id: int) -> str | None:
    """Prepare one "download my data" archive; a second run finds it built and does nothing."""
    export = DataExport.objects.filter(pk=export_id).first()
    if export is None:
        return None
    try:
        export = data_export_build(export=export)
    except OSError as error:  # storage hiccup: worth another try, then give up visibly
        if self.request.retries >= self.max_retries:
            logger.exception("Data export %s could not be written", export_id)
            data_export_fail(export_id=export_id)
            return "failed"
        raise self.retry(exc=error) from error
    except Exception:
        # A bug will not go away by retrying; the person sees "failed" and may ask again.
        logger.exception("Data export %s failed", export_id)
        data_export_fail(export_id=export_id)
        return "failed"
    return export.status
