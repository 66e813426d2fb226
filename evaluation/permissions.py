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


def can_view_results(user, survey: Survey) -> bool:
    """Coordinators see a published survey's results; members too once it has closed, if shared."""
    if is_coordinator(user, survey.network):
        return survey.is_published
    return survey.results_shared and survey.is_closed and is_member(user, survey.network)


def can_export_results(user, survey: Survey) -> bool:
    """Only coordinators download the answers (CSV, XLSX), with names in a named survey."""
    return is_coordinator(user, survey.network) and survey.is_published


def can_answer_survey(user, survey: Survey) -> bool:
    """Members answer a published survey of their active network while it is open."""
    return can_contribute(user, survey.network) and survey.is_open


def can_view_statistics(user, network: Network) -> bool:
    """Coordinators see their network's activity statistics (staff see all in the admin)."""
    return is_coordinator(user, network)
