"""Meetings, answers to them, attendance, links, reminder rows and calendar feeds."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networks.models.membership import new_token
from networks.models.network import Network


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
