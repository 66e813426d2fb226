"""One of everything the site shows, built through the services, for the cross-app tests.

The fuzz test fills every URL's path with these objects' ids so that the views are
really reached; the XSS test builds it with a hostile text in every field a person can
write and renders every page that shows them. `text` goes, cut to each field's
length, into every such field; without it the world speaks plain Polish.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext_noop

from accounts.models import InstitutionType, User
from accounts.tests.factories import UserFactory
from core.uploads import check_upload
from evaluation import services as evaluation_services
from evaluation.models import QuestionKind, Survey
from forums import services as forum_services
from forums.models import Attachment, Post, Report, Thread
from forums.tests.factories import png_upload
from networks import meetings as meeting_services
from networks import outcomes as outcome_services
from networks import services as network_services
from networks.models import (
    Goal,
    Invitation,
    JoinRequest,
    Meeting,
    MeetingLink,
    Membership,
    Network,
    Outcome,
    PlannedActivity,
    Topic,
)
from networks.tests.factories import MembershipFactory
from notifications.models import Category, Notification
from notifications.services import notify
from notifications.unsubscribe import unsubscribe_token
from resources import services as resource_services
from resources.models import Resource, ResourceFile
from resources.tests.factories import resource_published, resource_share

PLAIN = "Wymiana doświadczeń nauczycieli: scenariusze lekcji matematyki"


@dataclass
class World:
    text: str
    coordinator: User
    member: User
    answerers: list[User]
    outsider: User
    staff: User
    network: Network
    other_network: Network
    membership: Membership
    join_request: JoinRequest
    invitation: Invitation
    goal: Goal
    activity: PlannedActivity
    outcome: Outcome
    meeting: Meeting
    upcoming_meeting: Meeting
    cancelled_meeting: Meeting
    link: MeetingLink
    thread: Thread
    post: Post
    reply: Post
    hidden_post: Post
    anonymous_post: Post
    pending_post: Post
    attachment: Attachment
    report: Report
    resource: Resource
    resource_file: ResourceFile
    submitted_resource: Resource
    draft_resource: Resource
    open_survey: Survey
    draft_survey: Survey
    closed_survey: Survey
    notification: Notification
    calendar_token: str
    unsubscribe_token: str
    certificate_code: str = ""
    annual_report_pk: int = 0
    extra: dict = field(default_factory=dict)

    def people(self) -> dict:
        return {
            "anonymous": None,
            "member": self.member,
            "coordinator": self.coordinator,
            "staff": self.staff,
        }


def _cut(text: str, length: int) -> str:
    return text[:length]


def _person(text: str, number: int, **fields) -> User:
    return UserFactory(
        display_name=f"{_cut(text, 76)} {number}",
        institution_name=_cut(text, 200),
        town=_cut(text, 100),
        bio=_cut(text, 1000),
        subjects=_cut(text, 300),
        **fields,
    )


def build_world(text: str = PLAIN) -> World:
    now = timezone.now()
    coordinator = _person(text, 1, can_create_networks=True)
    member = _person(text, 2)
    answerers = [_person(text, 10 + n) for n in range(3)]
    outsider = _person(text, 3)
    staff = _person(text, 4, is_staff=True, is_superuser=True)
    topic = Topic.objects.order_by("pk").first()

    def network_fields(**extra) -> dict:
        return {
            "name": _cut(text, 200),
            "topic": topic,
            "description": text,
            "goals": text,
            "institution_name": _cut(text, 200),
            "institution_type": InstitutionType.TEACHER_TRAINING_CENTRE,
            "join_policy": "request",
            "allow_anonymous_posts": True,
            **extra,
        }

    network = network_services.network_create(creator=coordinator, **network_fields())
    other_network = network_services.network_create(
        creator=coordinator, **network_fields(visibility="hidden")
    )
    membership = MembershipFactory(network=network, user=member)
    for person in answerers:
        MembershipFactory(network=network, user=person)
    network.refresh_from_db()
    network_services.network_change_stage(network=network, by=coordinator, stage=1, note=text)
    join_request = network_services.join_request_create(
        network=network, user=outsider, message=_cut(text, 2000)
    )
    invitation = network_services.invitation_create(
        network=network, by=coordinator, email="zaproszona@example.org", message=_cut(text, 2000)
    )

    goal = network_services.goal_save(
        network=network, by=coordinator, title=_cut(text, 300), description=_cut(text, 4000)
    )
    activity = network_services.activity_plan_save(
        network=network, by=coordinator, title=_cut(text, 300), starts_on=date.today(), goal=goal
    )
    network_services.plan_comment_create(network=network, author=member, body=_cut(text, 4000))
    outcome = outcome_services.outcome_record(
        network=network,
        author=member,
        title=_cut(text, 200),
        description=_cut(text, 8000),
        applied_on=date.today(),
        with_whom=_cut(text, 200),
        goal=goal,
        evidence_note=_cut(text, 2000),
        response=_cut(text, 4000),
    )

    def meeting(**extra) -> Meeting:
        return meeting_services.meeting_schedule(
            network=network,
            by=coordinator,
            title=_cut(text, 200),
            kind="hybrid",
            form="workshop",
            starts_at=now + timedelta(days=3),
            ends_at=now + timedelta(days=3, hours=2),
            place=_cut(text, 300),
            online_url="https://spotkania.example.org/abc",
            agenda=text,
            expert_name=_cut(text, 200),
            **extra,
        )

    upcoming = meeting()
    meeting_services.rsvp_answer(meeting=upcoming, user=member, answer="yes")
    # A meeting that took place: minutes, attendance and links come after it.
    held = meeting()
    meeting_services.rsvp_answer(meeting=held, user=member, answer="yes")
    Meeting.objects.filter(pk=held.pk).update(
        starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=2, hours=-2)
    )
    held.refresh_from_db()
    meeting_services.attendance_record(meeting=held, by=coordinator, present=[member])
    meeting_services.minutes_save(meeting=held, by=coordinator, minutes=text)
    link = meeting_services.meeting_link_add(
        meeting=held, by=coordinator, title=_cut(text, 200), url="https://example.org/x"
    )
    cancelled = meeting()
    meeting_services.meeting_cancel(meeting=cancelled, by=coordinator, note=text)

    thread = forum_services.thread_create(
        network=network,
        author=member,
        title=_cut(text, 200),
        body=text,
        files=[check_upload(png_upload())],
    )
    post = thread.posts.get()
    reply = forum_services.thread_reply(thread=thread, author=coordinator, body=text, quoted=post)
    anonymous = forum_services.thread_reply(thread=thread, author=member, body=text, anonymous=True)
    hidden = forum_services.thread_reply(thread=thread, author=member, body=text)
    forum_services.post_hide(post=hidden, by=coordinator, reason=_cut(text, 500))
    forum_services.post_edit(post=post, by=member, body=text + " (poprawione)", title=None)
    report = forum_services.post_report(post=reply, by=member, reason=_cut(text, 2000))
    # A newcomer's first post waits for a coordinator once approval is switched on.
    forum_services.forum_settings_update(network=network, by=coordinator, approve_first_posts=True)
    pending = forum_services.thread_reply(thread=thread, author=answerers[0], body=text)

    resource = resource_published(
        network=network,
        author=member,
        coordinator=coordinator,
        title=_cut(text, 200),
        description=text,
        tags=[_cut(text, 40)],
        co_authors=[coordinator],
    )
    # A rating by a reader who did not write it (authors may not rate their own material).
    resource_services.resource_rate(
        resource=resource, user=answerers[0], stars=4, comment=_cut(text, 2000)
    )
    submitted = resource_share(
        network=network, author=member, title=_cut(text, 200), description=text
    )
    resource_services.resource_submit(resource=submitted, by=member)
    draft = resource_share(network=network, author=member, title=_cut(text, 200), description=text)

    open_survey = _survey(network, coordinator, text, publish=True)
    draft_survey = _survey(network, coordinator, text, publish=False)
    closed_survey = _survey(network, coordinator, text, publish=True)
    for person in answerers:
        evaluation_services.response_submit(
            survey=closed_survey, user=person, answers=_answers(closed_survey, text)
        )
    evaluation_services.survey_close(survey=closed_survey, by=coordinator)
    # Unfinished answers come back into the answer page's fields.
    evaluation_services.answers_save_draft(
        survey=open_survey, user=member, answers=_answers(open_survey, text)
    )

    [notification] = notify(
        recipients=[member],
        category=Category.MEETING,
        text=gettext_noop("New meeting “%(title)s” in %(network)s"),
        params={"title": _cut(text, 200), "network": network.name},
        url=upcoming.get_absolute_url(),
        network_id=network.pk,
    )
    from evaluation.reports import annual_report_build, annual_report_request
    from networks.certificates import certificate_issue

    certificate = certificate_issue(user=member, network=network)
    today = timezone.localdate()
    annual = annual_report_request(
        network=network, by=coordinator, start=today - timedelta(days=365), end=today
    )
    annual_report_build(report_id=annual.pk)
    return World(
        text=text,
        coordinator=coordinator,
        member=member,
        answerers=answerers,
        outsider=outsider,
        staff=staff,
        network=network,
        other_network=other_network,
        membership=membership,
        join_request=join_request,
        invitation=invitation,
        goal=goal,
        activity=activity,
        outcome=outcome,
        meeting=held,
        upcoming_meeting=upcoming,
        cancelled_meeting=cancelled,
        link=link,
        thread=thread,
        post=post,
        reply=reply,
        hidden_post=hidden,
        anonymous_post=anonymous,
        pending_post=pending,
        attachment=post.attachments.get(),
        report=report,
        resource=resource,
        resource_file=resource.files.get(),
        submitted_resource=submitted,
        draft_resource=draft,
        open_survey=open_survey,
        draft_survey=draft_survey,
        closed_survey=closed_survey,
        notification=notification,
        calendar_token=network_services.calendar_feed_for(user=member).token,
        unsubscribe_token=unsubscribe_token(user_id=member.pk, scope=Category.MEETING),
        certificate_code=certificate.code,
        annual_report_pk=annual.pk,
    )


def _survey(network, coordinator, text: str, *, publish: bool) -> Survey:
    opens_at = timezone.now() - timedelta(minutes=1)
    survey = evaluation_services.survey_create(
        network=network,
        by=coordinator,
        title=_cut(text, 200),
        description=_cut(text, 4000),
        is_anonymous=False,
        min_responses=3,
        opens_at=opens_at,
        closes_at=opens_at + timedelta(days=7),
    )
    options = [f"{_cut(text, 190)} {n}" for n in range(3)]

    def add(kind, **fields):
        evaluation_services.question_save(
            survey=survey,
            by=coordinator,
            kind=kind,
            text=_cut(text, 500),
            help_text=_cut(text, 500),
            **fields,
        )

    add(QuestionKind.SECTION)
    add(QuestionKind.LIKERT, required=True)
    add(QuestionKind.SINGLE, options=options)
    add(QuestionKind.MULTIPLE, options=options)
    add(QuestionKind.SCALE, min_label=_cut(text, 60), max_label=_cut(text, 60))
    add(QuestionKind.SHORT_TEXT)
    add(QuestionKind.LONG_TEXT)
    if publish:
        evaluation_services.survey_publish(survey=survey, by=coordinator)
    survey.refresh_from_db()
    return survey


def _answers(survey: Survey, text: str) -> dict:
    answers = {}
    for question in survey.questions.exclude(kind=QuestionKind.SECTION):
        values = [value for value, _label in question.value_labels()]
        if question.kind == QuestionKind.MULTIPLE:
            answers[question.pk] = values[:2]
        elif values:
            answers[question.pk] = values[0]
        else:
            answers[question.pk] = _cut(text, 500)
    return answers
