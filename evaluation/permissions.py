"""Who may see and do what with surveys and statistics: one function per capability."""

from evaluation.models import Survey
from networks.models import Network
from networks.permissions import can_contribute, is_coordinator, is_member


def can_view_evaluation(user, network: Network) -> bool:
    """The evaluation section (surveys to answer, one's own balance) is for members only."""
    return is_member(user, network)


def can_manage_surveys(user, network: Network) -> bool:
    """Coordinators of a network that is not archived build, publish and close its surveys."""
    return is_coordinator(user, network) and not network.is_archived


def can_view_survey(user, survey: Survey) -> bool:
    """Members see a published survey; a draft only its network's coordinators."""
    if not can_view_evaluation(user, survey.network):
        return False
    return survey.is_published or is_coordinator(user, survey.network)


def can_edit_survey(user, survey: Survey) -> bool:
    """A coordinator changes the questions of a survey until it is published."""
    return can_manage_surveys(user, survey.network) and not survey.is_published


def can_view_survey_drafts(user, network: Network) -> bool:
    """Coordinators see the network's unpublished surveys (also once it is archived)."""
    return is_coordinator(user, network)


def results_released(survey: Survey) -> bool:
    """The one rule on whether anybody may read a survey's answers, in any page, file or report:
    a named survey's from publishing; an anonymous survey's only after it has closed and its
    sealed answers were released, which needs `min_responses` people other than the coordinators.
    """
    if not survey.is_published:
        return False
    if not survey.is_anonymous:
        return True
    return survey.is_closed and survey.released_at is not None and not survey.withheld


def can_view_survey_progress(user, survey: Survey) -> bool:
    """Coordinators follow a published survey: how many have answered, and the results page."""
    return is_coordinator(user, survey.network) and survey.is_published


def can_view_results(user, survey: Survey) -> bool:
    """Released results are for coordinators; for members too once closed, if shared with them."""
    if not results_released(survey):
        return False
    if is_coordinator(user, survey.network):
        return True
    return survey.results_shared and survey.is_closed and is_member(user, survey.network)


def can_export_results(user, survey: Survey) -> bool:
    """Coordinators download released results (CSV, XLSX), with names in a named survey."""
    return results_released(survey) and is_coordinator(user, survey.network)


def can_view_respondent_names(user, survey: Survey) -> bool:
    """A named survey's coordinators see who gave each answer; nobody ever does in an anonymous one."""
    return not survey.is_anonymous and can_export_results(user, survey)


def can_answer_survey(user, survey: Survey) -> bool:
    """Members answer a published survey of their active network while it is open."""
    return can_contribute(user, survey.network) and survey.is_open


def can_view_platform_statistics(user, obj=None) -> bool:
    """Platform staff see the whole platform's figures and every network's."""
    return user.is_authenticated and user.is_active and user.is_staff


def can_view_statistics(user, network: Network) -> bool:
    """Coordinators see their network's activity statistics (staff see all in the admin)."""
    return is_coordinator(user, network)


def can_view_annual_report(user, network: Network) -> bool:
    """A network's report (activity, attendance, released results) is for its coordinators and staff."""
    return user.is_authenticated and (user.is_staff or is_coordinator(user, network))
