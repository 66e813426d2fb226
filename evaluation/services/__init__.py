"""Every change to surveys: building them, publishing, answering, sealing anonymous answers until
they are released at closing.

Split by domain; callers use `evaluation.services.<name>`.
"""

from evaluation.services.answering import (
    AnswerData,
    answers_save_draft,
    draft_answers,
    draft_token_hash,
    member_ids,
    new_draft_token,
    respondents_other_than_coordinators,
    response_submit,
    survey_release,
    surveys_release_due,
)
from evaluation.services.building import (
    ANONYMOUS_MIN_RESPONSES,
    DEFAULT_OPEN_FOR,
    QUESTION_FIELDS,
    SETTINGS_FIELDS,
    question_check,
    question_delete,
    question_move,
    question_save,
    survey_close,
    survey_create,
    survey_create_from_template,
    survey_delete,
    survey_publish,
    survey_settings_check,
    survey_update,
)
from evaluation.services.notices import (
    survey_opening_notify,
    survey_results_notify,
    surveys_opening_notify_due,
    surveys_results_notify_due,
)

__all__ = [
    "ANONYMOUS_MIN_RESPONSES",
    "AnswerData",
    "DEFAULT_OPEN_FOR",
    "QUESTION_FIELDS",
    "question_check",
    "survey_settings_check",
    "SETTINGS_FIELDS",
    "answers_save_draft",
    "draft_answers",
    "draft_token_hash",
    "member_ids",
    "new_draft_token",
    "question_delete",
    "question_move",
    "question_save",
    "respondents_other_than_coordinators",
    "response_submit",
    "survey_close",
    "survey_create",
    "survey_create_from_template",
    "survey_delete",
    "survey_opening_notify",
    "survey_results_notify",
    "survey_publish",
    "survey_release",
    "survey_update",
    "surveys_release_due",
    "surveys_opening_notify_due",
    "surveys_results_notify_due",
]
