"""The tasks of a network's stages that evaluation knows about (see networks.stage_tasks).

A needs survey (stage 0), a formative (stage 2) and a final one (stage 4) tick their task
once such a survey has closed; the task links to a draft made from the matching template.
Deciding the network's future (stage 4) links to the annual report.
"""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluation.models import Purpose, Survey

# Stage task -> the template (and purpose) of the survey that does it.
SURVEY_TASKS = {
    "needs_survey": Purpose.NEEDS,
    "formative_survey": Purpose.FORMATIVE,
    "final_survey": Purpose.FINAL,
}


def closed_survey_check(purpose: str):
    """Done when a published survey made from the template (or for that purpose) has closed."""

    def check() -> Exists:
        return Exists(
            Survey.objects.filter(
                Q(template_key=purpose) | Q(purpose=purpose),
                network=OuterRef("pk"),
                published_at__isnull=False,
                closes_at__lte=timezone.now(),
            )
        )

    return check


def from_template_tool(purpose: str):
    """A button that makes a draft survey from the template, ready to check and publish."""
    from networks.stage_tasks import Tool

    def tool(network) -> Tool:
        kwargs = {"network_slug": network.slug}
        return Tool(
            _("Create the survey from the template"),
            reverse("evaluation:survey_from_template", kwargs=kwargs),
            post={"template": purpose},
            done_label=_("Surveys"),
            done_url=reverse("evaluation:survey_list", kwargs=kwargs),
        )

    return tool


def annual_report_tool(network):
    """Deciding the network's future starts from its year in numbers and released results."""
    from networks.stage_tasks import Tool

    url = reverse("evaluation:annual_report", kwargs={"network_slug": network.slug})
    return Tool(_("Annual report"), url)


def register() -> None:
    from networks.stage_tasks import register_check, register_tool

    for task_key, purpose in SURVEY_TASKS.items():
        register_check(task_key, closed_survey_check(purpose))
        register_tool(task_key, from_template_tool(purpose))
    register_tool("future_decided", annual_report_tool)
