"""What coordinators tick by hand on their stage checklist (the tasks are in networks.stage_tasks)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from networks.models.network import Network


class StageTaskTick(models.Model):
    """A task of the stage checklist that the platform cannot see done, ticked by a coordinator."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="task_ticks")
    # A key of networks.stage_tasks.TASKS; a code, not a foreign key, as tasks live in code.
    task_key = models.CharField(max_length=40)
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    ticked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["network", "task_key"], name="one_tick_per_task")
        ]

    def __str__(self) -> str:
        return f"{self.task_key} @ {self.network}"
