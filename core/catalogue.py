"""Names of catalogue entries (topics, subjects) in the reader's language.

The catalogues are rows staff edit in the admin, so their names cannot go through
gettext; each row keeps an English name beside the Polish one instead.
"""

from django.utils.translation import get_language


def localised_name(name: str, name_en: str) -> str:
    """The English name for an English reader when there is one, else the Polish name."""
    language = get_language() or ""
    return name_en if name_en and language.startswith("en") else name
