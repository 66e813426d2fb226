"""A network's annual report: one set of figures, shown as a print-ready page and built as a PDF.

Everything is read from networks (stages, goals, meetings, attendance) and from the activity
log, never from forums or resources (evaluation does not import them). Survey results appear
only where `permissions.results_released` says anybody may read them, so an anonymous survey
below its threshold never reaches a report, on paper or on screen.
"""

import io
import logging
from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from PIL import Image, ImageDraw, ImageFont

from evaluation import permissions, selectors, statistics
from evaluation.models import AnnualReport, ReportStatus, Survey
from networks.certificates import FONT_DIR, new_pdf
from networks.models import (
    Goal,
    GoalAgreement,
    Meeting,
    MeetingStatus,
    Network,
    Outcome,
    PlannedActivity,
    StageChange,
)
from networks.permissions import coordinators_of
from networks.report_figures import report_figures
from notifications.models import Category
from notifications.services import notify

logger = logging.getLogger(__name__)


@dataclass
class MeetingRow:
    meeting: Meeting
    present: int


@dataclass
class GoalRow:
    """A goal and how far it got: its status, who agreed, the plan's steps done, outcomes."""

    goal: Goal
    agreed: int
    objected: int
    activities_done: int
    activities: int
    outcomes: int


@dataclass
class SurveyRow:
    survey: Survey
    results: selectors.SurveyResults


@dataclass
class ReportData:
    network: Network
    start: date
    end: date
    stage_changes: list[StageChange]
    goals: list[GoalRow]
    meetings: list[MeetingRow]
    stats: statistics.Statistics
    surveys: list[SurveyRow]
    outcomes: list[Outcome]
    # What other apps count for the report (materials published in the bank), label → count.
    figures: list[tuple[str, int]]

    @property
    def attendance_total(self) -> int:
        return sum(row.present for row in self.meetings)


def _count(queryset, **filters) -> Coalesce:
    """A correlated count per goal (subqueries, so the counts do not multiply each other)."""
    rows = (
        queryset.filter(goal=OuterRef("pk"), **filters)
        .order_by()
        .values("goal")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def goal_rows(network: Network, *, until) -> list[GoalRow]:
    """The network's goals set before the period's end, with how far each got (1 query)."""
    goals = (
        network.goal_items.filter(created_at__lt=until)
        .order_by("position", "id")
        .annotate(
            agreed_count=_count(GoalAgreement.objects, agrees=True),
            objected_count=_count(GoalAgreement.objects, agrees=False),
            done_count=_count(PlannedActivity.objects, done=True),
            activity_count=_count(PlannedActivity.objects),
            outcome_count=_count(Outcome.objects),
        )
    )
    return [
        GoalRow(
            goal=goal,
            agreed=goal.agreed_count,
            objected=goal.objected_count,
            activities_done=goal.done_count,
            activities=goal.activity_count,
            outcomes=goal.outcome_count,
        )
        for goal in goals
    ]


def report_data(*, network: Network, start: date, end: date) -> ReportData:
    """Everything the report shows, in a fixed number of queries (5 per released survey)."""
    lower, upper = statistics._bounds(start, end)
    meetings = (
        Meeting.objects.filter(
            network=network,
            status=MeetingStatus.SCHEDULED,
            starts_at__gte=lower,
            starts_at__lt=upper,
        )
        .annotate(present=Count("attendance", filter=Q(attendance__present=True)))
        .order_by("starts_at", "id")
    )
    surveys = Survey.objects.filter(
        network=network, closes_at__gte=lower, opens_at__lt=upper
    ).order_by("closes_at", "id")
    return ReportData(
        network=network,
        start=start,
        end=end,
        stage_changes=list(
            StageChange.objects.filter(network=network, created_at__lt=upper).order_by(
                "created_at", "id"
            )
        ),
        goals=goal_rows(network, until=upper),
        meetings=[MeetingRow(meeting=m, present=m.present) for m in meetings],
        stats=statistics.activity_statistics(network=network, start=start, end=end),
        surveys=[
            SurveyRow(survey=survey, results=selectors.survey_results(survey))
            for survey in surveys
            # The one rule: nothing of a survey whose results nobody may read yet.
            if permissions.results_released(survey)
        ],
        outcomes=list(
            Outcome.objects.filter(network=network, applied_on__range=(start, end))
            .select_related("author", "goal")
            .order_by("applied_on", "id")
        ),
        figures=report_figures(network, lower, upper),
    )


def bar_chart(labels: list[str], values: list[int], *, title: str) -> bytes:
    """A plain bar chart as a PNG (Pillow, no plotting library), for the PDF."""
    width, height, left, bottom, top = 1400, 520, 70, 70, 60
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT_DIR / "DejaVuSans.ttf"), 20)
    bold = ImageFont.truetype(str(FONT_DIR / "DejaVuSans-Bold.ttf"), 24)
    draw.text((left, 15), title, fill="black", font=bold)
    peak = max(values, default=0) or 1
    plot_height = height - top - bottom
    draw.line((left, height - bottom, width - 20, height - bottom), fill="#555", width=2)
    slot = (width - left - 20) / max(len(values), 1)
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        x0 = left + index * slot + slot * 0.15
        x1 = left + (index + 1) * slot - slot * 0.15
        y0 = height - bottom - plot_height * value / peak
        draw.rectangle((x0, y0, x1, height - bottom), fill="#2f6fb0")
        draw.text(((x0 + x1) / 2, y0 - 6), str(value), fill="black", font=font, anchor="mb")
        draw.text(
            ((x0 + x1) / 2, height - bottom + 10), label, fill="black", font=font, anchor="ma"
        )
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _heading(pdf, text: str) -> None:
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 13)
    pdf.cell(pdf.epw, 9, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)


