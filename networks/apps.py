from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("Networks")

    def ready(self) -> None:
        from core.ops import register_check
        from networks.digest import meetings_for_digests
        from networks.outcomes import register_outcome_task
        from networks.reminders import reminders_overdue
        from networks.stage_tasks import register_network_tasks
        from notifications.digest import register_batch_section
        from notifications.models import Category

        register_batch_section(
            "networks.meetings",
            _("Meetings ahead"),
            meetings_for_digests,
            category=Category.MEETING,
        )
        register_check(
            "reminders_overdue",
            _("Meeting reminders due over 5 minutes ago, unsent"),
            reminders_overdue,
        )
        register_network_tasks()
        register_outcome_task()
        _register_personal_data()
        from networks.meeting_links import ICS_ATTACHMENT, meeting_ics_render
        from notifications.attachments import register_attachment

        register_attachment(ICS_ATTACHMENT, meeting_ics_render)
        _register_first_steps()
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


def _register_first_steps() -> None:
    from django.db.models import Exists, OuterRef
    from django.urls import reverse

    from accounts.first_steps import register_first_step
    from accounts.login_destinations import register_login_destination
    from accounts.sections import register_profile_section
    from networks.models import CalendarFeed
    from networks.selectors import (
        found_a_network,
        has_pending_invitations,
        pending_invitations,
    )

    register_first_step(
        "networks.join",
        title=_("Join or find a network"),
        description=_("Browse the catalogue and join a network on a topic that interests you."),
        url=lambda: reverse("networks:catalogue"),
        done=found_a_network,
        position=20,
    )
    register_first_step(
        "networks.calendar",
        title=_("Add the meetings to your calendar"),
        description=_("Get your private calendar address for your phone or computer."),
        url=lambda: reverse("networks:calendar_settings"),
        # The address is made when the person first opens the calendar page to copy it.
        done=lambda: Exists(CalendarFeed.objects.filter(user=OuterRef("pk"))),
        position=30,
    )
    # An invitation opened on one device is answered after logging in on another.
    register_login_destination(
        "networks.invitations",
        lambda user: (
            f"{reverse('networks:mine')}#invitations" if has_pending_invitations(user) else None
        ),
        position=10,
    )
    register_profile_section(
        "networks.invitations",
        template="networks/partials/_profile_invitations.html",
        context=lambda viewer, person: (
            {"invitations": invitations}
            if viewer.pk == person.pk and (invitations := pending_invitations(person))
            else None
        ),
        position=5,
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
