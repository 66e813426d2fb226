"""The upload limits, in one place (allauth's app_settings pattern).

Each limit can be changed in config/settings.py under the name shown (tests
change them with pytest-django's `settings` fixture); the default is the value
the platform is built around. They are read on every use, never copied into a
module constant, so an override always holds.
"""

from django.conf import settings

MB = 1024 * 1024


class UploadSettings:
    def _setting(self, name: str, default: int) -> int:
        return getattr(settings, name, default)

    @property
    def MAX_BYTES(self) -> int:
        """The largest document, picture or recording (settings.UPLOAD_MAX_BYTES, from the environment)."""
        return self._setting("UPLOAD_MAX_BYTES", 50 * MB)

    @property
    def AVATAR_MAX_BYTES(self) -> int:
        """The largest avatar file before it is shrunk."""
        return self._setting("UPLOAD_AVATAR_MAX_BYTES", 5 * MB)

    @property
    def IMAGE_MAX_PIXELS(self) -> int:
        """Pixels a picture may have. Read from its header before any decoding: a 52 kB PNG can
        claim 400 million pixels, and decoding 40 million took 6 s and gigabytes of memory."""
        return self._setting("UPLOAD_IMAGE_MAX_PIXELS", 25_000_000)

    @property
    def IMAGE_MAX_SIDE(self) -> int:
        """The longer side of a stored picture (materials and attachments alike)."""
        return self._setting("UPLOAD_IMAGE_MAX_SIDE", 2400)

    @property
    def THUMBNAIL_SIDE(self) -> int:
        return self._setting("UPLOAD_THUMBNAIL_SIDE", 480)

    @property
    def AVATAR_SIDE(self) -> int:
        return self._setting("UPLOAD_AVATAR_SIDE", 512)

    @property
    def ARCHIVE_MAX_UNPACKED_BYTES(self) -> int:
        """What an Office/ODF/EPUB document may unpack to, all its parts together."""
        return self._setting("UPLOAD_ARCHIVE_MAX_UNPACKED_BYTES", 100 * MB)

    @property
    def ARCHIVE_MAX_RATIO(self) -> int:
        """How many times one part may be compressed. Real documents stay far below (XML
        packs 5–30×); a zip bomb packs a thousand times or more."""
        return self._setting("UPLOAD_ARCHIVE_MAX_RATIO", 100)

    @property
    def ARCHIVE_MAX_ENTRIES(self) -> int:
        """Parts a document may have; a 200-slide presentation has under a thousand."""
        return self._setting("UPLOAD_ARCHIVE_MAX_ENTRIES", 5000)


upload_settings = UploadSettings()
