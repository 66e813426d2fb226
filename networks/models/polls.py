"""Date polls: a coordinator proposes a few dates for a meeting, members say which suit them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networks.models.meetings import Meeting, MeetingForm, MeetingKind
from networks.models.network import Network


class PollChoice(models.TextChoices):
    YES = "yes", _("Yes")
    IF_NEED_BE = "if_need_be", _("If need be")
    NO = "no", _("No")


class DatePoll(models.Model):
    """The meeting to be, without its date; picking a slot schedules it as an ordinary meeting."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="date_polls")
    title = models.CharField(_("title of the meeting"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=MeetingKind.choices)
    form = models.CharField(_("form of work"), max_length=32, choices=MeetingForm.choices)
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("link to the online meeting"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("Markdown is allowed."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Set together when the coordinator picks a date: the poll is then closed.
    meeting = models.OneToOneField(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="date_poll"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("date poll")
        verbose_name_plural = _("date polls")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("networks:poll", kwargs={"slug": self.network.slug, "pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class DatePollSlot(models.Model):
    poll = models.ForeignKey(DatePoll, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    chosen = models.BooleanField(default=False)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="poll_slot_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.poll}: {self.starts_at}"


class DatePollAnswer(models.Model):
    slot = models.ForeignKey(DatePollSlot, on_delete=models.CASCADE, related_name="answers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(max_length=16, choices=PollChoice.choices)
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["answered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "user"], name="one_poll_answer_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.answer} ({self.slot})"
