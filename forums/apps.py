from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Discussions")

    def ready(self) -> None:
        from forums.digest import posts_for_digests
        from networks.navigation import register_section
        from notifications.digest import register_batch_section
        from notifications.models import Category

        register_section(
            label=_("Discussions"),
            url_name="forums:thread_list",
            position=20,
            coordinators_only=False,
        )
        register_batch_section(
            "forums.posts",
            _("New threads and replies in your networks"),
            posts_for_digests,
            category=Category.REPLY,
        )
        _register_personal_data()
        _register_dashboard()
        from forums.inbound import thread_reply_by_email
        from notifications.inbound.handlers import register_reply_handler

        register_reply_handler("forums.thread", thread_reply_by_email)

    def seed_demo(self) -> None:
        from forums.demo import seed

        seed()


def _register_personal_data() -> None:
    from accounts.personal_data import register_personal_data
    from forums.personal_data import forums_erase, forums_export

    register_personal_data("forums", export=forums_export, erase=forums_erase, position=20)


def _register_dashboard() -> None:
    from core.dashboard import register_dashboard_section
    from forums import dashboard

    register_dashboard_section(
        "forums.unread_threads",
        title=_("New posts in my networks"),
        template="forums/dashboard/_threads.html",
        context=dashboard.unread_threads_section,
        position=30,
    )
    register_dashboard_section(
        "forums.posts_to_approve",
        title=_("Posts waiting for approval"),
        template="core/dashboard/_decision.html",
        context=dashboard.posts_to_approve_decisions,
        position=20,
        for_coordinators=True,
    )
    register_dashboard_section(
        "forums.reports",
        title=_("Reported posts"),
        template="core/dashboard/_decision.html",
        context=dashboard.reports_decisions,
        position=30,
        for_coordinators=True,
    )
