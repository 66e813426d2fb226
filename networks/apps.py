from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("Networks")

    def ready(self) -> None:
        from core.ops import register_check
        from networks.digest import meetings_ahead
        from networks.reminders import reminders_overdue
        from networks.stage_tasks import register_network_tasks
        from notifications.digest import register_section
        from notifications.models import Category

        register_section(
            "networks.meetings", _("Meetings ahead"), meetings_ahead, category=Category.MEETING
        )
        register_check(
            "reminders_overdue",
            _("Meeting reminders due over 5 minutes ago, unsent"),
            reminders_overdue,
        )
        register_network_tasks()
        _register_personal_data()

    def seed_demo(self) -> None:
        from networks.demo import seed

        seed()


def _register_personal_data() -> None:
    from accounts.personal_data import register_personal_data
    from networks.personal_data import (
        networks_blockers,
        networks_erase,
        networks_export,
        networks_prune,
    )

    register_personal_data(
        "networks",
        export=networks_export,
        erase=networks_erase,
        blockers=networks_blockers,
        prune=networks_prune,
        position=10,
    )
