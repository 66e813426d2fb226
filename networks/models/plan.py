"""A network's goals and its plan of activities, agreed with the members."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from networks.models.network import Network


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


class GoalAgreement(models.Model):
    """A member's answer to a goal: agrees, or objects with a comment; one per member, changeable."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="agreements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    agrees = models.BooleanField(_("I agree"))
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["answered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "user"], name="one_agreement_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {'+' if self.agrees else '-'} {self.goal}"
