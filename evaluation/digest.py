"""The evaluation section of the e-mail digest: surveys waiting for the person's answers."""

from collections.abc import Sequence
from datetime import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from evaluation.selectors import surveys_to_answer_for_digests
from notifications.digest import DigestItem, Reader, described_once


def surveys_for_digests(readers: Sequence[Reader], until: datetime) -> dict[int, list[DigestItem]]:
    """Open surveys of each reader's networks they have not answered yet, by user id (one query)."""

    def item(survey) -> DigestItem:
        closes = formats.date_format(timezone.localtime(survey.closes_at), "DATETIME_FORMAT")
        return DigestItem.about(
            survey, when=survey.opens_at, summary=_("Open until %(when)s") % {"when": closes}
        )

    by_reader = surveys_to_answer_for_digests(readers, until)
    return described_once(
        ((reader_id, survey) for reader_id, surveys in by_reader.items() for survey in surveys),
        item,
    )


def surveys_to_answer(user, since: datetime, until: datetime) -> list[DigestItem]:
    """Open surveys of the person's networks they have not answered yet (one query)."""
    return surveys_for_digests([(user, since)], until).get(user.pk, [])
