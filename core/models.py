"""Operational records of background work: beat's heartbeat and failed tasks.

In the database (not the cache) so every web node, worker and `ops_status` sees the same."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """The last time a named process ticked (one row per name, e.g. "beat")."""

    name = models.CharField(_("name"), max_length=32, primary_key=True)
    at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.name} @ {self.at:%Y-%m-%d %H:%M:%S}"


class TaskFailure(models.Model):
    """A Celery task that raised or ran past its time limit; pruned after a retention period."""

    task_name = models.CharField(_("task"), max_length=200)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    error = models.TextField(_("error"))
    failed_at = models.DateTimeField(_("failed"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("failed task")
        verbose_name_plural = _("failed tasks")
        ordering = ["-failed_at"]

    def __str__(self) -> str:
        return f"{self.task_name}: {self.error[:60]}"
