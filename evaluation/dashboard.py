"""The evaluation's sections of a person's home page: surveys waiting for their answer, and
for coordinators the open surveys they may close. Registered with core.dashboard in
EvaluationConfig.ready()."""

from django.db.models import Count, Exists, OuterRef, Window
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from evaluation.models import Participation, Survey
from networks.dashboard import attach_networks, dashboard_networks

SURVEYS_SHOWN = 6
DECISIONS_SHOWN = 5


def surveys_to_answer_section(user) -> dict:
    """Open surveys of the person's active networks they have not answered, closing soonest
    first (one query beside the memberships)."""
    mine = dashboard_networks(user)
    surveys = []
    if mine.active_ids:
        surveys = attach_networks(
            user,
            Survey.objects.open_now()
            .filter(network_id__in=mine.active_ids)
            .exclude(
                Exists(
                    Participation.objects.filter(survey=OuterRef("pk"), user=user, submitted=True)
                )
            )
            .order_by("closes_at", "pk")[:SURVEYS_SHOWN],
        )
    return {"surveys": surveys, "has_networks": bool(mine.ids)}


def open_surveys_decisions(user) -> dict | None:
    """Open surveys of the networks the person coordinates, closing soonest first, each linked
    to where it is closed (one query, the total counted by a window)."""
    coordinated = dashboard_networks(user).coordinated_ids
    if not coordinated:
        return None
    surveys = attach_networks(
        user,
        Survey.objects.open_now()
        .filter(network_id__in=coordinated)
        .annotate(total=Window(Count("pk")))
        .order_by("closes_at", "pk")[:DECISIONS_SHOWN],
    )
    items = [
        {
            "label": survey.title,
            "detail": _("%(network)s · answers: %(count)s · closes %(when)s")
            % {
                "network": survey.network.name,
                "count": survey.response_count,
                "when": formats.date_format(
                    timezone.localtime(survey.closes_at), "SHORT_DATETIME_FORMAT"
                ),
            },
            "url": reverse(
                "evaluation:survey_edit",
                kwargs={"network_slug": survey.network.slug, "pk": survey.pk},
            ),
        }
        for survey in surveys
    ]
    return {"count": surveys[0].total if surveys else 0, "items": items}
