"""Reads for the evaluation pages, each in a fixed number of queries whatever the number of answers."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property

from django.contrib.postgres.aggregates import StringAgg
from django.db.models import CharField, Count, Exists, F, OuterRef, Q, Value, Window
from django.db.models.functions import MD5, Cast, Concat, RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404

from evaluation import permissions
from evaluation.models import (
    CHOICE_KINDS,
    NUMERIC_KINDS,
    TEXT_KINDS,
    Answer,
    Participation,
    Question,
    QuestionKind,
    Survey,
)
from networks.models import Network
from networks.selectors import get_network_for_member

# A results page lists at most this many text answers per question; the export has all.
TEXT_ANSWERS_SHOWN = 200


def get_survey_for_member(user, network_slug: str, pk: int) -> Survey:
    """A survey of a network the person belongs to; drafts only for its coordinators; else 404."""
    network = get_network_for_member(user, network_slug)
    survey = get_object_or_404(Survey.objects.select_related("meeting"), network=network, pk=pk)
    survey.network = network
    if not permissions.can_view_survey(user, survey):
        raise Http404
    return survey


@dataclass
class SurveyList:
    to_answer: list[Survey]
    answered: list[Survey]
    upcoming: list[Survey]
    closed: list[Survey]
    drafts: list[Survey]


def survey_list(user, network: Network, *, coordinator: bool) -> SurveyList:
    """The network's surveys grouped for the person: to answer, answered, upcoming, closed, drafts."""
    surveys = (
        network.surveys.select_related("meeting")
        .annotate(
            answered=Exists(
                Participation.objects.filter(survey=OuterRef("pk"), user=user, submitted=True)
            ),
            question_count=Count("questions", filter=~Q(questions__kind=QuestionKind.SECTION)),
        )
        .order_by("-opens_at", "-pk")
    )
    if not coordinator:
        surveys = surveys.filter(published_at__isnull=False)
    groups = SurveyList([], [], [], [], [])
    for survey in surveys:
        survey.network = network
        if not survey.is_published:
            groups.drafts.append(survey)
        elif survey.is_upcoming:
            groups.upcoming.append(survey)
        elif survey.is_closed:
            groups.closed.append(survey)
        elif survey.answered:
            groups.answered.append(survey)
        else:
            groups.to_answer.append(survey)
    return groups


def survey_questions(survey: Survey) -> list[Question]:
    return list(survey.questions.all())


# --- results ----------------------------------------------------------------


@dataclass
class ValueRow:
    value: int
    label: str
    count: int
    percent: float


@dataclass
class TextAnswer:
    text: str
    author: str = ""


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    rows: list[ValueRow] = field(default_factory=list)
    mean: float | None = None
    median: float | None = None
    texts: list[TextAnswer] = field(default_factory=list)
    more_texts: int = 0

    @property
    def is_section(self) -> bool:
        return self.question.is_section

    @property
    def has_chart(self) -> bool:
        return self.question.kind in NUMERIC_KINDS or self.question.kind in CHOICE_KINDS

    def chart_data(self) -> dict:
        return {
            "labels": [row.label for row in self.rows],
            "counts": [row.count for row in self.rows],
            "horizontal": self.question.kind in CHOICE_KINDS,
        }


@dataclass
class SurveyResults:
    """A survey's results: the counts at once, the answers (`questions`) read on first use,
    so that a page whose rendered results are cached under `version` never reads them."""

    survey: Survey
    visible: bool
    responses: int
    members: int
    question_list: list[Question] = field(repr=False)
    with_names: bool = False

    @property
    def response_rate(self) -> float:
        return round(100 * self.responses / self.members, 1) if self.members else 0.0

    @cached_property
    def questions(self) -> list[QuestionResult]:
        results = [QuestionResult(question=question) for question in self.question_list]
        if self.visible:
            _fill_results(self.survey, results, with_names=self.with_names)
        return results

    @cached_property
    def charts(self) -> dict:
        """Each chart's data, for the page's script, by the id of its canvas."""
        return {
            f"chart-{result.question.pk}": result.chart_data()
            for result in self.questions
            if result.has_chart
        }

    @cached_property
    def version(self) -> tuple:
        """Everything the shown results are made of, without reading the answers (one query
        for a named survey's names, none otherwise): the questions as shown, and what says
        which answers there are. An anonymous survey's answers never change once released;
        a named survey's are only added, each response with one more `response_count`."""
        survey = self.survey
        questions = tuple(
            (q.pk, q.kind, q.text, tuple(q.options), q.min_label, q.max_label)
            for q in self.question_list
        )
        state = (survey.pk, survey.is_anonymous, self.visible, survey.released_at)
        names = _names_version(survey) if self.with_names and self.visible else None
        return (state, self.responses, questions, self.with_names, names)


