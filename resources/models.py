"""The bank of materials and good practices: materials, their files, curation, ratings, shelves."""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.catalogue import localised_name
from core.files import private_storage
from networks.models import Network, Topic


class ResourceType(models.TextChoices):
    LESSON_SCENARIO = "lesson_scenario", _("Lesson scenario")
    TUTORIAL = "tutorial", _("Tutorial")
    PRESENTATION = "presentation", _("Presentation")
    BIBLIOGRAPHY = "bibliography", _("Bibliography")
    GOOD_PRACTICE = "good_practice", _("Description of good practice")
    PROCEDURE = "procedure", _("Procedure")
    TOOL = "tool", _("Tool")
    RECOMMENDATION = "recommendation", _("Recommendation")
    OTHER = "other", pgettext_lazy("material type", "Other")


class EducationLevel(models.TextChoices):
    PRESCHOOL = "preschool", _("Preschool")
    PRIMARY_1_3 = "primary_1_3", _("Primary school, grades 1–3")
    PRIMARY_4_8 = "primary_4_8", _("Primary school, grades 4–8")
    SECONDARY = "secondary", _("Secondary school")
    ADULT = "adult", _("Adults and teachers")


class Licence(models.TextChoices):
    CC_BY = "cc-by", _("CC BY 4.0 (Attribution)")
    CC_BY_SA = "cc-by-sa", _("CC BY-SA 4.0 (Attribution-ShareAlike)")
    CC_BY_NC = "cc-by-nc", _("CC BY-NC 4.0 (Attribution-NonCommercial)")
    CC_BY_NC_SA = "cc-by-nc-sa", _("CC BY-NC-SA 4.0 (Attribution-NonCommercial-ShareAlike)")
    CC0 = "cc0", _("CC0 1.0 (public domain dedication)")
    ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved")


LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/deed.pl",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/deed.pl",
    Licence.CC_BY_NC: "https://creativecommons.org/licenses/by-nc/4.0/deed.pl",
    Licence.CC_BY_NC_SA: "https://creativecommons.org/licenses/by-nc-sa/4.0/deed.pl",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/deed.pl",
    Licence.ALL_RIGHTS_RESERVED: "",
}


class Status(models.TextChoices):
    NETWORK = "network", _("Network only")
    SUBMITTED = "submitted", _("Submitted to the public bank")
    PUBLISHED = "published", _("Published in the bank")
    RETURNED = "returned", _("Returned to the author")


class Subject(models.Model):
    """A school subject from the catalogue that staff keep in admin."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's language."""
        return localised_name(self.name, self.name_en)


class ResourceQuerySet(models.QuerySet):
    def published(self) -> "ResourceQuerySet":
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user) -> "ResourceQuerySet":
        """Published materials, and every material of the networks the person belongs to."""
        if not user.is_authenticated:
            return self.published()
        mine = user.memberships.values("network_id")
        return self.filter(Q(status=Status.PUBLISHED) | Q(network_id__in=mine))


