"""Protected file serving: the private storage and the one response every download goes through.

A file that is not public (a network's material, its earlier versions, a thread's attachments)
is stored in the "private" storage, whose root no URL reaches. A view fetches the object,
asks the object's own `can_*` rule at the time of the request, and only then calls
`file_response()`, which hands the bytes over in the way SIECI_FILE_SERVING names:

- "django": the web process streams the file (development, small sites);
- "x-accel": an empty answer with `X-Accel-Redirect`, nginx serves the file from an
  `internal` location (README, Deployment);
- "x-sendfile": the same for Apache's mod_xsendfile, with the absolute path;
- "s3": a redirect to a signed URL of the private bucket/prefix that expires in a minute.

Because the check runs on every request, nothing has to be revoked when a person leaves a
network: their next download is refused.
"""

import os
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.utils.functional import LazyObject, cached_property, empty
from django.utils.http import content_disposition_header

PRIVATE_STORAGE_ALIAS = "private"
SERVING_MODES = ("django", "x-accel", "x-sendfile", "s3")

# Headers the browser gets with every stored file, whoever serves the bytes: it may never
# run a file as a page of ours (an uploaded text can look like HTML to a sniffing browser).
SAFE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; media-src 'self'; sandbox",
    "Cross-Origin-Resource-Policy": "same-origin",
}
PRIVATE_CACHE = "private, max-age=3600"
# Published materials go through the same view (the download is counted there); a shared
# cache may keep them briefly, so unpublishing takes effect within minutes at most.
PUBLIC_CACHE = "public, max-age=300"


class PrivateFileSystemStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT; they have no URL, so a template cannot leak one."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @cached_property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("A private file has no URL; link to the view that serves it.")

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


class _PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages[PRIVATE_STORAGE_ALIAS]


private = _PrivateStorage()


def private_storage():
    """The storage of non-public files (a callable, so migrations name it, not its settings)."""
    return private


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    # Django's own receiver forgets its storages when STORAGES changes (in tests); follow it.
    if setting == "STORAGES":
        private._wrapped = empty


def may_show_inline(content_type: str) -> bool:
    """Only images and PDFs open in the browser; everything else is saved as a file."""
    return content_type.startswith("image/") or content_type == "application/pdf"


def file_response(
    stored, *, filename: str, content_type: str, inline: bool = False, public: bool = False
) -> HttpResponse:
    """Answer with a stored file (a FieldFile) the caller has just checked the person may get.

    `public` marks a file anyone may download (a published material's current file):
    shared caches may keep it for a few minutes; everything else is `Cache-Control: private`.
    """
    inline = inline and may_show_inline(content_type)
    disposition = content_disposition_header(not inline, filename)
    cache_control = PUBLIC_CACHE if public else PRIVATE_CACHE
    mode = settings.SIECI_FILE_SERVING
    if mode == "s3":
        url = stored.storage.url(
            stored.name,
            parameters={
                "ResponseContentDisposition": disposition,
                "ResponseContentType": content_type,
                "ResponseCacheControl": cache_control,
            },
            expire=settings.SIECI_FILE_URL_EXPIRY,
        )
        response = HttpResponseRedirect(url)
        # The signed address must not outlive its check in any cache, nor leak as a referrer.
        response["Cache-Control"] = "private, no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response
    if mode == "x-accel":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.SIECI_PROTECTED_URL + quote(stored.name)
    elif mode == "x-sendfile":
        response = HttpResponse(content_type=content_type)
        # Apache reads the path as raw bytes; bytes here reach the wire unchanged (latin-1).
        response["X-Sendfile"] = os.fsencode(stored.path)
    elif mode == "django":
        response = FileResponse(stored.open("rb"), content_type=content_type)
    else:
        raise ValueError(f"SIECI_FILE_SERVING must be one of {SERVING_MODES}, not {mode!r}")
    response["Content-Disposition"] = disposition
    response["Cache-Control"] = cache_control
    for header, value in SAFE_HEADERS.items():
        response[header] = value
    return response


class StoredFile:
    """A file in a storage by its name, for file_response() outside a model's file field."""

    def __init__(self, storage, name: str):
        self.storage, self.name = storage, name

    @property
    def path(self) -> str:
        return self.storage.path(self.name)

    def open(self, mode: str = "rb"):
        return self.storage.open(self.name, mode)


def download_headers(response: HttpResponse, *, filename: str, public: bool = False):
    """Headers for a file built per request (an export, a calendar): saved, never run."""
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = PUBLIC_CACHE if public else "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
