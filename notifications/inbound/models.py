"""Replies by e-mail: personal reply addresses and the raw messages received.

Imported by notifications.models, so the rows belong to the notifications app.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReplyToken(models.Model):
    """The secret part of one person's reply address for one thing they may reply to.

    Random, not derived from anything (so unguessable and revocable one by one): revoking
    sets `revoked_at`, and the next e-mail about the thing carries a new token.
    """

    token = models.CharField(_("token"), max_length=40, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reply_tokens",
        verbose_name=_("user"),
    )
    # What a reply becomes, e.g. "forums.thread:12"; the app that registered the prefix decides.
    target_key = models.CharField(_("replies to"), max_length=100)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("reply address")
        verbose_name_plural = _("reply addresses")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "target_key"],
                condition=Q(revoked_at__isnull=True),
                name="notif_reply_token_active_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.target_key}"


class InboundStatus(models.TextChoices):
    RECEIVED = "received", _("Received, waiting")
    POSTED = "posted", _("Posted")
    REFUSED = "refused", _("Refused")
    # Auto-replies and bounces: nobody to answer.
    IGNORED = "ignored", _("Ignored (automatic)")
    FAILED = "failed", _("Failed")


class InboundEmail(models.Model):
    """One raw message received (webhook or MTA pipe), kept until a worker has processed it.

    The unique Message-ID makes a message delivered twice one row; the worker
    processes a row under its lock, in the same transaction as the post it makes.
    """

    message_id = models.CharField(_("Message-ID"), max_length=300, unique=True)
    raw = models.BinaryField(_("raw message"))
    source = models.CharField(_("received through"), max_length=20)
    envelope_sender = models.CharField(_("envelope sender"), max_length=300, blank=True)
    envelope_recipient = models.CharField(_("envelope recipient"), max_length=300, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InboundStatus.choices,
        default=InboundStatus.RECEIVED,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("why not posted"), blank=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from"),
    )
    target_key = models.CharField(_("replies to"), max_length=100, blank=True)
    result_url = models.CharField(_("link"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("received e-mail")
        verbose_name_plural = _("received e-mails")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "received_at"], name="notif_inbound_status_idx"),
            models.Index(fields=["user", "processed_at"], name="notif_inbound_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} ({self.status})"
