"""In-app notifications, delivery preferences, the e-mail outbox and the digests.

Networks are referred to by plain integer ids: notifications sits left of
networks in the dependency chain and never imports it.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    MENTION = "mention", _("Mentions of me")
    REPLY = "reply", _("Replies in threads I follow")
    MEMBERSHIP = "membership", _("Join requests and decisions")
    INVITATION = "invitation", _("Invitations")
    MEETING = "meeting", _("New, changed and cancelled meetings")
    CURATION = "curation", _("Decisions on materials")
    SURVEY = "survey", _("Surveys: opened, closing soon, results to see")
    MODERATION = "moderation", _("Posts reported to me as a coordinator")
    ACCOUNT = "account", _("My account and my data (e.g. my data ready to download)")


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately, one e-mail each")
    DAILY = "daily", _("In a daily digest")
    WEEKLY = "weekly", _("In a weekly digest")
    NEVER = "never", _("Never by e-mail")


# What a person gets before they have chosen anything: what needs an answer
# soon comes at once, the rest waits for the morning digest.
DEFAULT_FREQUENCIES: dict[str, str] = {
    Category.MENTION: Frequency.IMMEDIATELY,
    Category.MEETING: Frequency.IMMEDIATELY,
    Category.MODERATION: Frequency.IMMEDIATELY,
    # The person asked for it (their data is ready): tell them at once.
    Category.ACCOUNT: Frequency.IMMEDIATELY,
}


def default_frequency(category: str) -> str:
    """The frequency a person has for a category until they choose one."""
    return DEFAULT_FREQUENCIES.get(category, Frequency.DAILY)


class Notification(models.Model):
    """Something that happened which one person should know about."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    # An English msgid with %(name)s placeholders, translated when shown, so
    # each person reads it in their own language.
    text = models.CharField(_("text"), max_length=500)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    network_id = models.PositiveIntegerField(_("network"), null=True, blank=True, db_index=True)
    item_key = models.CharField(_("item"), max_length=100, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notif_recipient_read_idx")]

    def __str__(self) -> str:
        return self.message

    @property
    def message(self) -> str:
        """The text in the active language with its parameters filled in."""
        translated = gettext(self.text)
        try:
            return translated % (self.params or {})
        except (KeyError, TypeError, ValueError):
            return translated

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class Preference(models.Model):
    """How often one person wants e-mail about one category."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    frequency = models.CharField(_("frequency"), max_length=16, choices=Frequency.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="notif_preference_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.category}: {self.frequency}"


class NetworkMute(models.Model):
    """A person who wants no e-mail about one network (in-app notifications stay)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="network_mutes",
        verbose_name=_("user"),
    )
    network_id = models.PositiveIntegerField(_("network"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("muted network")
        verbose_name_plural = _("muted networks")
        constraints = [
            models.UniqueConstraint(fields=["user", "network_id"], name="notif_mute_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} mutes {self.network_id}"


class EmailKind(models.TextChoices):
    NOTIFICATION = "notification", _("Notification")
    DIGEST = "digest", _("Digest")
    REMINDER = "reminder", _("Meeting reminder")
    SURVEY_REMINDER = "survey_reminder", _("Survey reminder")
    ACCOUNT = "account", _("Account e-mail")


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    # The server may have it (the connection broke after the message was handed over, or the
    # worker died mid-send): never sent again automatically, so nobody gets it twice.
    UNCERTAIN = "uncertain", _("Uncertain")


class EmailRecord(models.Model):
    """One e-mail: the outbox row the worker sends from, then the record that it was sent.

    Delivery is at most once: a worker claims a queued row (status "sending")
    and commits before talking to the SMTP server, so no other worker can send
    it again; a row left in "sending" is failed by the sweep, never re-sent.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="email_records",
        verbose_name=_("user"),
    )
    to_address = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    category = models.CharField(_("category"), max_length=16, blank=True)
    item_key = models.CharField(_("item"), max_length=100, blank=True, db_index=True)
    # Free text so other apps can add kinds; EmailKind lists the common ones.
    kind = models.CharField(_("kind"), max_length=32)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    # What to attach, as notifications.attachments specs; the files are made when it is sent.
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=EmailStatus.choices,
        default=EmailStatus.QUEUED,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    # When the next delivery attempt is due; the sweep re-enqueues rows long past it.
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "item_key"], name="notif_email_user_item_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.to_address}: {self.subject}"

    @property
    def message_id(self) -> str:
        """One Message-ID per row, the same on every attempt: a rare second copy of an uncertain
        e-mail collapses into one in the reader's client."""
        domain = urlsplit(settings.SITE_URL).hostname or "sieci.invalid"
        token = salted_hmac("notifications.message-id", str(self.pk)).hexdigest()[:16]
        return f"<sieci.{self.pk}.{token}@{domain}>"


class DigestPeriod(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class Digest(models.Model):
    """One person's digest for one period; the unique row makes a second run a no-op."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digests",
        verbose_name=_("user"),
    )
    period = models.CharField(_("period"), max_length=8, choices=DigestPeriod.choices)
    # The local (Europe/Warsaw) date of the day, or the Monday of the week.
    period_start = models.DateField(_("period start"))
    # What the digest covered: items from `since` (the previous digest's
    # `until`) up to `until` (when it was composed).
    since = models.DateTimeField(_("since"))
    until = models.DateTimeField(_("until"))
    item_count = models.PositiveIntegerField(_("items"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    email_record = models.ForeignKey(
        EmailRecord,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("e-mail"),
    )

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        ordering = ["-period_start", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "period", "period_start"], name="notif_digest_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.period} {self.period_start}"


# Replies by e-mail live in their own module; imported here so they are this app's models.
from notifications.inbound.models import InboundEmail, InboundStatus, ReplyToken  # noqa: E402, F401
