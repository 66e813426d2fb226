from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from core import checks  # noqa: F401  (registers the system checks)
        from core.ops import register_check, task_failures_recently

        register_check(
            "task_failures", _("Tasks failed in the last 24 hours"), task_failures_recently
        )
        from core.images import limit_pillow

        limit_pillow()
