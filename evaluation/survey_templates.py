"""Ready-made surveys from the seeds: needs diagnosis, meeting feedback, formative and final evaluation.

A template is copied into an ordinary draft survey in the coordinator's language,
which they can then edit freely. Questions carry a `key`, so that a formative and a
final survey made from these templates can be compared question by question.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from evaluation.models import Purpose, QuestionKind

K = QuestionKind


@dataclass(frozen=True)
class TemplateQuestion:
    key: str
    kind: str
    text: str
    required: bool = False
    options: tuple = ()
    help_text: str = ""
    min_label: str = ""
    max_label: str = ""


@dataclass(frozen=True)
class SurveyTemplate:
    key: str
    title: str
    description: str
    purpose: str
    questions: list[TemplateQuestion] = field(default_factory=list)


def Q(key, kind, text, **kwargs) -> TemplateQuestion:  # noqa: N802 - reads like a table row
    return TemplateQuestion(key=key, kind=kind, text=text, **kwargs)


MEETING_FORMS = (
    _("Exchange of good practice"),
    _("Panel discussion"),
    _("Workshop"),
    _("Learning by doing"),
    _("Consultation"),
    _("Demonstration lesson"),
    _("Group work on an issue"),
    _("Discussion in threads on the platform"),
)

# The core of the evaluation, shared by the formative and the final survey.
_IDEA_AND_PRACTICE = [
    Q("sec.idea", K.SECTION, _("The network as an idea and in practice")),
    Q(
        "idea.good_idea",
        K.LIKERT,
        _("Learning together in a network of teachers is a good idea."),
        required=True,
    ),
    Q(
        "idea.works",
        K.LIKERT,
        _("Our network works in practice the way I expected."),
        required=True,
    ),
    Q("idea.goals", K.LIKERT, _("The goals we agreed on are being achieved.")),
    Q("sec.forms", K.SECTION, _("Meetings in person and work on the platform")),
    Q(
        "forms.meetings",
        K.SCALE,
        _("How useful were the meetings in person for you?"),
        min_label=_("not at all"),
        max_label=_("very"),
    ),
    Q(
        "forms.platform",
        K.SCALE,
        _("How useful was the work on the platform (threads, materials) for you?"),
        min_label=_("not at all"),
        max_label=_("very"),
    ),
    Q(
        "forms.balance",
        K.SINGLE,
        _("Which would you like more of?"),
        options=(_("Meetings in person"), _("Work on the platform"), _("Both as they are now")),
    ),
    Q("sec.give", K.SECTION, _("“I take” and “I give”")),
    Q("give.take", K.LIKERT, _("I took a lot from the network: ideas, materials, advice.")),
    Q(
        "give.give",
        K.LIKERT,
        _("I gave a lot to the network: I shared my experience and materials."),
    ),
    Q(
        "give.barrier",
        K.MULTIPLE,
        _("What kept you from sharing more?"),
        options=(
            _("Not enough time"),
            _("Technical problems"),
            _("Reluctance to discuss work matters online"),
            _("Fear of losing anonymity"),
            _("I did not feel I had anything to share"),
            _("Nothing, I shared as much as I wanted"),
        ),
    ),
    Q("sec.helped", K.SECTION, _("What helped and what hindered")),
    Q("helped", K.LONG_TEXT, _("What helped our cooperation?")),
    Q("hindered", K.LONG_TEXT, _("What hindered our cooperation?")),
]

TEMPLATES = [
    SurveyTemplate(
        key="needs",
        title=_("Needs diagnosis"),
        description=_("Help us plan the network: what would you like to work on, when and how?"),
        purpose=Purpose.NEEDS,
        questions=[
            Q(
                "needs.topics",
                K.LONG_TEXT,
                _(
                    "Which topics or problems from your daily work would you like to work on in the network?"
                ),
                required=True,
            ),
            Q(
                "needs.times",
                K.MULTIPLE,
                _("Which times suit you for meetings?"),
                options=(
                    _("Weekday mornings"),
                    _("Weekday afternoons"),
                    _("Weekday evenings"),
                    _("Saturdays"),
                    _("During school holidays"),
                ),
            ),
            Q(
                "needs.forms",
                K.MULTIPLE,
                _("Which forms of work do you prefer?"),
                options=MEETING_FORMS,
            ),
            Q(
                "needs.online",
                K.SINGLE,
                _("How would you like to meet?"),
                options=(_("In person"), _("Online"), _("Both")),
            ),
            Q(
                "needs.experience",
                K.SCALE,
                _("How confident are you with working on an internet platform?"),
                min_label=_("not at all"),
                max_label=_("very"),
            ),
            Q("needs.offer", K.SHORT_TEXT, _("What could you share with others?")),
        ],
    ),
    SurveyTemplate(
        key="meeting",
        title=_("Meeting feedback"),
        description=_("A few questions about the meeting, while it is fresh."),
        purpose=Purpose.MEETING,
        questions=[
            Q("meeting.useful", K.LIKERT, _("The meeting was useful for my work."), required=True),
            Q("meeting.form", K.LIKERT, _("The form of the meeting suited its topic.")),
            Q(
                "meeting.rating",
                K.SCALE,
                _("How would you rate the meeting overall?"),
                min_label=_("poor"),
                max_label=_("excellent"),
            ),
            Q("meeting.apply", K.LONG_TEXT, _("What will you use in your own classes?")),
            Q("meeting.next", K.SHORT_TEXT, _("What should the next meeting be about?")),
        ],
    ),
    SurveyTemplate(
        key="formative",
        title=_("Formative evaluation"),
        description=_("Halfway through: how is the network going, and what should we change?"),
        purpose=Purpose.FORMATIVE,
        questions=[
            *_IDEA_AND_PRACTICE,
            Q("change", K.LONG_TEXT, _("What should we change from now on?")),
        ],
    ),
    SurveyTemplate(
        key="final",
        title=_("Final evaluation"),
        description=_("Looking back at the network's work: what did it give you and what remains?"),
        purpose=Purpose.FINAL,
        questions=[
            *_IDEA_AND_PRACTICE,
            Q("sec.effects", K.SECTION, _("Effects")),
            Q(
                "effects.development",
                K.LIKERT,
                _("Taking part helped my personal and professional development."),
                required=True,
            ),
            Q("effects.work", K.LIKERT, _("I have changed the way I work with pupils.")),
            Q(
                "effects.products",
                K.MULTIPLE,
                _("Which products of the network do you use?"),
                options=(
                    _("Lesson scenarios"),
                    _("Materials from the bank"),
                    _("Tutorials"),
                    _("Bibliographies"),
                    _("Notes from meetings"),
                    _("None"),
                ),
            ),
            Q(
                "effects.products_text",
                K.LONG_TEXT,
                _("Which products and resources of the network are most valuable to you?"),
            ),
            Q(
                "effects.go_on",
                K.SINGLE,
                _("Should the network go on?"),
                required=True,
                options=(_("Yes, as it is"), _("Yes, with changes"), _("No"), _("I do not know")),
            ),
            Q(
                "effects.go_on_role",
                K.SHORT_TEXT,
                _("If it goes on, what would you like to do in it?"),
            ),
        ],
    ),
]

TEMPLATES_BY_KEY = {template.key: template for template in TEMPLATES}
