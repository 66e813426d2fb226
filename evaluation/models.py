"""Evaluation surveys, who has answered them, the answers, and the reminders before they close.

How anonymity works (read this before changing any model here)
----------------------------------------------------------------
The seeds name "fear of losing anonymity" as a barrier, so an anonymous survey
promises that nobody — coordinators, platform staff, or anyone reading the
database — can tell which answers a person gave, order the answers or single out
the newest one. The promise is kept by the shape of the data and by *when* the
answers become readable at all:

* **Who answered** is one `Participation` row per (survey, person): it says only
  that the person has submitted — to stop a second response and to know whom to
  remind. For an anonymous survey it holds no answers, no response key and no
  time; its primary key is a random UUID, so neither the key nor the admin (which
  lists it by person) follows the order in which people answered.
* **Sealed while open.** An open anonymous survey's responses are not answer rows
  at all: they are one pool (`SealedResponses`, one row per survey), compressed,
  padded to a power-of-two size (at least 64 KiB) and encrypted with a key derived
  from the server's SECRET_KEY (evaluation/sealing.py). Each submission decrypts
  the pool, splices the new response in at a random place, and writes the whole
  pool back under a fresh nonce — every byte of the row changes. At 1,000
  responses the pool still fits 64 KiB and a submission costs ~0.1 s, all of it
  ordinary queries (bench/evaluation_bench.py; the former re-mix of every answer
  row cost 0.4 s, 1.4 s on the same loaded machine).
* **Released all at once.** When the survey closes (`services.survey_close`, or the
  beat task for a closing time that passed) `services.survey_release` decrypts the
  pool and, if at least `min_responses` people *other than the network's
  coordinators* answered, writes every response as `Answer` rows in one
  transaction, in random order, each with a fresh random primary key and a fresh
  random `response_key`; otherwise the pool is discarded unread (`withheld`). The
  pool and every unfinished anonymous draft are deleted, and the survey's
  participations are rewritten in random order. Only then can anyone — the
  coordinators included — see results or exports (`permissions.results_released`).
* **Unfinished answers** ("save and finish later") are an `AnonymousDraft` row
  found by the SHA-256 of a random token that lives only in the person's browser
  cookie and encrypted with a key derived from that token: the row names nobody
  and the database cannot read it. Submitting deletes it; so does the release.
* Answers have no foreign key to a person and no timestamp; their keys are
  version-4 UUIDs, never a sequence.

What a reader of the database with two snapshots, before and after one answer,
**can** learn: that this person took part (their participation row appears — the
site shows the count too); that the sealed pool changed; the pool's size band
(a power of two, at least 64 KiB, of the *compressed* pool), which moves only
when the pool doubles — for most surveys never. What they **cannot** learn: anything the person answered — the pool is unreadable
without the server's key, and the answer tables do not change while the survey
is open. After the release they see every answer appear at once, in random
order, with keys made at the release, carrying one transaction id (xmin) — so no
answer can be dated, ordered or tied to a participation, whatever snapshots they
took before. What remains outside the model: someone holding the database *and*
the server's SECRET_KEY (an operator of the server) can decrypt the pool in each
snapshot and see which response a submission added; server access logs record
that a person sent the answer form at a time (not what they answered); and old
row versions stay in the table's files until vacuum reclaims them — sealed too.
The threshold counts accounts, not honest people: a coordinator who enrols extra
accounts of their own and answers with them can still narrow the rest down.
Results of a named survey are readable by its coordinators at once, with names.
evaluation/tests/test_anonymity.py and test_sealing.py check the schema and, with
database snapshots around each answer, the rows written.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.files import private_storage
from networks.models import ActivityLog, Meeting, Network


class Purpose(models.TextChoices):
    NEEDS = "needs", _("Needs diagnosis")
    FORMATIVE = "formative", _("Formative evaluation")
    FINAL = "final", _("Final evaluation")
    MEETING = "meeting", _("Meeting feedback")
    OTHER = "other", _("Other survey")


class SurveyQuerySet(models.QuerySet):
    def published(self) -> "SurveyQuerySet":
        return self.filter(published_at__isnull=False)

    def open_now(self) -> "SurveyQuerySet":
        now = timezone.now()
        return self.published().filter(opens_at__lte=now, closes_at__gt=now)


class Survey(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="surveys")
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("meeting"),
        help_text=_("For feedback after a meeting."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("introduction"), blank=True, max_length=4000)
    purpose = models.CharField(
        _("purpose"), max_length=16, choices=Purpose.choices, default=Purpose.FORMATIVE
    )
    is_anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_("Nobody, coordinators and staff included, can see who gave which answers."),
    )
    min_responses = models.PositiveSmallIntegerField(
        _("results shown from"),
        default=3,
        help_text=_(
            "Results of an anonymous survey appear when it closes, and only if at least this "
            "many people other than the coordinators answered."
        ),
    )
    results_shared = models.BooleanField(
        _("share the results with members"),
        default=False,
        help_text=_(
            "Once the survey closes, members see the charts and the answers, without names. "
            "Coordinators always see everything."
        ),
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    # The template it was made from, so a formative and a final survey can be compared.
    template_key = models.CharField(max_length=40, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    opening_notified_at = models.DateTimeField(null=True, blank=True)
    results_notified_at = models.DateTimeField(null=True, blank=True)
    reminders_planned_at = models.DateTimeField(null=True, blank=True)
    # An anonymous survey's answers leave the sealed pool once, after it closes:
    # `released_at` says when that happened, `withheld` that too few people other than
    # the coordinators answered, so the pool was discarded unread.
    released_at = models.DateTimeField(null=True, blank=True)
    withheld = models.BooleanField(default=False)
    response_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "-id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="survey_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(min_responses__gte=1), name="survey_min_responses_positive"
            ),
        ]
        indexes = [models.Index(fields=["network", "closes_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse(
            "evaluation:survey_answer", kwargs={"network_slug": self.network.slug, "pk": self.pk}
        )

    def get_results_url(self) -> str:
        from django.urls import reverse

        return reverse(
            "evaluation:survey_results", kwargs={"network_slug": self.network.slug, "pk": self.pk}
        )

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_open(self) -> bool:
        now = timezone.now()
        return self.is_published and self.opens_at <= now < self.closes_at

    @property
    def is_closed(self) -> bool:
        return self.is_published and self.closes_at <= timezone.now()

    @property
    def is_upcoming(self) -> bool:
        return self.is_published and timezone.now() < self.opens_at


class QuestionKind(models.TextChoices):
    SECTION = "section", _("Section heading")
    LIKERT = "likert", _("Agreement (5-point scale)")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale 0–10")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")


CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE}
NUMERIC_KINDS = {QuestionKind.LIKERT, QuestionKind.SCALE}
TEXT_KINDS = {QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT}

LIKERT_LABELS = {
    1: _("Strongly disagree"),
    2: _("Disagree"),
    3: _("Neither agree nor disagree"),
    4: _("Agree"),
    5: _("Strongly agree"),
}


class Question(models.Model):
    """One item of a survey, in order; a section heading is an item too."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("type"), max_length=16, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("explanation"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=False)
    # Choices of a single or multiple choice question, in order; answers store the index.
    options = models.JSONField(_("options"), default=list, blank=True)
    min_label = models.CharField(_("label of 0"), max_length=60, blank=True)
    max_label = models.CharField(_("label of 10"), max_length=60, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # Set by the templates: the same key in two surveys means the same question.
    key = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text

    @property
    def is_section(self) -> bool:
        return self.kind == QuestionKind.SECTION

    def value_labels(self) -> list[tuple[int, str]]:
        """The values an answer to this question can take, with their labels, in order."""
        if self.kind == QuestionKind.LIKERT:
            return [(value, str(label)) for value, label in LIKERT_LABELS.items()]
        if self.kind == QuestionKind.SCALE:
            labels = {0: self.min_label, 10: self.max_label}
            return [
                (value, f"{value} – {labels[value]}" if labels.get(value) else str(value))
                for value in range(11)
            ]
        if self.kind in CHOICE_KINDS:
            return list(enumerate(self.options))
        return []


class Participation(models.Model):
    """That a person has answered a survey — and, for a named survey only, which response is theirs."""

    # Random, so that the key does not follow the order in which people answered.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_participations"
    )
    submitted = models.BooleanField(default=False)
    # Named surveys only; always empty for an anonymous survey (see the module docstring).
    response_key = models.UUIDField(null=True, blank=True)
    draft = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="one_participation_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.survey}"