def _names_version(survey: Survey) -> str:
    """A digest of who gave which named response, as the results show them (in PostgreSQL)."""
    names = StringAgg(
        Concat(Cast("response_key", CharField()), Value(":"), "user__display_name"),
        delimiter="\n",
        order_by="response_key",
        default=Value(""),
    )
    rows = Participation.objects.filter(survey=survey, response_key__isnull=False)
    return rows.aggregate(digest=MD5(names))["digest"]


def _median(distribution: list[tuple[int, int]]) -> float | None:
    total = sum(count for _value, count in distribution)
    if not total:
        return None
    middle = [(total - 1) // 2, total // 2]
    found, seen = [], 0
    for value, count in distribution:
        for index in middle:
            if seen <= index < seen + count:
                found.append(value)
        seen += count
    return sum(found) / len(found)


def survey_results(survey: Survey, *, with_names: bool = False) -> SurveyResults:
    """Per question: counts and percentages, mean and median of scales, text answers (1
    query, 3 more on reading `questions`), only once `permissions.results_released`; names
    beside a named survey's text answers only `with_names` (for its coordinators)."""
    return SurveyResults(
        survey=survey,
        visible=permissions.results_released(survey),
        responses=survey.response_count,
        # Kept by the membership services, as the network's pages show it.
        members=survey.network.member_count,
        question_list=survey_questions(survey),
        with_names=with_names,
    )


def _fill_results(survey: Survey, results: list[QuestionResult], *, with_names: bool) -> None:
    answers = Answer.objects.filter(survey=survey).order_by()
    answered = dict(
        answers.values("question_id")
        .annotate(people=Count("response_key", distinct=True))
        .values_list("question_id", "people")
    )
    counts: dict[tuple[int, int], int] = {
        (row["question_id"], row["number"]): row["total"]
        for row in answers.filter(number__isnull=False)
        .values("question_id", "number")
        .annotate(total=Count("id"))
    }
    texts = _text_answers(survey, with_names=with_names)
    for result in results:
        question = result.question
        result.answered = answered.get(question.pk, 0)
        if question.kind in TEXT_KINDS:
            result.texts = texts.get(question.pk, [])
            result.more_texts = max(0, result.answered - len(result.texts))
            continue
        distribution = []
        for value, label in question.value_labels():
            count = counts.get((question.pk, value), 0)
            percent = round(100 * count / result.answered, 1) if result.answered else 0.0
            result.rows.append(ValueRow(value, label, count, percent))
            distribution.append((value, count))
        if question.kind in NUMERIC_KINDS and result.answered:
            result.mean = round(
                sum(value * count for value, count in distribution) / result.answered, 2
            )
            result.median = _median(distribution)


def _text_answers(survey: Survey, *, with_names: bool) -> dict[int, list[TextAnswer]]:
    """The first text answers of each question (random order for anonymous surveys); named ones with names."""
    authors: dict = {}
    if with_names and not survey.is_anonymous:
        authors = dict(
            Participation.objects.filter(survey=survey, response_key__isnull=False).values_list(
                "response_key", "user__display_name"
            )
        )
    rows = (
        Answer.objects.filter(survey=survey)
        .exclude(text="")
        .annotate(
            row=Window(RowNumber(), partition_by=[F("question_id")], order_by=[F("id").asc()])
        )
        .filter(row__lte=TEXT_ANSWERS_SHOWN)
        .values_list("question_id", "text", "response_key")
    )
    texts: dict[int, list[TextAnswer]] = {}
    for question_id, text, key in rows:
        texts.setdefault(question_id, []).append(TextAnswer(text, authors.get(key, "")))
    return texts


@dataclass
class ComparedQuestion:
    text: str
    first: QuestionResult
    second: QuestionResult


def survey_comparison(first: Survey, second: Survey) -> list[ComparedQuestion]:
    """Questions both surveys ask (same template key, else same wording) with both results side by side."""
    first_results, second_results = survey_results(first), survey_results(second)
    if not (first_results.visible and second_results.visible):
        return []

    def identity(result: QuestionResult) -> str:
        return result.question.key or " ".join(result.question.text.lower().split())

    others = {
        identity(result): result
        for result in second_results.questions
        if result.has_chart and not result.is_section
    }
    pairs = []
    for result in first_results.questions:
        other = others.get(identity(result))
        if result.has_chart and other is not None and other.question.kind == result.question.kind:
            pairs.append(ComparedQuestion(result.question.text, result, other))
    return pairs


def comparable_surveys(network: Network) -> list[Survey]:
    """Published surveys of the network that can be compared (newest first)."""
    return list(network.surveys.published().order_by("-opens_at", "-pk"))


# --- export -----------------------------------------------------------------


def export_rows(survey: Survey) -> tuple[list[str], list[list]]:
    """One row per response (named surveys start with the person), one column per question
    (3 queries); no rows until `permissions.results_released`. Rows follow the random keys."""
    questions = [q for q in survey_questions(survey) if not q.is_section]
    labels = {q.pk: dict(q.value_labels()) for q in questions}
    header = [q.text for q in questions]
    if not permissions.results_released(survey):
        return header, []
    responses: dict = {}
    answers = Answer.objects.filter(survey=survey).order_by("response_key", "question_id", "number")
    for key, question_id, number, text in answers.values_list(
        "response_key", "question_id", "number", "text"
    ):
        cells = responses.setdefault(key, {})
        value = text if number is None else labels.get(question_id, {}).get(number, number)
        cells.setdefault(question_id, []).append(str(value))
    names: dict = {}
    if not survey.is_anonymous:
        names = dict(
            Participation.objects.filter(survey=survey, response_key__isnull=False).values_list(
                "response_key", "user__display_name"
            )
        )
        header = ["", *header]
    rows = []
    for key, cells in responses.items():
        row = ["; ".join(cells.get(q.pk, [])) for q in questions]
        if not survey.is_anonymous:
            row = [names.get(key, ""), *row]
        rows.append(row)
    return header, rows


# --- digest -----------------------------------------------------------------


CLOSING_SOON = timedelta(days=3)


def surveys_to_answer_for_digests(readers, until: datetime) -> dict[int, list[Survey]]:
    """Open surveys of each reader's networks they have not answered, new since their since or
    closing soon, by user id: one query for any number of readers."""
    from notifications.digest import readers_since

    if not readers:
        return {}
    reader = "network__memberships__user_id"
    surveys = (
        Survey.objects.published()
        .filter(
            readers_since(readers, reader=reader, after="opens_at__gt")
            | Q(
                **{f"{reader}__in": [user.pk for user, _since in readers]},
                closes_at__lte=until + CLOSING_SOON,
            ),
            network__archived_at__isnull=True,
            opens_at__lte=until,
            closes_at__gt=until,
        )
        .annotate(reader_id=F(reader))
        .exclude(
            Exists(
                Participation.objects.filter(
                    survey=OuterRef("pk"), user_id=OuterRef("reader_id"), submitted=True
                )
            )
        )
        .select_related("network")
        .only("title", "opens_at", "closes_at", "network__name", "network__slug")
        .order_by("reader_id", "closes_at", "pk")
    )
    found: dict[int, list[Survey]] = {}
    for survey in surveys:
        found.setdefault(survey.reader_id, []).append(survey)
    return found
