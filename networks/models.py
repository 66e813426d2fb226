"""Networks, who belongs to them, how they move through their stages, and their meetings."""

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import InstitutionType, Voivodeship


class Topic(models.Model):
    """A topic from the catalogue that staff keep in admin."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name


class Stage(models.IntegerChoices):
    PROBING = 0, _("Stage 0: Probing needs")
    TOPIC_AND_GOAL = 1, _("Stage 1: Choosing the topic and setting the goal")
    WORKING = 2, _("Stage 2: Working in the network")
    APPLYING = 3, _("Stage 3: Applying in practice")
    REFLECTION = 4, _("Stage 4: Reflection and evaluation")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public — listed in the catalogue")
    HIDDEN = "hidden", _("Hidden — only members see it")


class JoinPolicy(models.TextChoices):
    OPEN = "open", _("Open — anyone may join")
    REQUEST = "request", _("On request — a coordinator approves")
    INVITATION = "invitation", _("By invitation only")


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    PARTICIPANT = "participant", _("Participant")
    EXPERT = "expert", _("Expert")


class NetworkQuerySet(models.QuerySet):
    def visible_to(self, user) -> "NetworkQuerySet":
        """Public networks, and hidden ones the person belongs to."""
        if user.is_authenticated and user.is_staff:
            return self
        if user.is_authenticated:
            mine = Membership.objects.filter(user=user).values("network_id")
            return self.filter(Q(visibility=Visibility.PUBLIC) | Q(pk__in=mine))
        return self.filter(visibility=Visibility.PUBLIC)


class Network(models.Model):
    # What a coordinator edits on the form; the rest is kept by the services.
    EDITABLE_FIELDS = (
        "name",
        "topic",
        "description",
        "goals",
        "institution_name",
        "institution_type",
        "voivodeship",
        "visibility",
        "join_policy",
        "school_year",
        "starts_on",
        "ends_on",
        "allow_anonymous_posts",
    )

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="networks", verbose_name=_("topic")
    )
    description = models.TextField(_("description"), help_text=_("Markdown is allowed."))
    description_html = models.TextField(editable=False, default="")
    goals = models.TextField(
        _("main goal"),
        blank=True,
        help_text=_("What the network wants to achieve; detailed goals are set with the members."),
    )
    institution_name = models.CharField(_("organising institution"), max_length=200)
    institution_type = models.CharField(
        _("type of organising institution"), max_length=32, choices=InstitutionType.choices
    )
    voivodeship = models.CharField(
        _("voivodeship"), max_length=32, choices=Voivodeship.choices, blank=True
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    join_policy = models.CharField(
        _("who may join"), max_length=16, choices=JoinPolicy.choices, default=JoinPolicy.REQUEST
    )
    school_year = models.CharField(
        _("school year"), max_length=9, blank=True, help_text=_("For example 2026/2027.")
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    allow_anonymous_posts = models.BooleanField(
        _("allow anonymous posts"),
        default=False,
        help_text=_(
            "Members may post as “anonymous participant”; coordinators still see the author."
        ),
    )
    stage = models.PositiveSmallIntegerField(_("stage"), choices=Stage.choices, default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    # Denormalised for the catalogue: kept by the membership services with F().
    member_count = models.PositiveIntegerField(default=0)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = NetworkQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        indexes = [GinIndex(fields=["search_vector"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="network_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("networks:detail", kwargs={"slug": self.slug})

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC


class Membership(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=16, choices=Role.choices, default=Role.PARTICIPANT
    )
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)
    # What "unread activity" on "my networks" is measured against.
    last_visited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["network", "user"], name="one_membership_per_person")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.network}"

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class JoinRequest(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(_("message to the coordinators"), blank=True, max_length=2000)
    status = models.CharField(
        max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_message = models.TextField(_("message to the person"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "user"],
                condition=Q(status="pending"),
                name="one_pending_request_per_person",
            )
        ]
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")

    def __str__(self) -> str:
        return f"{self.user} → {self.network}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    REVOKED = "revoked", _("Withdrawn")


class Invitation(models.Model):
    INVITATION_VALID_FOR = timedelta(days=30)

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"), max_length=16, choices=Role.choices, default=Role.PARTICIPANT
    )
    message = models.TextField(_("personal message"), blank=True, max_length=2000)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "email"],
                condition=Q(status="pending"),
                name="one_pending_invitation_per_address",
            )
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.network}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() > self.created_at + self.INVITATION_VALID_FOR


class StageChange(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.PositiveSmallIntegerField(choices=Stage.choices, null=True)
    to_stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    note = models.TextField(_("note"), blank=True, max_length=4000)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.network}: {self.from_stage} → {self.to_stage}"


class GoalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class Goal(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="goal_items")
    title = models.CharField(_("goal"), max_length=300)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    status = models.CharField(
        _("status"), max_length=16, choices=GoalStatus.choices, default=GoalStatus.PROPOSED
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.title


class PlannedActivity(models.Model):
    """One line of the plan of activities, with its dates."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="plan")
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("goal"),
    )
    title = models.CharField(_("activity"), max_length=300)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("planned activity")
        verbose_name_plural = _("plan of activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="activity_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class PlanComment(models.Model):
    """A member's comment on the goals and plan, so they are agreed together."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="plan_comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author} @ {self.network}"


class MeetingKind(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class MeetingForm(models.TextChoices):
    GOOD_PRACTICE = "good_practice", _("Exchange of good practice")
    PANEL = "panel", _("Panel discussion")
    WORKSHOP = "workshop", _("Workshop")
    LEARNING_BY_DOING = "learning_by_doing", _("Learning by doing")
    CONSULTATION = "consultation", _("Consultation")
    DEMONSTRATION_LESSON = "demonstration_lesson", _("Demonstration lesson")
    GROUP_WORK = "group_work", _("Group work on an issue")
    EXPERT_LECTURE = "expert_lecture", _("Expert lecture")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingQuerySet(models.QuerySet):
    def upcoming(self) -> "MeetingQuerySet":
        return self.filter(status=MeetingStatus.SCHEDULED, ends_at__gte=timezone.now())


class Meeting(models.Model):
    EDITABLE_FIELDS = (
        "title",
        "kind",
        "form",
        "starts_at",
        "ends_at",
        "place",
        "online_url",
        "agenda",
        "expert",
        "expert_name",
        "capacity",
    )

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="meetings")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=MeetingKind.choices)
    form = models.CharField(_("form of work"), max_length=32, choices=MeetingForm.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("link to the online meeting"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("Markdown is allowed."))
    agenda_html = models.TextField(editable=False, default="")
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings_led",
        verbose_name=_("invited expert (member)"),
    )
    expert_name = models.CharField(
        _("invited expert (from outside)"),
        max_length=200,
        blank=True,
        help_text=_("Name and affiliation of an expert who is not a member."),
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    status = models.CharField(
        max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    # RFC 5545 SEQUENCE: raised on every change calendars should pick up.
    sequence = models.PositiveIntegerField(default=0)
    cancellation_note = models.TextField(_("reason for cancelling"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("Markdown is allowed."))
    minutes_html = models.TextField(editable=False, default="")
    attendance_taken_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["network", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("networks:meeting", kwargs={"slug": self.network.slug, "pk": self.pk})

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def has_ended(self) -> bool:
        return self.ends_at <= timezone.now()


class Answer(models.TextChoices):
    YES = "yes", _("I will attend")
    MAYBE = "maybe", _("Maybe")
    NO = "no", _("I will not attend")


class Rsvp(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(max_length=8, choices=Answer.choices)
    # A "yes" beyond the capacity waits; the first in line gets a freed place.
    waitlisted = models.BooleanField(default=False)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["answered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_answer_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.answer} ({self.meeting})"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_attendance_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.meeting}"


class MeetingLink(models.Model):
    """Material linked to a meeting afterwards: a presentation, a recording, a resource."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title


class MeetingReminder(models.Model):
    """One reminder e-mail due to one person; the beat task claims due rows and sends them."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    minutes_before = models.PositiveIntegerField()
    due_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    skipped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user", "minutes_before"], name="one_reminder_per_offset"
            )
        ]
        indexes = [
            models.Index(
                fields=["due_at"],
                condition=Q(sent_at__isnull=True, skipped_at__isnull=True),
                name="reminder_due_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} → {self.user} ({self.minutes_before} min)"


class CalendarFeed(models.Model):
    """The private address of a person's calendar of meetings; a new token revokes the old."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}"


class ActivityKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    THREAD = "thread", _("New thread")
    POST = "post", _("Post")
    UPLOAD = "upload", _("Material shared")
    DOWNLOAD = "download", _("Material downloaded")
    MEETING_LED = "meeting_led", _("Meeting led")
    MEETING_ATTENDED = "meeting_attended", _("Meeting attended")
    JOINED = "joined", _("Joined the network")


class ActivityLog(models.Model):
    """What statistics count; written by whichever app sees it happen, through activity_record."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="activity")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=24, choices=ActivityKind.choices)
    # What it was about ("meeting:12", "forums.post:7"), so a correction can replace entries.
    object_key = models.CharField(max_length=64, blank=True)
    # What sort of thing it was, in the writing app's own codes (a material's
    # type), so statistics can group by it without importing that app.
    category = models.CharField(max_length=32, blank=True, default="", db_default="")
    # Visits count once per person and day; other kinds leave it empty.
    day = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["network", "kind", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "user", "day"],
                condition=Q(kind="visit"),
                name="one_visit_per_person_and_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} @ {self.network}"