def _line(pdf, text: str) -> None:
    pdf.multi_cell(pdf.epw, 6, text, align="L", new_x="LMARGIN", new_y="NEXT")


def _date(value) -> str:
    return value.strftime("%d.%m.%Y")


def goal_progress(row: GoalRow) -> str:
    """How far a goal got, in one line (the page and the PDF say the same)."""
    return _(
        "agreed: %(agreed)s, objected: %(objected)s; plan: %(done)s of %(total)s steps done; "
        "outcomes in practice: %(outcomes)s"
    ) % {
        "agreed": row.agreed,
        "objected": row.objected,
        "done": row.activities_done,
        "total": row.activities,
        "outcomes": row.outcomes,
    }


def outcome_details(outcome: Outcome) -> str:
    """Who applied it, with whom and for which goal, in one line."""
    parts = [outcome.author.public_name if outcome.author else _("Former participant")]
    if outcome.with_whom:
        parts.append(_("with: %(whom)s") % {"whom": outcome.with_whom})
    if outcome.goal:
        parts.append(_("goal: %(goal)s") % {"goal": outcome.goal.title})
    return "; ".join(parts)


def report_pdf(data: ReportData) -> bytes:
    pdf = new_pdf()
    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(
        pdf.epw, 10, _("Annual report of the network"), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(pdf.epw, 9, data.network.name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    period = _("Period: %(start)s – %(end)s") % {"start": _date(data.start), "end": _date(data.end)}
    pdf.multi_cell(pdf.epw, 6, period, align="C", new_x="LMARGIN", new_y="NEXT")
    _line(pdf, "")

    _heading(pdf, _("Stages"))
    _line(pdf, _("Current stage: %(stage)s") % {"stage": data.network.get_stage_display()})
    for change in data.stage_changes:
        line = f"{_date(timezone.localtime(change.created_at))}: {change.get_to_stage_display()}"
        _line(pdf, f"{line} — {change.note}" if change.note else line)

    _heading(pdf, _("Goals"))
    for row in data.goals:
        pdf.set_font("DejaVu", "B", 10)
        _line(pdf, f"• {row.goal.title} — {row.goal.get_status_display()}")
        pdf.set_font("DejaVu", "", 10)
        _line(pdf, "   " + goal_progress(row))
    if not data.goals:
        _line(pdf, _("No goals were set."))

    _heading(pdf, _("Meetings"))
    if data.meetings:
        with pdf.table(
            col_widths=(24, 80, 50, 20), text_align=("LEFT", "LEFT", "LEFT", "RIGHT")
        ) as t:
            t.row([_("Date"), _("Meeting"), _("Form of work"), _("Present")])
            for row in data.meetings:
                t.row(
                    [
                        _date(timezone.localtime(row.meeting.starts_at)),
                        row.meeting.title,
                        row.meeting.get_form_display(),
                        str(row.present),
                    ]
                )
    else:
        _line(pdf, _("No meetings in this period."))

    _heading(pdf, _("Activity per month"))
    months = [row.month.strftime("%m.%y") for row in data.stats.months]
    for key, title in (("threads", _("Threads")), ("posts", _("Posts"))):
        values = [row.values[key] for row in data.stats.months]
        pdf.image(io.BytesIO(bar_chart(months, values, title=title)), w=pdf.epw)
    totals = data.stats.totals
    _line(
        pdf,
        _("Materials shared: %(materials)s; downloads: %(downloads)s")
        % {"materials": totals["materials"], "downloads": totals["downloads"]},
    )
    for label, count in data.stats.materials_by_type:
        _line(pdf, f"• {label}: {count}")
    for label, count in data.figures:
        _line(pdf, f"{label}: {count}")

    _heading(pdf, _("Outcomes in practice"))
    for outcome in data.outcomes:
        pdf.set_font("DejaVu", "B", 10)
        _line(pdf, f"{_date(outcome.applied_on)}: {outcome.title}")
        pdf.set_font("DejaVu", "", 10)
        _line(pdf, outcome_details(outcome))
        if outcome.coordinator_comment:
            _line(
                pdf,
                _("Coordinator's comment: %(comment)s") % {"comment": outcome.coordinator_comment},
            )
    if not data.outcomes:
        _line(pdf, _("No outcomes in practice were recorded in this period."))

    _heading(pdf, _("Give and take"))
    balance = data.stats.balance
    _line(
        pdf,
        _(
            "Gave: %(givers)s (%(gp)s%%); only took: %(takers)s (%(tp)s%%); no activity: %(none)s (%(np)s%%)"
        )
        % {
            "givers": balance.givers,
            "gp": balance.givers_percent,
            "takers": balance.takers_only,
            "tp": balance.takers_percent,
            "none": balance.inactive,
            "np": balance.inactive_percent,
        },
    )

    _heading(pdf, _("Evaluation"))
    if not data.surveys:
        _line(pdf, _("No survey results may be shown for this period."))
    for row in data.surveys:
        pdf.set_font("DejaVu", "B", 10)
        _line(pdf, f"{row.survey.title} ({_('responses')}: {row.results.responses})")
        pdf.set_font("DejaVu", "", 10)
        for result in row.results.questions:
            if result.is_section or not result.rows:
                continue
            summary = ", ".join(f"{r.label}: {r.count}" for r in result.rows)
            if result.mean is not None:
                summary += f"; {_('mean')}: {result.mean}"
            _line(pdf, f"• {result.question.text} — {summary}")
    return bytes(pdf.output())


@transaction.atomic
def annual_report_request(*, network: Network, by, start: date, end: date) -> AnnualReport:
    """Ask for a report; the PDF is built in the background and the person told when ready."""
    from evaluation.tasks import build_annual_report

    report = AnnualReport.objects.create(network=network, requested_by=by, start=start, end=end)
    report_id = report.pk
    transaction.on_commit(lambda: build_annual_report.delay(report_id))
    return report


def annual_report_build(*, report_id: int) -> AnnualReport | None:
    """Build the PDF of a pending report, store it privately and tell whoever asked (idempotent)."""
    report = (
        AnnualReport.objects.select_related("network", "requested_by").filter(pk=report_id).first()
    )
    if report is None or report.status != ReportStatus.PENDING:
        return report
    data = report_data(network=report.network, start=report.start, end=report.end)
    try:
        content = report_pdf(data)
    except Exception:
        logger.exception("annual report %s failed", report_id)
        report.status = ReportStatus.FAILED
        report.finished_at = timezone.now()
        report.save(update_fields=["status", "finished_at"])
        return report
    report.file.save(f"raport-{report.network.slug}.pdf", ContentFile(content), save=False)
    report.status = ReportStatus.READY
    report.finished_at = timezone.now()
    report.save(update_fields=["file", "status", "finished_at"])
    recipients = (
        [report.requested_by] if report.requested_by else list(coordinators_of(report.network))
    )
    notify(
        recipients=recipients,
        category=Category.ACCOUNT,
        text=gettext_noop("The annual report of %(network)s is ready to download."),
        params={"network": report.network.name},
        url=reverse(
            "evaluation:annual_report_download",
            kwargs={"network_slug": report.network.slug, "pk": report.pk},
        ),
        network_id=report.network_id,
        item_key=f"annual_report:{report.pk}",
    )
    return report
