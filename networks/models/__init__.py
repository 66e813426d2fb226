"""Networks, who belongs to them, how they move through their stages, and their meetings.

Split by domain; everything is importable from `networks.models`.
"""

from networks.models.activity import (
    ActivityKind,
    ActivityLog,
)
from networks.models.certificates import Certificate
from networks.models.meetings import (
    Answer,
    Attendance,
    CalendarFeed,
    Meeting,
    MeetingForm,
    MeetingKind,
    MeetingLink,
    MeetingQuerySet,
    MeetingReminder,
    MeetingStatus,
    Rsvp,
)
from networks.models.membership import (
    Invitation,
    InvitationStatus,
    JoinRequest,
    Membership,
    RequestStatus,
    new_token,
)
from networks.models.network import (
    JoinPolicy,
    Network,
    NetworkQuerySet,
    Role,
    Stage,
    StageChange,
    Topic,
    Visibility,
)
from networks.models.outcomes import Outcome
from networks.models.plan import (
    Goal,
    GoalAgreement,
    GoalStatus,
    PlanComment,
    PlannedActivity,
)
from networks.models.polls import (
    DatePoll,
    DatePollAnswer,
    DatePollSlot,
    PollChoice,
)
from networks.models.stages import StageTaskTick

__all__ = [
    "ActivityKind",
    "ActivityLog",
    "Answer",
    "Attendance",
    "CalendarFeed",
    "Certificate",
    "DatePoll",
    "DatePollAnswer",
    "DatePollSlot",
    "Goal",
    "GoalAgreement",
    "GoalStatus",
    "Invitation",
    "InvitationStatus",
    "JoinPolicy",
    "JoinRequest",
    "Meeting",
    "MeetingForm",
    "MeetingKind",
    "MeetingLink",
    "MeetingQuerySet",
    "MeetingReminder",
    "MeetingStatus",
    "Membership",
    "Network",
    "Outcome",
    "NetworkQuerySet",
    "PlanComment",
    "PlannedActivity",
    "RequestStatus",
    "Role",
    "PollChoice",
    "Rsvp",
    "Stage",
    "StageChange",
    "StageTaskTick",
    "Topic",
    "Visibility",
    "new_token",
]
