"""A network: its topic, stage, visibility and who may join, and the history of its stages."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import InstitutionType, Voivodeship
from core.catalogue import localised_name


class Topic(models.Model):
    """A topic from the catalogue that staff keep in admin."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's language."""
        return localised_name(self.name, self.name_en)


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
            from networks.models.membership import Membership  # it imports this module

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
    def next_stage(self) -> Stage | None:
        """The stage the network moves on to without a note (none after the last)."""
        return Stage(self.stage + 1) if self.stage < Stage.REFLECTION else None

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC


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
