from datetime import timedelta

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import DataExport, DataExportStatus, User, new_archive_name
from accounts.personal_data import (
    ErasureRequest,
    erasure_blockers,
    export_listeners,
    personal_data_sections,
)
from core.files import private_storage
from core.uploads import CheckedUpload, ensure_checked

# A data export still "being prepared" after this long lost its worker.
STALE_EXPORT_AFTER = timedelta(hours=1)

PROFILE_FIELDS = (
    "display_name",
    "institution_name",
    "institution_type",
    "professional_role",
    "subjects",
    "voivodeship",
    "town",
    "bio",
)


@transaction.atomic
def user_update_profile(
    *, user: User, data: dict, avatar: CheckedUpload | None = None, remove_avatar: bool = False
) -> User:
    """Save the profile fields; a new avatar (checked and re-encoded) replaces the old file."""
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(user, field, data[field])
    old_avatar_name = user.avatar.name if user.avatar else ""
    if avatar is not None:
        avatar = ensure_checked(avatar)
        user.avatar.save(avatar.content.name, avatar.content, save=False)
    elif remove_avatar:
        user.avatar = ""
    user.full_clean(exclude=["password"])
    user.save()
    if old_avatar_name and old_avatar_name != (user.avatar.name if user.avatar else ""):
        storage = user.avatar.storage
        transaction.on_commit(lambda: storage.delete(old_avatar_name))
    return user


def first_steps_dismiss(*, user: User) -> User:
    """The person closes the first-login checklist; it stays closed on every device."""
    if user.first_steps_dismissed_at is None:
        user.first_steps_dismissed_at = timezone.now()
        user.save(update_fields=["first_steps_dismissed_at"])
    return user


# --- a person's data: download and delete ----------------------------------------


def export_storage():
    """Where data exports live: the private storage, never served by URL (core.files)."""
    return private_storage()


def data_export_request(*, user: User, requested_by: User | None = None) -> DataExport:
    """Ask for an archive of the person's data; one is prepared at a time, by a worker.

    Asking again while one is being prepared returns that one rather than queueing
    a second (a double click, or staff acting on a request the person also made).
    """
    from accounts.tasks import build_data_export

    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        pending = DataExport.objects.filter(user=user, status=DataExportStatus.PENDING).first()
        if pending is not None and pending.created_at > timezone.now() - STALE_EXPORT_AFTER:
            return pending
        if pending is not None:  # its worker died: let the person ask again
            data_export_fail(export_id=pending.pk)
        export = DataExport.objects.create(user=user, requested_by=requested_by)
        transaction.on_commit(lambda: build_data_export.delay(export.pk), robust=True)
    return export


def data_export_build(*, export: DataExport) -> DataExport:
    """Write the person's archive into private storage, mark it ready and tell the person.

    Idempotent: an export that is no longer pending (built, failed, a retried
    task) is returned unchanged.
    """
    from accounts.export import build_archive

    with transaction.atomic():
        export = DataExport.objects.select_for_update().select_related("user").get(pk=export.pk)
        if export.status != DataExportStatus.PENDING:
            return export
        storage = export_storage()
        with build_archive(user=export.user) as archive:
            export.size = archive.seek(0, 2)
            archive.seek(0)
            name = storage.save(new_archive_name(export.user_id), File(archive))
        try:
            now = timezone.now()
            export.archive_name = name
            export.status = DataExportStatus.READY
            export.ready_at = now
            export.expires_at = now + timedelta(days=settings.DATA_EXPORT_VALID_DAYS)
            export.save()
            for listener in export_listeners():
                listener(export)
        except BaseException:
            storage.delete(name)  # the row rolls back; no archive may stay without it
            raise
    return export


def data_export_fail(*, export_id: int) -> None:
    """Mark an export that could not be built, so the person can ask again."""
    DataExport.objects.filter(pk=export_id, status=DataExportStatus.PENDING).update(
        status=DataExportStatus.FAILED
    )


def data_exports_prune(*, now=None) -> int:
    """Delete the expired archives (file and row); how many went."""
    now = now or timezone.now()
    expired = list(
        DataExport.objects.filter(
            Q(expires_at__lte=now)
            | Q(status=DataExportStatus.FAILED, created_at__lte=now - timedelta(days=1))
        ).values_list("pk", "archive_name")
    )
    _delete_archives([name for _pk, name in expired])
    DataExport.objects.filter(pk__in=[pk for pk, _name in expired]).delete()
    return len(expired)


def _delete_archives(names: list[str]) -> None:
    storage = export_storage()
    for name in names:
        if name:
            storage.delete(name)


class AccountDeletionBlocked(ValidationError):
    """The account cannot go yet (e.g. the person coordinates a network alone)."""


def erased_email(user_id: int) -> str:
    """The placeholder address of a deleted account: `.invalid` is never deliverable (RFC 2606)."""
    return f"deleted-{user_id}@deleted.invalid"


def user_erase(*, user: User, request: ErasureRequest | None = None) -> User:
    """Delete a person's account: every personal field erased, their content kept or removed.

    The row stays so that what they wrote keeps its place under "former
    participant" (or, asked so, is removed); every registered app erases its
    part in the same transaction, and nothing happens while a blocker remains
    (a network they coordinate alone, unless they asked to archive it).
    """
    request = request or ErasureRequest()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_erased:
            return user
        blocking = [
            blocker
            for blocker in erasure_blockers(user)
            if not (blocker.archivable and request.archive_networks)
        ]
        if blocking:
            raise AccountDeletionBlocked([blocker.text for blocker in blocking])
        # The apps erase first: they may still need the address (e.g. invitations sent to it).
        for section in personal_data_sections():
            if section.erase is not None:
                section.erase(user, request)
        _erase_account(user)
    return user


def _erase_account(user: User) -> None:
    avatar_name = user.avatar.name if user.avatar else ""
    archives = list(DataExport.objects.filter(user=user).values_list("archive_name", flat=True))
    DataExport.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    if apps.is_installed("allauth.socialaccount"):
        from allauth.socialaccount.models import SocialAccount

        SocialAccount.objects.filter(user=user).delete()
    for field in PROFILE_FIELDS:
        setattr(user, field, "")
    user.avatar = ""
    user.language = ""
    user.first_steps_dismissed_at = None
    user.email = erased_email(user.pk)
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.can_create_networks = False
    user.erased_at = timezone.now()
    # A new (unusable) password hash: every session's auth hash stops matching,
    # so the person is logged out everywhere at once.
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    avatar_storage = user.avatar.storage

    def delete_files() -> None:
        if avatar_name:
            avatar_storage.delete(avatar_name)
        _delete_archives(archives)

    transaction.on_commit(delete_files)
