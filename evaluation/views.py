"""Thin views: fetch and check, call one selector or service, render or redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.files import download_headers, file_response
from core.permissions import require
from core.spreadsheets import to_csv, to_xlsx
from evaluation import permissions, reports, selectors, services, statistics
from evaluation.forms import (
    CompareForm,
    PeriodForm,
    QuestionForm,
    SurveyAnswerForm,
    SurveySettingsForm,
)
from evaluation.models import AnnualReport, Question, ReportStatus
from evaluation.survey_templates import TEMPLATES
from networks.models import Network
from networks.permissions import membership_of
from networks.selectors import get_network_for_member

DRAFT_COOKIE_SALT = "evaluation.anonymous-draft"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _network_context(request, network, **extra) -> dict:
    return {"network": network, "membership": membership_of(request.user, network), **extra}


def _form_error(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _managed_survey(request, network_slug: str, pk: int):
    survey = selectors.get_survey_for_member(request.user, network_slug, pk)
    require(permissions.can_manage_surveys(request.user, survey.network))
    return survey


def _builder_url(survey) -> str:
    from django.urls import reverse

    return reverse(
        "evaluation:survey_edit", kwargs={"network_slug": survey.network.slug, "pk": survey.pk}
    )


# --- list and building -------------------------------------------------------------------


@login_required
@require_GET
def survey_list(request: HttpRequest, network_slug: str) -> HttpResponse:
    network = get_network_for_member(request.user, network_slug)
    with_drafts = permissions.can_view_survey_drafts(request.user, network)
    groups = selectors.survey_list(request.user, network, coordinator=with_drafts)
    context = _network_context(request, network, groups=groups, templates=TEMPLATES)
    return render(request, "evaluation/survey_list.html", context)


@login_required
def survey_create(request: HttpRequest, network_slug: str) -> HttpResponse:
    network = get_network_for_member(request.user, network_slug)
    require(permissions.can_manage_surveys(request.user, network))
    now = timezone.localtime().replace(second=0, microsecond=0)
    initial = {"opens_at": now, "closes_at": now + services.DEFAULT_OPEN_FOR}
    form = SurveySettingsForm(request.POST or None, initial=initial, network=network)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(
                network=network, by=request.user, **form.service_fields()
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            return redirect(_builder_url(survey))
    context = _network_context(request, network, form=form, survey=None)
    return render(request, "evaluation/survey_form.html", context)


@login_required
@require_POST
def survey_from_template(request: HttpRequest, network_slug: str) -> HttpResponse:
    network = get_network_for_member(request.user, network_slug)
    require(permissions.can_manage_surveys(request.user, network))
    try:
        survey = services.survey_create_from_template(
            network=network, by=request.user, template_key=request.POST.get("template", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("evaluation:survey_list", network_slug=network.slug)
    messages.success(
        request, _("The survey was created from the template. Check it and publish it.")
    )
    return redirect(_builder_url(survey))


@login_required
def survey_settings(request: HttpRequest, network_slug: str, pk: int) -> HttpResponse:
    survey = _managed_survey(request, network_slug, pk)
    network = survey.network
    form = SurveySettingsForm(request.POST or None, instance=survey, network=network)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_update(survey=survey, by=request.user, **form.service_fields())
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The survey's settings were saved."))
            return redirect(_builder_url(survey))
    context = _network_context(request, network, form=form, survey=survey)
    return render(request, "evaluation/survey_form.html", context)


@login_required
def survey_edit(request: HttpRequest, network_slug: str, pk: int) -> HttpResponse:
    """The builder: the survey's items in order, and a form adding one at the end."""
    survey = _managed_survey(request, network_slug, pk)
    form = QuestionForm(request.POST or None)
    if request.method == "POST":
        require(permissions.can_edit_survey(request.user, survey))
        if form.is_valid():
            try:
                services.question_save(survey=survey, by=request.user, **form.service_fields())
            except ValidationError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("The question was added."))
                return redirect(_builder_url(survey) + "#add-question")
    context = _network_context(
        request,
        survey.network,
        survey=survey,
        questions=selectors.survey_questions(survey),
        form=form,
        may_edit=permissions.can_edit_survey(request.user, survey),
    )
    return render(request, "evaluation/survey_edit.html", context)


def _survey_question(request, network_slug: str, pk: int, question_id: int):
    survey = _managed_survey(request, network_slug, pk)
    require(permissions.can_edit_survey(request.user, survey))
    question = get_object_or_404(Question, survey=survey, pk=question_id)
    question.survey = survey
    return survey, question


