"""Every change to networks, memberships, stages, goals and the plan happens here.

Split by domain; callers use `networks.services.<name>`. Meetings, their
reminders and calendars have modules of their own (networks.meetings,
networks.reminders, networks.calendar).
"""

from networks.services.activity import (
    activity_record,
)
from networks.services.calendar_feed import (
    calendar_feed_for,
    calendar_feed_reset,
)
from networks.services.membership import (
    invitation_answer,
    invitation_create,
    invitation_revoke,
    join_request_create,
    join_request_decide,
    join_request_withdraw,
    membership_change_role,
    membership_leave,
    membership_mark_visited,
    membership_remove,
    network_join,
    network_members_refresh,
)
from networks.services.network import (
    NETWORK_FIELDS,
    network_archive,
    network_change_stage,
    network_create,
    network_derived_refresh,
    network_update,
    stage_change_check,
    stage_task_tick,
)
from networks.services.plan import (
    activity_plan_delete,
    activity_plan_save,
    goal_agreement_set,
    goal_delete,
    goal_save,
    plan_comment_create,
)

__all__ = [
    "NETWORK_FIELDS",
    "activity_plan_delete",
    "activity_plan_save",
    "activity_record",
    "calendar_feed_for",
    "calendar_feed_reset",
    "goal_agreement_set",
    "goal_delete",
    "goal_save",
    "invitation_answer",
    "invitation_create",
    "invitation_revoke",
    "join_request_create",
    "join_request_decide",
    "join_request_withdraw",
    "membership_change_role",
    "membership_leave",
    "membership_mark_visited",
    "membership_remove",
    "network_archive",
    "network_change_stage",
    "network_create",
    "network_derived_refresh",
    "network_join",
    "network_members_refresh",
    "network_update",
    "plan_comment_create",
    "stage_change_check",
    "stage_task_tick",
]
