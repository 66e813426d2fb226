"""The evaluation section of the e-mail digest: surveys waiting for the person's answers."""

from datetime import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from evaluation.selectors import surveys_to_answer_for_digest
from notifications.digest import DigestItem


def surveys_to_answer(user, since: datetime, until: datetime) -> list[DigestItem]:
    """Open surveys of the person's networks they have not answered yet (one query)."""
    return [
        DigestItem(
            key=f"evaluation.survey:{survey.pk}",
            title=survey.title,
            url=survey.get_absolute_url(),
            network_id=survey.network_id,
            network_name=survey.network.name,
            when=survey.opens_at,
            summary=_("Open until %(when)s")
            % {
                "when": formats.date_format(timezone.localtime(survey.closes_at), "DATETIME_FORMAT")
            },
        )
        for survey in surveys_to_answer_for_digest(user, since, until)
    ]