@login_required
def question_edit(request: HttpRequest, network_slug: str, pk: int, question_id: int):
    survey, question = _survey_question(request, network_slug, pk, question_id)
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(
                survey=survey, by=request.user, question=question, **form.service_fields()
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            return redirect(_builder_url(survey) + f"#question-{question.pk}")
    context = _network_context(request, survey.network, survey=survey, question=question, form=form)
    return render(request, "evaluation/question_form.html", context)


@login_required
@require_POST
def question_move(request: HttpRequest, network_slug: str, pk: int, question_id: int):
    survey, question = _survey_question(request, network_slug, pk, question_id)
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.question_move(question=question, by=request.user, offset=offset)
    if request.htmx:
        context = {
            "survey": survey,
            "questions": selectors.survey_questions(survey),
            "may_edit": True,
        }
        return render(request, "evaluation/partials/_question_items.html", context)
    return redirect(_builder_url(survey) + f"#question-{question.pk}")


@login_required
@require_POST
def question_delete(request: HttpRequest, network_slug: str, pk: int, question_id: int):
    survey, question = _survey_question(request, network_slug, pk, question_id)
    services.question_delete(question=question, by=request.user)
    messages.success(request, _("The question was removed."))
    return redirect(_builder_url(survey))


@login_required
@require_POST
def survey_publish(request: HttpRequest, network_slug: str, pk: int) -> HttpResponse:
    survey = _managed_survey(request, network_slug, pk)
    require(permissions.can_edit_survey(request.user, survey))
    try:
        services.survey_publish(survey=survey, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_builder_url(survey))
    messages.success(request, _("The survey is published. Members will be told when it opens."))
    return redirect("evaluation:survey_list", network_slug=network_slug)


@login_required
@require_POST
def survey_close(request: HttpRequest, network_slug: str, pk: int) -> HttpResponse:
    survey = _managed_survey(request, network_slug, pk)
    services.survey_close(survey=survey, by=request.user)
    messages.success(request, _("The survey is closed."))
    return redirect("evaluation:survey_results", network_slug=network_slug, pk=survey.pk)


@login_required
@require_POST
def survey_delete(request: HttpRequest, network_slug: str, pk: int) -> HttpResponse:
    survey = _managed_survey(request, network_slug, pk)
    require(permissions.can_edit_survey(request.user, survey))
    services.survey_delete(survey=survey, by=request.user)
    messages.success(request, _("The draft survey was deleted."))
    return redirect("evaluation:survey_list", network_slug=network_slug)


# --- answering ---------------------------------------------------------------------------


def _draft_cookie(survey) -> str:
    return f"evaluation_draft_{survey.pk}"


def _draft_token(request, survey) -> str:
    if not survey.is_anonymous:
        return ""
    return request.get_signed_cookie(_draft_cookie(survey), default="", salt=DRAFT_COOKIE_SALT)


@login_required
def survey_answer(request: HttpRequest, network_slug: str, pk: int) -> HttpResponse:
    survey = selectors.get_survey_for_member(request.user, network_slug, pk)
    questions = selectors.survey_questions(survey)
    answered = survey.participations.filter(user=request.user, submitted=True).exists()
    may_answer = permissions.can_answer_survey(request.user, survey) and not answered
    token = _draft_token(request, survey)
    if request.method == "POST" and may_answer:
        return _answer_post(request, survey, questions, token)
    if request.method == "POST":
        # Closed (or answered) meanwhile: the page says so and shows what was typed.
        form = SurveyAnswerForm(request.POST, questions=questions)
        return _answer_page(request, survey, form, answered=answered, status=403)
    draft = services.draft_answers(survey=survey, user=request.user, draft_token=token)
    form = SurveyAnswerForm(initial=SurveyAnswerForm.initial_from_draft(draft), questions=questions)
    return _answer_page(
        request, survey, form, answered=answered, may_answer=may_answer, has_draft=bool(draft)
    )


def _answer_page(request, survey, form, *, status: int = 200, **flags) -> HttpResponse:
    context = _network_context(request, survey.network, survey=survey, form=form, **flags)
    return render(request, "evaluation/survey_answer.html", context, status=status)


def _answer_post(request, survey, questions, token: str) -> HttpResponse:
    final = "submit" in request.POST
    form = SurveyAnswerForm(request.POST, questions=questions, final=final)
    if form.is_valid():
        try:
            if final:
                services.response_submit(
                    survey=survey, user=request.user, answers=form.answers(), draft_token=token
                )
            else:
                token = services.answers_save_draft(
                    survey=survey, user=request.user, answers=form.answers(), draft_token=token
                )
        except ValidationError as error:
            _form_error(form, error)
        else:
            return _after_answer(request, survey, final, token)
    return _answer_page(request, survey, form, answered=False, may_answer=True)


def _after_answer(request, survey, final: bool, token: str) -> HttpResponse:
    if final:
        messages.success(request, _("Thank you! Your answers were sent."))
        response = redirect("evaluation:survey_list", network_slug=survey.network.slug)
        response.delete_cookie(_draft_cookie(survey), path=request.path)
        return response
    messages.success(
        request, _("Your answers were saved. You can finish them until the survey closes.")
    )
    response = redirect(request.path)
    if survey.is_anonymous:
        response.set_signed_cookie(
            _draft_cookie(survey), token, salt=DRAFT_COOKIE_SALT, path=request.path,
            max_age=max(60, int((survey.closes_at - timezone.now()).total_seconds())),
            secure=request.is_secure(), httponly=True, samesite="Lax",
        )  # fmt: skip
    return response


# --- results -----------------------------------------------------------------------------


@login_required
@require_GET
def survey_results(request: HttpRequest, network_slug: str, pk: int) -> HttpResponse:
    """Released results; coordinators of an anonymous survey that is still open see only the rate."""
    survey = selectors.get_survey_for_member(request.user, network_slug, pk)
    if not (
        permissions.can_view_results(request.user, survey)
        or permissions.can_view_survey_progress(request.user, survey)
    ):
        # Still "may not see" (403), but a member is told when the results will appear.
        context = _network_context(request, survey.network, survey=survey)
        return render(request, "evaluation/survey_results_pending.html", context, status=403)
    names = permissions.can_view_respondent_names(request.user, survey)
    results = selectors.survey_results(survey, with_names=names)
    context = _network_context(request, survey.network, survey=survey, results=results)
    return render(request, "evaluation/survey_results.html", context)


@login_required
@require_GET
def survey_export(request: HttpRequest, network_slug: str, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    survey = selectors.get_survey_for_member(request.user, network_slug, pk)
    require(permissions.can_view_survey_progress(request.user, survey))
    # Until the answers are released there is no file to download.
    require(permissions.can_export_results(request.user, survey), hide=True)
    header, rows = selectors.export_rows(survey)
    name = slugify(survey.title) or f"survey-{survey.pk}"
    if fmt == "csv":
        response = HttpResponse(to_csv([header, *rows]), content_type="text/csv; charset=utf-8")
    else:
        summary = _summary_rows(selectors.survey_results(survey))
        sheets = [(_("Responses"), [header, *rows]), (_("Summary"), summary)]
        response = HttpResponse(to_xlsx(sheets), content_type=XLSX_TYPE)
    # Answers of a network's members: never kept by a shared cache.
    return download_headers(response, filename=f"{name}.{fmt}")


def _summary_rows(results) -> list[list]:
    rows = [[_("Question"), _("Response"), _("Count"), _("Percent")]]
    for result in results.questions:
        for row in result.rows:
            rows.append([result.question.text, row.label, row.count, row.percent])
        if result.mean is not None:
            rows.append([result.question.text, _("Mean"), result.mean, ""])
            rows.append([result.question.text, _("Median"), result.median, ""])
    return rows


@login_required
@require_GET
def survey_compare(request: HttpRequest, network_slug: str) -> HttpResponse:
    network = get_network_for_member(request.user, network_slug)
    require(permissions.can_view_statistics(request.user, network))
    surveys = network.surveys.published().order_by("-opens_at", "-pk")
    form = CompareForm(request.GET or None, surveys=surveys)
    pairs = None
    if form.is_bound and form.is_valid():
        first, second = form.cleaned_data["first"], form.cleaned_data["second"]
        first.network = second.network = network
        pairs = selectors.survey_comparison(first, second)
    context = _network_context(request, network, form=form, pairs=pairs)
    return render(request, "evaluation/survey_compare.html", context)


# --- statistics --------------------------------------------------------------------------


def _period(request) -> tuple[PeriodForm, tuple]:
    form = PeriodForm(request.GET or None)
    return form, form.period()


def _statistics_file(stats, *, title: str, name: str, fmt: str) -> HttpResponse:
    sheets = statistics.statistics_sheets(stats, title=title)
    if fmt == "csv":
        rows = [row for _sheet, sheet_rows in sheets for row in [*sheet_rows, []]]
        response = HttpResponse(to_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(to_xlsx(sheets), content_type=XLSX_TYPE)
    filename = f"{name}-{stats.start.isoformat()}-{stats.end.isoformat()}.{fmt}"
    # A network's own figures: never kept by a shared cache.
    return download_headers(response, filename=filename)


@login_required
@require_GET
def network_statistics(request: HttpRequest, network_slug: str) -> HttpResponse:
    network = get_network_for_member(request.user, network_slug)
    require(permissions.can_view_statistics(request.user, network))
    form, (start, end) = _period(request)
    stats = statistics.activity_statistics(network=network, start=start, end=end)
    context = _network_context(request, network, form=form, stats=stats, chart=stats.chart_data())
    return render(request, "evaluation/network_statistics.html", context)


@login_required
@require_GET
def network_statistics_export(request: HttpRequest, network_slug: str, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    network = get_network_for_member(request.user, network_slug)
    require(permissions.can_view_statistics(request.user, network))
    _form, (start, end) = _period(request)
    stats = statistics.activity_statistics(network=network, start=start, end=end)
    name = f"{network.slug}-statistics"
    return _statistics_file(stats, title=network.name, name=name, fmt=fmt)


@login_required
@require_GET
def platform_statistics(request: HttpRequest) -> HttpResponse:
    """For staff: the whole platform's figures and each network's, on a page of the site."""
    require(permissions.can_view_platform_statistics(request.user), hide=True)
    form, (start, end) = _period(request)
    stats = statistics.activity_statistics(network=None, start=start, end=end)
    stats.per_network = statistics.per_network_totals(start=start, end=end)
    context = {"form": form, "stats": stats, "chart": stats.chart_data()}
    return render(request, "evaluation/platform_statistics.html", context)


@login_required
@require_GET
def platform_statistics_export(request: HttpRequest, fmt: str) -> HttpResponse:
    require(permissions.can_view_platform_statistics(request.user), hide=True)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, (start, end) = _period(request)
    stats = statistics.activity_statistics(network=None, start=start, end=end)
    stats.per_network = statistics.per_network_totals(start=start, end=end)
    return _statistics_file(
        stats, title=_("Platform statistics"), name="platform-statistics", fmt=fmt
    )


@login_required
@require_GET
def my_balance(request: HttpRequest, network_slug: str) -> HttpResponse:
    network = get_network_for_member(request.user, network_slug)
    form, (start, end) = _period(request)
    balance = statistics.personal_balance(user=request.user, network=network, start=start, end=end)
    context = _network_context(request, network, form=form, balance=balance, start=start, end=end)
    return render(request, "evaluation/my_balance.html", context)


def _report_network(request, network_slug: str) -> Network:
    # Staff see any network's report, hidden or not, without being members of it.
    network = get_object_or_404(Network, slug=network_slug)
    require(permissions.can_view_annual_report(request.user, network), hide=True)
    return network


@login_required
@require_GET
def annual_report(request: HttpRequest, network_slug: str) -> HttpResponse:
    network = _report_network(request, network_slug)
    form, (start, end) = _period(request)
    data = reports.report_data(network=network, start=start, end=end)
    peak = {
        key: max([row.values[key] for row in data.stats.months], default=0) or 1
        for key in ("threads", "posts")
    }
    context = _network_context(
        request,
        network,
        form=form,
        data=data,
        peak=peak,
        reports=AnnualReport.objects.filter(network=network)[:10],
    )
    return render(request, "evaluation/annual_report.html", context)


@login_required
@require_POST
def annual_report_request(request: HttpRequest, network_slug: str) -> HttpResponse:
    network = _report_network(request, network_slug)
    form, (start, end) = _period(request)
    reports.annual_report_request(network=network, by=request.user, start=start, end=end)
    messages.success(
        request, _("The PDF is being prepared; you will be notified when it is ready.")
    )
    return redirect("evaluation:annual_report", network_slug=network.slug)


@login_required
@require_GET
def annual_report_download(request: HttpRequest, network_slug: str, pk: int) -> HttpResponse:
    network = _report_network(request, network_slug)
    report = get_object_or_404(AnnualReport, network=network, pk=pk, status=ReportStatus.READY)
    return file_response(
        report.file, filename=f"raport-{network.slug}.pdf", content_type="application/pdf"
    )
