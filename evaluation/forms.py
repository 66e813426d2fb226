from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from evaluation import statistics
from evaluation.models import Question, QuestionKind, Survey
from evaluation.services import (
    QUESTION_FIELDS,
    SETTINGS_FIELDS,
    question_check,
    survey_settings_check,
)

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _datetime_field(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )


class SurveySettingsForm(forms.ModelForm):
    """A survey's settings; once it is published only its texts, threshold and closing time change."""

    LOCKED_WHEN_PUBLISHED = ("purpose", "meeting", "is_anonymous", "opens_at")

    opens_at = _datetime_field(_("Opens"))
    closes_at = _datetime_field(_("Closes"))

    class Meta:
        model = Survey
        fields = [*SETTINGS_FIELDS, "opens_at", "closes_at"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network
        self.fields["meeting"].queryset = network.meetings.order_by("-starts_at")
        self.fields["meeting"].required = False
        self.fields["min_responses"].min_value = 1
        if self.instance.pk and self.instance.is_published:
            for name in self.LOCKED_WHEN_PUBLISHED:
                self.fields[name].disabled = True
            # Sharing the results may be withdrawn after publishing, not added.
            if not self.instance.results_shared:
                self.fields["results_shared"].disabled = True
            # A closed anonymous survey has released its answers: it cannot open again.
            if self.instance.is_anonymous and self.instance.is_closed:
                self.fields["closes_at"].disabled = True

    def clean(self):
        data = super().clean()
        if self.errors or not (data.get("opens_at") and data.get("closes_at")):
            return data
        # The service's own rules, asked before it saves (they live in one place).
        draft = Survey(network=self.network, created_by=None)
        for name in self.Meta.fields:
            setattr(draft, name, data.get(name))
        try:
            survey_settings_check(draft)
        except ValidationError as error:
            _show_service_errors(self, error)
        return data

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class QuestionForm(forms.ModelForm):
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For single and multiple choice: one option per line."),
    )

    class Meta:
        model = Question
        fields = list(QUESTION_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["options"] = "\n".join(self.instance.options)
        self.fields["min_label"].help_text = _("For the 0–10 scale, e.g. “not at all”.")
        self.fields["max_label"].help_text = _("For the 0–10 scale, e.g. “very much”.")

    def clean_options(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()]

    def clean(self):
        data = super().clean()
        draft = Question(**{name: data.get(name) for name in QUESTION_FIELDS if name != "options"})
        draft.options = data.get("options") or []
        try:
            question_check(draft)
        except ValidationError as error:
            _show_service_errors(self, error)
        return data

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def _show_service_errors(form: forms.Form, error: ValidationError) -> None:
    """The service's messages on the form's own fields; what the form does not hold (the
    draft's survey, say) the service checks again when it saves."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        if field in form.fields:
            form.add_error(field, messages)
        elif field == "__all__":
            form.add_error(None, messages)


def _field_for(question: Question) -> forms.Field:
    label = f"{question.text} *" if question.required else question.text
    # Escaped here too: form templates (Django's, crispy's) print help text as HTML.
    common = {"label": label, "help_text": escape(question.help_text), "required": False}
    if question.kind in (QuestionKind.LIKERT, QuestionKind.SCALE, QuestionKind.SINGLE):
        return forms.TypedChoiceField(
            choices=question.value_labels(), coerce=int, widget=forms.RadioSelect, **common
        )
    if question.kind == QuestionKind.MULTIPLE:
        return forms.TypedMultipleChoiceField(
            choices=question.value_labels(),
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    if question.kind == QuestionKind.SHORT_TEXT:
        return forms.CharField(max_length=500, **common)
    return forms.CharField(max_length=10_000, widget=forms.Textarea(attrs={"rows": 4}), **common)


class SurveyAnswerForm(forms.Form):
    """The survey's questions as fields; required ones are enforced only when the answers are sent."""

    def __init__(self, *args, questions: list[Question], final: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.final = final
        self.items = []
        for question in questions:
            if question.is_section:
                self.items.append((question, None))
                continue
            name = f"q{question.pk}"
            self.fields[name] = _field_for(question)
            self.fields[name].question = question
            self.items.append((question, name))

    def clean(self):
        data = super().clean()
        if self.final:
            for question, name in self.items:
                if name and question.required and data.get(name) in (None, "", []):
                    self.add_error(name, _("This question needs an answer."))
        return data

    def answers(self) -> dict:
        return {
            question.pk: self.cleaned_data.get(name)
            for question, name in self.items
            if name and self.cleaned_data.get(name) not in (None, "", [])
        }

    @staticmethod
    def initial_from_draft(draft: dict) -> dict:
        return {f"q{question_id}": value for question_id, value in draft.items()}

    def bound_items(self):
        """(question, bound field or None) in order, for the template."""
        return [(question, self[name] if name else None) for question, name in self.items]


# Statistics cover the platform's years; dates far outside them (0001-01-01, 9999-12-31)
# would overflow the period's bounds in time-zone arithmetic.
PERIOD_DATES = [MinValueValidator(date(2000, 1, 1)), MaxValueValidator(date(2100, 12, 31))]


class PeriodForm(forms.Form):
    """A school year, or any dates from–to; left empty, the school year containing today.

    The page shows two small forms (a school year; dates), so whichever was sent decides.
    """

    school_year = forms.TypedChoiceField(
        label=_("School year"), coerce=int, required=False, empty_value=None
    )
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=PERIOD_DATES,
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=PERIOD_DATES,
    )

    MAX_SPAN = timedelta(days=366 * 5)
    SCHOOL_YEARS_OFFERED = 6

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        current = statistics.school_year_of(today)
        self.default = statistics.default_period(today)
        self.fields["school_year"].choices = [
            (year, f"{year}/{year + 1}")
            for year in range(current, current - self.SCHOOL_YEARS_OFFERED, -1)
        ]
        if not self.is_bound:
            self.initial = {
                "school_year": current,
                "start": self.default[0],
                "end": self.default[1],
            }

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if "start" in self.errors or "end" in self.errors:
            return data
        if start or end:
            if not (start and end):
                self.add_error(
                    "end" if start else "start",
                    _("Give both dates of the period, or choose a school year."),
                )
            elif end < start:
                self.add_error("end", _("The end of the period must come after its start."))
            elif end - start > self.MAX_SPAN:
                self.add_error("end", _("Choose a period of at most five years."))
        elif data.get("school_year") is not None:
            data["start"], data["end"] = statistics.school_year(data["school_year"])
        else:
            data["start"], data["end"] = self.default
        return data

    def period(self) -> tuple[date, date]:
        """The chosen period, or the default one when nothing (or something invalid) was sent."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return self.default


class CompareForm(forms.Form):
    first = forms.ModelChoiceField(label=_("First survey (e.g. formative)"), queryset=None)
    second = forms.ModelChoiceField(label=_("Second survey (e.g. final)"), queryset=None)

    def __init__(self, *args, surveys, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first"].queryset = surveys
        self.fields["second"].queryset = surveys

    def clean(self):
        data = super().clean()
        if data.get("first") and data.get("first") == data.get("second"):
            self.add_error("second", _("Choose two different surveys."))
        return data
