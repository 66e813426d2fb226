from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("Networks")

    def ready(self) -> None:
        from core.ops import register_check
        from networks.digest import meetings_ahead
        from networks.reminders import reminders_overdue
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
        _register_personal_data()
        _register_dashboard()

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


def _register_dashboard() -> None:
    from core.dashboard import register_dashboard_section
    from networks import dashboard

    register_dashboard_section(
        "networks.invitations",
        title=_("Invitations for you"),
        template="networks/dashboard/_invitations.html",
        context=dashboard.invitations_section,
        position=10,
    )
    register_dashboard_section(
        "networks.meetings",
        title=_("My next meetings"),
        template="networks/dashboard/_meetings.html",
        context=dashboard.meetings_section,
        position=20,
    )
    register_dashboard_section(
        "networks.join_requests",
        title=_("Requests to join"),
        template="core/dashboard/_decision.html",
        context=dashboard.join_requests_decisions,
        position=10,
        for_coordinators=True,
    )
    register_dashboard_section(
        "networks.meeting_follow_up",
        title=_("Meetings without attendance or minutes"),
        template="core/dashboard/_decision.html",
        context=dashboard.meetings_follow_up_decisions,
        position=50,
        for_coordinators=True,
    )
