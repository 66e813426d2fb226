import re
from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.dateformat import time_format
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import InstitutionType, User, Voivodeship
from networks import app_settings
from networks.meetings import meeting_check
from networks.models import (
    Answer,
    DatePoll,
    Goal,
    GoalStatus,
    JoinPolicy,
    Meeting,
    MeetingKind,
    Network,
    Outcome,
    PlannedActivity,
    PollChoice,
    Role,
    Stage,
    Topic,
)
from networks.polls import poll_check_slots

DATETIME_INPUT_FORMAT = "%Y-%m-%dT%H:%M"


ANY = _("any")


def _choices_with_any(choices):
    return [("", ANY), *choices]


class CatalogueFilterForm(forms.Form):
    """The catalogue's filters; every field is optional and bad values are simply ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.all(), required=False, empty_label=ANY
    )
    stage = forms.TypedChoiceField(
        label=_("Stage"),
        choices=_choices_with_any(Stage.choices),
        required=False,
        coerce=int,
        empty_value=None,
    )
    institution_type = forms.ChoiceField(
        label=_("Organising institution"),
        choices=_choices_with_any(InstitutionType.choices),
        required=False,
    )
    voivodeship = forms.ChoiceField(
        label=_("Voivodeship"), choices=_choices_with_any(Voivodeship.choices), required=False
    )
    join_policy = forms.ChoiceField(
        label=_("Who may join"), choices=_choices_with_any(JoinPolicy.choices), required=False
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "text": data["q"],
            "topic": data["topic"],
            "stage": data["stage"],
            "institution_type": data["institution_type"],
            "voivodeship": data["voivodeship"],
            "join_policy": data["join_policy"],
        }


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class EndsAfterStartMixin:
    """Dates "from" and "until": the end may not come before the start."""

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end cannot come before the start."))
        return data


class NetworkForm(EndsAfterStartMixin, forms.ModelForm):
    class Meta:
        model = Network
        fields = list(Network.EDITABLE_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "visibility": forms.RadioSelect,
            "join_policy": forms.RadioSelect,
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }

    def clean_school_year(self):
        value = self.cleaned_data["school_year"].strip()
        match = re.fullmatch(r"(\d{4})/(\d{4})", value)
        if value and (not match or int(match[2]) != int(match[1]) + 1):
            raise forms.ValidationError(_("Write the school year as two years, e.g. 2026/2027."))
        return value


class StageForm(forms.Form):
    stage = forms.TypedChoiceField(label=_("New stage"), choices=Stage.choices, coerce=int)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the network moves on (or back): members see it in the history."),
    )


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the coordinators"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: who you are and why you want to join."),
    )


class DecisionForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the person"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.PARTICIPANT)
    message = forms.CharField(
        label=_("Personal message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["title", "description", "status"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class PlannedActivityForm(EndsAfterStartMixin, forms.ModelForm):
    class Meta:
        model = PlannedActivity
        fields = ["title", "goal", "starts_on", "ends_on", "done"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = network.goal_items.all()


class PlanCommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment on the goals and plan"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_INPUT_FORMAT, **kwargs)


def https_by_default(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class MeetingRulesMixin:
    """Shows the meeting service's rules (networks.meetings.meeting_check) beside the fields."""

    def clean(self):
        data = super().clean()
        try:
            meeting_check(
                kind=data.get("kind"),
                starts_at=data.get("starts_at"),
                ends_at=data.get("ends_at"),
                place=data.get("place"),
                online_url=data.get("online_url"),
                starts_changed=self.instance.pk is None or "starts_at" in self.changed_data,
                network=self.meeting_network(),
                expert=data.get("expert"),
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        return data

    def meeting_network(self) -> Network | None:
        return self.instance.network if self.instance.network_id else None


class MeetingForm(MeetingRulesMixin, forms.ModelForm):
    """Times are typed and shown in Polish time (Europe/Warsaw), summer or winter."""

    class Meta:
        model = Meeting
        fields = list(Meeting.EDITABLE_FIELDS)
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "kind": forms.RadioSelect,
        }
        formfield_callback = https_by_default

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = [DATETIME_INPUT_FORMAT, "%Y-%m-%d %H:%M"]
        self.fields["expert"].queryset = User.objects.filter(memberships__network=network).order_by(
            "display_name", "email"
        )
        self.fields["expert"].label_from_instance = lambda user: user.public_name
        # Radio buttons need no "---------": nothing is chosen until the coordinator chooses.
        self.fields["kind"].choices = MeetingKind.choices
        self.network = network

    def meeting_network(self) -> Network | None:
        return self.network


