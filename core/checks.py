"""System checks for settings that would quietly expose private files."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register

from core.files import PRIVATE_STORAGE_ALIAS, SERVING_MODES


@register
def check_private_files(app_configs=None, **kwargs) -> list[Error]:
    errors = []
    if settings.SIECI_FILE_SERVING not in SERVING_MODES:
        errors.append(
            Error(
                f"SIECI_FILE_SERVING must be one of {', '.join(SERVING_MODES)}.",
                id="core.E001",
            )
        )
    backend = settings.STORAGES.get(PRIVATE_STORAGE_ALIAS, {}).get("BACKEND", "")
    if not backend:
        errors.append(Error('STORAGES needs a "private" storage.', id="core.E002"))
    elif backend == "core.files.PrivateFileSystemStorage":
        # MEDIA_URL serves MEDIA_ROOT (DEBUG, or the proxy in production): a private root
        # inside it, or around it, would give private files a public address.
        public = Path(settings.MEDIA_ROOT).resolve()
        private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
        if private == public or private.is_relative_to(public) or public.is_relative_to(private):
            errors.append(
                Error(
                    "PRIVATE_MEDIA_ROOT must be outside MEDIA_ROOT (and MEDIA_ROOT outside it).",
                    id="core.E003",
                )
            )
    return errors