class Resource(models.Model):
    """A material: files and/or a link with its description; network-only until published."""

    network = models.ForeignKey(
        Network,
        on_delete=models.PROTECT,
        related_name="resources",
        verbose_name=_("network of origin"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="resources_authored",
        verbose_name=_("author"),
    )
    co_authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="resources_co_authored",
        verbose_name=_("co-authors"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), max_length=20_000, help_text=_("Markdown is allowed.")
    )
    description_html = models.TextField(editable=False, default="")
    resource_type = models.CharField(_("type"), max_length=32, choices=ResourceType.choices)
    levels = ArrayField(
        models.CharField(max_length=16, choices=EducationLevel.choices),
        verbose_name=_("education levels"),
        default=list,
        blank=True,
    )
    subjects = models.ManyToManyField(
        Subject, blank=True, related_name="resources", verbose_name=_("subjects")
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("topic"),
    )
    tags = ArrayField(
        models.CharField(max_length=40), verbose_name=_("tags"), default=list, blank=True
    )
    licence = models.CharField(
        _("licence"), max_length=32, choices=Licence.choices, default=Licence.CC_BY
    )
    external_url = models.URLField(_("external link"), max_length=500, blank=True)

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NETWORK
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    curated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("curated by"),
    )
    curation_comment = models.TextField(_("curator's comment"), blank=True, max_length=4000)

    # Denormalised for ordering the bank; changed with F() in the services.
    download_count = models.PositiveIntegerField(_("downloads"), default=0)
    rating_count = models.PositiveIntegerField(default=0)
    rating_sum = models.PositiveIntegerField(default=0)
    rating_average = models.FloatField(_("average rating"), default=0)

    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        indexes = [
            GinIndex(fields=["search_vector"], name="resource_search_idx"),
            GinIndex(fields=["levels"], name="resource_levels_idx"),
            models.Index(fields=["status", "-published_at"], name="resource_status_pub_idx"),
            models.Index(fields=["network", "-created_at"], name="resource_network_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("resources:detail", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def is_returned(self) -> bool:
        """Returned to its author: submitting it again needs a word on what changed."""
        return self.status == Status.RETURNED

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(self.licence, "")

    def get_level_labels(self) -> list[str]:
        return [EducationLevel(level).label for level in self.levels if level in EducationLevel]


class ResourceRevision(models.Model):
    """Changes the authors made to a published material, waiting for a curator.

    The public keeps seeing the approved material until a curator publishes the changes; the
    authors keep editing this draft meanwhile. New files wait here too (`files`).
    """

    resource = models.OneToOneField(
        Resource, on_delete=models.CASCADE, related_name="pending_revision"
    )
    # Field name -> proposed value, only for fields that differ from the published version
    # (the topic as its id): what the curator compares and what publishing applies.
    changes = models.JSONField(default=dict, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    returned_comment = models.TextField(_("curator's comment"), blank=True, max_length=4000)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("changes waiting for review")
        verbose_name_plural = _("changes waiting for review")

    def __str__(self) -> str:
        return f"changes: {self.resource}"

    @property
    def is_returned(self) -> bool:
        return self.returned_at is not None


def file_path(instance: "ResourceFile", filename: str) -> str:
    # A random folder per file: no guessable address, no clash between equal names.
    return f"resources/{uuid.uuid4().hex}/{filename}"


class ResourceFile(models.Model):
    """One stored file of a material; a replaced file stays, for its author, as an earlier version."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="files")
    # Private storage even once published: every download goes through the view, which
    # checks permission at request time and counts it; publishing moves no bytes.
    file = models.FileField(_("file"), upload_to=file_path, storage=private_storage, max_length=300)
    thumbnail = models.FileField(
        upload_to=file_path, storage=private_storage, max_length=300, blank=True
    )
    name = models.CharField(_("file name"), max_length=120)
    kind = models.CharField(max_length=8)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField(default=0)
    is_current = models.BooleanField(default=True)
    replaces = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaced_by"
    )
    # Set while the file waits, with the other changes to a published material, for review;
    # such a file is not current and is seen by the authors and curators only.
    revision = models.ForeignKey(
        ResourceRevision, on_delete=models.CASCADE, null=True, blank=True, related_name="files"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("file")
        verbose_name_plural = _("files")
        indexes = [
            models.Index(fields=["resource", "is_current"], name="resource_file_current_idx")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return bool(self.thumbnail)


class CurationAction(models.TextChoices):
    SUBMIT = "submit", _("Submitted")
    PUBLISH = "publish", _("Published")
    RETURN = "return", _("Returned")
    CHANGES = "changes", _("Changes submitted")
    PUBLISH_CHANGES = "publish_changes", _("Changes published")
    RETURN_CHANGES = "return_changes", _("Changes returned")


class CurationEvent(models.Model):
    """The history of a material's way to the public bank."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="curation_events")
    action = models.CharField(max_length=16, choices=CurationAction.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    comment = models.TextField(blank=True, max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.resource}"


class Download(models.Model):
    """One counted download: one per person (or anonymous browser) and material per day."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="downloads")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    visitor = models.CharField(max_length=80)
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "visitor", "day"], name="one_download_per_visitor_and_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource_id} @ {self.day}"


class Rating(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resource_ratings"
    )
    stars = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "user"], name="one_rating_per_person"),
            models.CheckConstraint(
                condition=Q(stars__gte=1, stars__lte=5), name="rating_between_1_and_5"
            ),
        ]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")

    def __str__(self) -> str:
        return f"{self.stars}★ {self.resource}"


class Bookmark(models.Model):
    """A material on a person's shelf."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="bookmarks")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resource_bookmarks"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "user"], name="one_bookmark_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.resource}"
