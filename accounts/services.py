from django.db import transaction

from accounts.models import User
from core.uploads import CheckedUpload, ensure_checked

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
