"""Log records carry the Celery task they were written in, so a worker's JSON lines can be
followed task by task."""

import logging


class TaskContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        from celery import current_task

        task = current_task if current_task and current_task.request.id else None
        record.task_name = task.name if task else None
        record.task_id = task.request.id if task else None
        return True