class Answer(models.Model):
    """One answer to one question; answers of one response share a random key and name nobody."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    response_key = models.UUIDField()
    # Likert 1–5, scale 0–10, or the index of the chosen option (one row per chosen option).
    number = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["survey", "question"])]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.number if self.number is not None else self.text[:30]}"


class SealedResponses(models.Model):
    """The responses of an open anonymous survey, as one encrypted, shuffled pool until it closes."""

    survey = models.OneToOneField(
        Survey, on_delete=models.CASCADE, primary_key=True, related_name="sealed_responses"
    )
    # evaluation.sealing: AES-GCM over the padded JSON list of responses.
    data = models.BinaryField()

    def __str__(self) -> str:
        return f"sealed @ {self.survey_id}"


class AnonymousDraft(models.Model):
    """Unfinished answers to an anonymous survey, found by and sealed with a token only the browser holds."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="anonymous_drafts")
    token_hash = models.CharField(max_length=64, unique=True)
    sealed = models.BinaryField()

    def __str__(self) -> str:
        return f"draft @ {self.survey_id}"


class SurveyReminder(models.Model):
    """The e-mail reminding one person, once, that a survey closes soon; claimed by the beat task."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)
    skipped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"], name="one_survey_reminder_per_person"
            )
        ]
        indexes = [
            models.Index(
                fields=["survey"],
                condition=Q(sent_at__isnull=True, skipped_at__isnull=True),
                name="survey_reminder_due_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey} → {self.user}"


class PlatformStatistics(ActivityLog):
    """The activity log seen as platform-wide statistics: a page for staff in the admin."""

    class Meta:
        proxy = True
        verbose_name = _("platform statistics")
        verbose_name_plural = _("platform statistics")


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


def annual_report_path(report: "AnnualReport", filename: str) -> str:
    return f"reports/{report.network_id}/{report.pk or 'new'}-{filename}"


class AnnualReport(models.Model):
    """A network's report for a period, built as a PDF in the background (evaluation.reports)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="annual_reports")
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    file = models.FileField(
        upload_to=annual_report_path, storage=private_storage, max_length=300, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")

    def __str__(self) -> str:
        return f"{self.network}: {self.start}–{self.end}"