class CancelMeetingForm(forms.Form):
    note = forms.CharField(
        label=_("Reason for cancelling"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Everyone who said they would come receives it."),
    )


class RsvpForm(forms.Form):
    answer = forms.ChoiceField(label=_("Your answer"), choices=Answer.choices)


class AttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("Who was there"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["present"]
        field.queryset = User.objects.filter(memberships__network=network).order_by(
            "display_name", "email"
        )
        field.label_from_instance = lambda user: user.public_name


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What was discussed and agreed. Markdown is allowed."),
    )


class MeetingLinkForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    url = forms.URLField(label=_("Address (URL)"), assume_scheme="https")


class GoalAgreementForm(forms.Form):
    agrees = forms.TypedChoiceField(
        label=_("Your answer"),
        choices=[("1", _("I agree with this goal")), ("0", _("I object"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when you object: what should change? Only coordinators see it."),
    )

    def __init__(self, *args, goal: Goal, **kwargs):
        super().__init__(*args, prefix=f"goal-{goal.pk}", **kwargs)
        # Unique labels per goal, so that a screen reader says which goal a field is for.
        self.fields["agrees"].label = _("Your answer to the goal: %(goal)s") % {"goal": goal.title}


class DatePollForm(MeetingRulesMixin, forms.ModelForm):
    """What the meeting will be; its date is what the members choose."""

    class Meta:
        model = DatePoll
        fields = ["title", "kind", "form", "place", "online_url", "agenda"]
        widgets = {"agenda": forms.Textarea(attrs={"rows": 4}), "kind": forms.RadioSelect}
        formfield_callback = https_by_default

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network

    def meeting_network(self) -> Network | None:
        return self.network


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class PollSlotForm(forms.Form):
    """One proposed date; an empty row is simply not proposed."""

    day = forms.DateField(label=_("Day"), required=False, widget=DateInput())
    starts = forms.TimeField(label=_("From"), required=False, widget=TimeInput())
    ends = forms.TimeField(label=_("Until"), required=False, widget=TimeInput())

    def clean(self):
        data = super().clean()
        given = [data.get(name) for name in ("day", "starts", "ends")]
        if any(given) and not all(given):
            raise ValidationError(_("Give the day and both times, or leave the row empty."))
        return data

    def slot(self) -> tuple | None:
        data = getattr(self, "cleaned_data", {})
        if not all(data.get(name) for name in ("day", "starts", "ends")):
            return None
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(data["day"], data["starts"], tzinfo=zone),
            datetime.combine(data["day"], data["ends"], tzinfo=zone),
        )


class BasePollSlotFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        try:
            poll_check_slots(self.slots())
        except ValidationError as error:
            raise ValidationError(error.messages) from None

    def slots(self) -> list[tuple]:
        return [slot for form in self.forms if (slot := form.slot()) is not None]


PollSlotFormSet = forms.formset_factory(
    PollSlotForm,
    formset=BasePollSlotFormSet,
    extra=app_settings.POLL_MAX_SLOTS,
    max_num=app_settings.POLL_MAX_SLOTS,
    absolute_max=app_settings.POLL_MAX_SLOTS,
    validate_max=True,
)


class PollAnswerForm(forms.Form):
    """Yes, if need be or no for each proposed date: one radio group per date."""

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        for slot in slots:
            start = timezone.localtime(slot.starts_at)
            end = timezone.localtime(slot.ends_at)
            day = date_format(start, "l j E Y")
            label = f"{day}, {time_format(start, 'H:i')}–{time_format(end, 'H:i')}"
            self.fields[f"slot_{slot.pk}"] = forms.ChoiceField(
                label=label, choices=PollChoice.choices, widget=forms.RadioSelect
            )

    def answers(self) -> dict[int, str]:
        return {int(name.removeprefix("slot_")): value for name, value in self.cleaned_data.items()}


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        formfield_callback = https_by_default
        fields = [
            "title",
            "description",
            "applied_on",
            "with_whom",
            "goal",
            "evidence_url",
            "evidence_note",
            "response",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "applied_on": DateInput(),
            "evidence_note": forms.Textarea(attrs={"rows": 2}),
            "response": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"description": _("You can use Markdown.")}

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = network.goal_items.exclude(status=GoalStatus.DROPPED)


class OutcomeCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Coordinator's comment"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
