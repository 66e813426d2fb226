"""The activity log that statistics count."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networks.models.network import Network


class ActivityKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    THREAD = "thread", _("New thread")
    POST = "post", _("Post")
    UPLOAD = "upload", _("Material shared")
    DOWNLOAD = "download", _("Material downloaded")
    MEETING_LED = "meeting_led", _("Meeting led")
    MEETING_ATTENDED = "meeting_attended", _("Meeting attended")
    JOINED = "joined", _("Joined the network")
    OUTCOME = "outcome", _("Outcome in practice recorded")


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
