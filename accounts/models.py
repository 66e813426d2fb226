import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InstitutionType(models.TextChoices):
    SCHOOL = "school", _("School")
    PRESCHOOL = "preschool", _("Preschool")
    TEACHER_TRAINING_CENTRE = "teacher_training_centre", _("Teacher-training centre")
    COUNSELLING_CENTRE = "counselling_centre", _("Psychological-pedagogical counselling centre")
    PEDAGOGICAL_LIBRARY = "pedagogical_library", _("Pedagogical library")
    OTHER = "other", _("Other")


class ProfessionalRole(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    PRINCIPAL = "principal", _("Principal")
    LIBRARIAN = "librarian", _("Librarian")
    CONSULTANT = "consultant", _("Consultant / adviser")
    OTHER = "other", _("Other")


class Voivodeship(models.TextChoices):
    DOLNOSLASKIE = "dolnoslaskie", "dolnośląskie"
    KUJAWSKO_POMORSKIE = "kujawsko-pomorskie", "kujawsko-pomorskie"
    LUBELSKIE = "lubelskie", "lubelskie"
    LUBUSKIE = "lubuskie", "lubuskie"
    LODZKIE = "lodzkie", "łódzkie"
    MALOPOLSKIE = "malopolskie", "małopolskie"
    MAZOWIECKIE = "mazowieckie", "mazowieckie"
    OPOLSKIE = "opolskie", "opolskie"
    PODKARPACKIE = "podkarpackie", "podkarpackie"
    PODLASKIE = "podlaskie", "podlaskie"
    POMORSKIE = "pomorskie", "pomorskie"
    SLASKIE = "slaskie", "śląskie"
    SWIETOKRZYSKIE = "swietokrzyskie", "świętokrzyskie"
    WARMINSKO_MAZURSKIE = "warminsko-mazurskie", "warmińsko-mazurskie"
    WIELKOPOLSKIE = "wielkopolskie", "wielkopolskie"
    ZACHODNIOPOMORSKIE = "zachodniopomorskie", "zachodniopomorskie"


class UserManager(DjangoUserManager):
    """Users are identified by e-mail; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


def avatar_path(instance, filename: str) -> str:
    return f"avatars/{filename}"


class User(AbstractUser):
    """A person on the platform, who logs in with an e-mail address.

    The profile lives on the user row: every page that shows a person needs it,
    and one row means no extra query.
    """

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)

    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_("How other members see you, e.g. “Anna Kowalska”."),
    )
    institution_name = models.CharField(_("institution"), max_length=200, blank=True)
    institution_type = models.CharField(
        _("type of institution"), max_length=32, choices=InstitutionType.choices, blank=True
    )
    professional_role = models.CharField(
        _("role"), max_length=16, choices=ProfessionalRole.choices, blank=True
    )
    subjects = models.CharField(
        _("subjects"),
        max_length=300,
        blank=True,
        help_text=_("Separate with commas, e.g. “mathematics, computer science”."),
    )
    voivodeship = models.CharField(
        _("voivodeship"), max_length=24, choices=Voivodeship.choices, blank=True
    )
    town = models.CharField(_("town"), max_length=100, blank=True)
    bio = models.TextField(_("about me"), max_length=1000, blank=True)
    avatar = models.ImageField(_("avatar"), upload_to=avatar_path, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    can_create_networks = models.BooleanField(
        _("may create networks"),
        default=False,
        help_text=_("Granted by staff to coordinators from organising institutions."),
    )
    # Set when the person closed the first-login checklist before ticking every item.
    first_steps_dismissed_at = models.DateTimeField(
        _("first steps dismissed"), null=True, blank=True, editable=False
    )
    # Set when the person deleted their account: the row stays (what they wrote
    # keeps its place under "former participant"), every personal field is blank.
    erased_at = models.DateTimeField(_("account deleted"), null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["display_name", "email"]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        """The name shown to others; never the e-mail address."""
        if self.erased_at is not None:
            return str(_("Former participant"))
        return self.display_name or _("Member #%(id)s") % {"id": self.pk}

    def get_full_name(self) -> str:
        return self.public_name

    def get_short_name(self) -> str:
        return self.public_name

    @property
    def subject_list(self) -> list[str]:
        return [s.strip() for s in self.subjects.split(",") if s.strip()]

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class DataExportStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready to download")
    FAILED = "failed", _("Failed")


def new_archive_name(user_id: int) -> str:
    # A random name: the archive lives in private storage, never behind a guessable path.
    return f"data-exports/{user_id}/{secrets.token_urlsafe(24)}.zip"


class DataExport(models.Model):
    """One "download my data" archive: prepared by a worker, downloadable by its owner for a while.

    The ZIP lives in the private storage (settings.STORAGES["private"]), never
    under /media/; the download view checks the owner and the expiry each time,
    and the retention task deletes the file once it has expired.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="data_exports",
        verbose_name=_("person"),
    )
    # Staff who prepared it on the person's request; empty when the person asked.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=DataExportStatus.choices,
        default=DataExportStatus.PENDING,
    )
    archive_name = models.CharField(max_length=200, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    ready_at = models.DateTimeField(_("ready"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def has_expired(self) -> bool:
        """Ready once, but past the days it could be downloaded."""
        return self.status == DataExportStatus.READY and not self.is_downloadable

    @property
    def is_downloadable(self) -> bool:
        return (
            self.status == DataExportStatus.READY
            and bool(self.archive_name)
            and self.expires_at is not None
            and self.expires_at > timezone.now()
        )
