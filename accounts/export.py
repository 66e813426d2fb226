"""The "download my data" archive: one JSON file per section and the person's own files."""

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePosixPath
from zipfile import ZIP_DEFLATED, ZipFile

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import User
from accounts.personal_data import ExportFile, ExportPart, personal_data_sections

# Spooled to disk past this size: an archive with many files stays out of memory.
MEMORY_LIMIT = 8 * 1024 * 1024


def profile_export(user: User) -> ExportPart:
    """The account itself: profile fields, addresses, dates, the avatar."""
    files = []
    if user.avatar:
        files.append(ExportFile(name=PurePosixPath(user.avatar.name).name, file=user.avatar))
    return ExportPart(
        data={
            "email": user.email,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
            "display_name": user.display_name,
            "institution_name": user.institution_name,
            "institution_type": user.institution_type,
            "professional_role": user.professional_role,
            "subjects": user.subjects,
            "voivodeship": user.voivodeship,
            "town": user.town,
            "bio": user.bio,
            "language": user.language,
            "avatar": files[0].name if files else None,
            "may_create_networks": user.can_create_networks,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        files=files,
    )


def _language(user: User) -> str:
    known = {code for code, _name in settings.LANGUAGES}
    return user.language if user.language in known else settings.LANGUAGE_CODE


def _readme(user: User, sections: list[str]) -> str:
    with override(_language(user)):
        lines = [
            _("Your data from the Sieci platform"),
            "",
            _("Prepared on %(when)s.") % {"when": timezone.localtime().strftime("%Y-%m-%d %H:%M")},
            _(
                "Each JSON file holds one part of what the platform stores about you; the "
                "files/ folder holds the files you uploaded. Other people's personal data "
                "is not included, nor the authors of other people's anonymous posts."
            ),
            "",
            *[f"- {name}.json" for name in sections],
        ]
    return "\n".join(lines) + "\n"


@contextmanager
def build_archive(*, user: User) -> Iterator:
    """A temporary ZIP file with the person's data, positioned at its end."""
    parts = [("profile", profile_export(user))]
    parts += [
        (section.key, section.export(user))
        for section in personal_data_sections()
        if section.export is not None
    ]
    with tempfile.SpooledTemporaryFile(max_size=MEMORY_LIMIT) as archive:
        with ZipFile(archive, "w", compression=ZIP_DEFLATED) as zipped:
            zipped.writestr("README.txt", _readme(user, [key for key, _part in parts]))
            used: set[str] = set()
            for key, part in parts:
                zipped.writestr(
                    f"{key}.json",
                    json.dumps(part.data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
                )
                for exported in part.files:
                    name = _unique(f"files/{key}/{exported.name}", used)
                    _copy_file(zipped, name, exported.file)
        yield archive


def _unique(name: str, used: set[str]) -> str:
    path, number = PurePosixPath(name), 2
    while name in used:
        name = str(path.with_stem(f"{path.stem}-{number}"))
        number += 1
    used.add(name)
    return name


def _copy_file(zipped: ZipFile, name: str, stored) -> None:
    try:
        stored.open("rb")
    except (FileNotFoundError, OSError):
        return  # a file already gone from storage: the JSON still lists it
    try:
        with zipped.open(name, "w") as target:
            for chunk in stored.chunks():
                target.write(chunk)
    finally:
        stored.close()
