from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self) -> None:
        from evaluation.digest import surveys_for_digests
        from networks.navigation import register_section
        from notifications.digest import register_batch_section
        from notifications.models import Category

        # Members answer surveys and see their own balance here; coordinators also
        # build surveys and read results and statistics (the page shows each their part).
        register_section(label=_("Evaluation"), url_name="evaluation:survey_list", position=60)
        register_batch_section(
            "evaluation.surveys",
            _("Surveys to answer"),
            surveys_for_digests,
            category=Category.SURVEY,
        )
        _register_personal_data()
        _register_stage_tasks()
        _register_dashboard()

    def seed_demo(self) -> None:
        from evaluation.demo import seed

        seed()


def _register_personal_data() -> None:
    from accounts.personal_data import register_personal_data
    from evaluation.personal_data import evaluation_erase, evaluation_export

    register_personal_data(
        "evaluation", export=evaluation_export, erase=evaluation_erase, position=40
    )


def _register_stage_tasks() -> None:
    from evaluation.stage_tasks import register

    register()


def _register_dashboard() -> None:
    from core.dashboard import register_dashboard_section
    from evaluation import dashboard

    register_dashboard_section(
        "evaluation.surveys_to_answer",
        title=_("Surveys waiting for my answer"),
        template="evaluation/dashboard/_surveys.html",
        context=dashboard.surveys_to_answer_section,
        position=40,
    )
    register_dashboard_section(
        "evaluation.open_surveys",
        title=_("Open surveys you may close"),
        template="core/dashboard/_decision.html",
        context=dashboard.open_surveys_decisions,
        position=60,
        for_coordinators=True,
    )
