from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Materials")

    def ready(self) -> None:
        from accounts.sections import register_profile_section
        from networks.activity import register_categories
        from networks.models import ActivityKind
        from networks.navigation import register_section
        from notifications.digest import register_batch_section
        from notifications.models import Category
        from resources.digest import materials_for_digests
        from resources.models import ResourceType
        from resources.selectors import given_section

        register_section(label=_("Materials"), url_name="resources:network_list", position=30)
        register_profile_section(
            "resources.given", template="resources/partials/_given.html", context=given_section
        )
        for kind in (ActivityKind.UPLOAD, ActivityKind.DOWNLOAD):
            register_categories(kind=kind, choices=ResourceType.choices)
        register_batch_section(
            "resources.new_materials",
            _("New materials in your networks"),
            materials_for_digests,
            category=Category.CURATION,
        )
        _register_personal_data()
        _register_stage_tasks()
        _register_dashboard()
        _register_report_figure()

    def seed_demo(self) -> None:
        from resources.demo import seed

        seed()


def _register_personal_data() -> None:
    from accounts.personal_data import register_personal_data
    from resources.personal_data import resources_erase, resources_export

    register_personal_data("resources", export=resources_export, erase=resources_erase, position=30)


def _register_stage_tasks() -> None:
    from resources.stage_tasks import register

    register()


def _register_dashboard() -> None:
    from core.dashboard import register_dashboard_section
    from resources import dashboard

    register_dashboard_section(
        "resources.new_materials",
        title=_("New materials in my networks"),
        template="resources/dashboard/_new_materials.html",
        context=dashboard.new_materials_section,
        position=50,
    )
    register_dashboard_section(
        "resources.curation",
        title=_("Materials submitted to the bank"),
        template="core/dashboard/_decision.html",
        context=dashboard.curation_decisions,
        position=40,
        for_coordinators=True,
    )


def _register_report_figure() -> None:
    from networks.report_figures import register_report_figure
    from resources.selectors import published_in_period

    register_report_figure(
        "resources.published",
        label=_("Materials published in the bank of good practices"),
        count=published_in_period,
        position=10,
    )
