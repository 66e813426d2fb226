"""Certificates of participation: what was issued to whom, so that a code can be verified."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from networks.models.network import Network


def new_certificate_code() -> str:
    # 12 bytes of randomness: unguessable, yet short enough to type from a printed page.
    return secrets.token_hex(12)


class Certificate(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates"
    )
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="certificates")
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("to"))
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    code = models.CharField(max_length=32, unique=True, default=new_certificate_code)
    # The content as printed, frozen: verification shows what was issued, not today's data.
    content = models.JSONField(default=dict)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("certificate of participation")
        verbose_name_plural = _("certificates of participation")

    def __str__(self) -> str:
        return f"{self.code} ({self.user} @ {self.network})"
