"""Outcomes in practice (stage 3): what members applied in their own schools and libraries."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from networks.models.network import Network
from networks.models.plan import Goal


class Outcome(models.Model):
    """One thing a member tried out in practice, with whom, what for and how it went.

    Evidence is a link (a material of the bank is referenced by its address): networks
    may not point a foreign key at resources, which sits to its right.
    """

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="outcomes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("what was applied"), max_length=200)
    description = models.TextField(_("description"), max_length=8000)
    description_html = models.TextField(blank=True, editable=False)
    applied_on = models.DateField(_("when"))
    with_whom = models.CharField(
        _("with whom"),
        max_length=200,
        blank=True,
        help_text=_("A class, a group of readers, colleagues…"),
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcomes",
        verbose_name=_("goal of the network it served"),
    )
    evidence_url = models.URLField(
        _("evidence (link)"),
        max_length=500,
        blank=True,
        help_text=_("A link to a material in the bank, a photo gallery, a document…"),
    )
    evidence_note = models.TextField(_("evidence (description)"), max_length=2000, blank=True)
    response = models.TextField(
        _("how the learners or colleagues responded"), max_length=4000, blank=True
    )
    coordinator_comment = models.TextField(_("coordinator's comment"), max_length=4000, blank=True)
    commented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    commented_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-applied_on", "-id"]
        indexes = [models.Index(fields=["network", "-applied_on"])]
        verbose_name = _("outcome in practice")
        verbose_name_plural = _("outcomes in practice")

    def __str__(self) -> str:
        return self.title
