"""The cache keys of the network page and of "my networks": everything each shows, in one query.

"My networks" is cached whole, the network page in parts (core.fragments), each under a key
made of what it shows. The rows they list (goals, meetings with the person's answers,
outcomes, invitations, unread counts…) are summed up by the database in one statement of
constant text: digests of the same rows, in the same order, that the selectors fetch; the
selectors then fetch only the parts that no cache holds. A change to any row shown, from a
service, the admin or a shell, changes a digest: nothing is invalidated and nothing stale is
served. The parts that differ between people (answers, the membership box) are keyed by
what they show of the person, so people who see the same share one copy.

Whole rows are digested where the page shows a row (`g`, `mt`, `s`), so a column that a
template starts to show is in the key already; of people, only what their public name is
made of. A test changes each thing the pages show and expects it shown at once
(networks/tests/test_page_cache.py).
"""

import hashlib
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from networks import permissions
from networks.models import (
    ActivityKind,
    Answer,
    Invitation,
    InvitationStatus,
    MeetingStatus,
    Network,
    RequestStatus,
    Role,
)

# Numbers of rows the pages list (networks.selectors.network_page and my_networks).
NETWORK_PAGE_MEETINGS = 5
NETWORK_PAGE_OUTCOMES = 3
MY_NETWORKS_MEETINGS = 10

_CONSTANTS = {
    "coordinator": Role.COORDINATOR,
    "scheduled": MeetingStatus.SCHEDULED,
    "yes": Answer.YES,
    "maybe": Answer.MAYBE,
    "no": Answer.NO,
    "pending_request": RequestStatus.PENDING,
    "pending_invitation": InvitationStatus.PENDING,
    "post": ActivityKind.POST,
    "upload": ActivityKind.UPLOAD,
}

# A meeting as _meeting_item.html shows it: its row, the person's answer, the counts.
_MEETING = """ROW(
    mt,
    (SELECT ROW(r.answer, r.waitlisted) FROM networks_rsvp r
      WHERE r.meeting_id = mt.id AND r.user_id = %(user)s LIMIT 1),
    (SELECT ROW(count(*) FILTER (WHERE r.answer = %(yes)s AND NOT r.waitlisted),
                count(*) FILTER (WHERE r.answer = %(maybe)s),
                count(*) FILTER (WHERE r.answer = %(no)s),
                count(*) FILTER (WHERE r.answer = %(yes)s AND r.waitlisted))
       FROM networks_rsvp r WHERE r.meeting_id = mt.id)
)"""

# One digest per part of the page, NULL for a part the person is not shown.
_NETWORK_PAGE_SQL = f"""
SELECT
  md5((SELECT array_agg(ROW(m.id, m.role, u.id, u.display_name, u.erased_at)
                        ORDER BY m.joined_at, m.id)
         FROM networks_membership m JOIN accounts_user u ON u.id = m.user_id
        WHERE m.network_id = %(network)s AND m.role = %(coordinator)s)::text),
  CASE WHEN %(plan)s THEN
    md5((SELECT array_agg(g ORDER BY g.position, g.id) FROM networks_goal g
          WHERE g.network_id = %(network)s)::text) END,
  CASE WHEN %(member)s THEN
    md5((SELECT array_agg({_MEETING} ORDER BY mt.starts_at, mt.id)
           FROM (SELECT * FROM networks_meeting
                  WHERE network_id = %(network)s AND status = %(scheduled)s
                    AND ends_at >= %(now)s
                  ORDER BY starts_at, id LIMIT {NETWORK_PAGE_MEETINGS}) mt)::text) END,
  CASE WHEN %(member)s THEN
    md5((SELECT array_agg(s ORDER BY s.created_at DESC, s.id DESC) FROM networks_stagechange s
          WHERE s.network_id = %(network)s)::text) END,
  CASE WHEN %(member)s THEN
    EXISTS (SELECT 1 FROM notifications_networkmute
             WHERE user_id = %(user)s AND network_id = %(network)s) END,
  CASE WHEN %(outcomes)s THEN
    md5((SELECT array_agg(ROW(o.id, o.title, o.applied_on, u.id, u.display_name, u.erased_at)
                          ORDER BY o.applied_on DESC, o.id DESC)
           FROM (SELECT * FROM networks_outcome WHERE network_id = %(network)s
                  ORDER BY applied_on DESC, id DESC LIMIT {NETWORK_PAGE_OUTCOMES}) o
           LEFT JOIN accounts_user u ON u.id = o.author_id)::text) END,
  CASE WHEN %(asks)s THEN
    EXISTS (SELECT 1 FROM networks_joinrequest
             WHERE network_id = %(network)s AND user_id = %(user)s
               AND status = %(pending_request)s) END,
  CASE WHEN %(user)s IS NOT NULL THEN
    EXISTS (SELECT 1 FROM networks_attendance a
              JOIN networks_meeting mt ON mt.id = a.meeting_id
             WHERE a.user_id = %(user)s AND a.present AND mt.network_id = %(network)s) END
"""  # noqa: S608 (constant text: numbers and a fragment of our own; values are parameters)

# Columns of the network row that no page shows and that change on their own.
_NETWORK_NOT_SHOWN = {"search_vector"}


def _network_row(network: Network) -> str:
    """The network's row and topic as shown, digested once for the parts that show them."""
    fields = Network._meta.concrete_fields
    row = tuple(getattr(network, f.attname) for f in fields if f.name not in _NETWORK_NOT_SHOWN)
    shown = (*row, network.topic.name, network.topic.name_en)
    return hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()


@dataclass(frozen=True)
class NetworkPageKeys:
    """What each part of the network page shows this person: the network's row and their
    membership, which are in hand, and the digests of the rows each part lists (NULL, None
    here, for a part they are not shown)."""

    network: str
    membership: str | None  # the role, None for someone not a member
    authenticated: bool
    plan: bool
    outcomes_shown: bool
    coordinates: bool
    coordinators: str
    goals: str | None
    meetings: str | None
    stage_changes: str | None
    muted: bool | None
    outcomes: str | None
    pending_request: bool | None
    attended: bool | None


def network_page_keys(user, network: Network) -> NetworkPageKeys:
    """The keys of the network page's parts for this person, from one query."""
    membership = permissions.membership_of(user, network)
    plan = permissions.can_view_plan(user, network)
    outcomes_shown = permissions.can_view_outcomes(user, network)
    params = {
        **_CONSTANTS,
        "network": network.pk,
        "user": user.pk if user.is_authenticated else None,
        "now": timezone.now(),
        "member": membership is not None,
        "plan": plan,
        "outcomes": outcomes_shown,
        "asks": user.is_authenticated and membership is None,
    }
    with connection.cursor() as cursor:
        cursor.execute(_NETWORK_PAGE_SQL, params)
        digests = cursor.fetchone()
    return NetworkPageKeys(
        _network_row(network),
        membership.role if membership is not None else None,
        user.is_authenticated,
        plan,
        outcomes_shown,
        permissions.can_view_stage_checklist(user, network),
        *digests,
    )


_MY_NETWORKS_SQL = f"""
WITH mine AS (
  SELECT m.*, n.name, n.slug, n.stage, n.archived_at FROM networks_membership m
    JOIN networks_network n ON n.id = m.network_id WHERE m.user_id = %(user)s
)
SELECT md5(ROW(
  (SELECT array_agg(ROW(
      mine.id, mine.role, mine.network_id, mine.name, mine.slug, mine.stage, mine.archived_at,
      (SELECT count(*) FROM networks_activitylog a
        WHERE a.network_id = mine.network_id AND a.kind IN (%(post)s, %(upload)s)
          AND a.created_at > mine.last_visited_at
          AND (a.user_id IS NULL OR a.user_id <> %(user)s)),
      (SELECT min(starts_at) FROM networks_meeting
        WHERE network_id = mine.network_id AND status = %(scheduled)s AND starts_at >= %(now)s)
    ) ORDER BY mine.archived_at, mine.name, mine.id) FROM mine),
  (SELECT array_agg(ROW({_MEETING}, mt.name, mt.slug) ORDER BY mt.starts_at, mt.id)
     FROM (SELECT meeting.*, mine.name, mine.slug FROM networks_meeting meeting
             JOIN mine ON mine.network_id = meeting.network_id
            WHERE meeting.status = %(scheduled)s AND meeting.ends_at >= %(now)s
            ORDER BY meeting.starts_at, meeting.id LIMIT {MY_NETWORKS_MEETINGS}) mt),
  (SELECT array_agg(ROW(i.id, i.token, i.role, i.email, i.created_at, n.name, n.slug,
                        u.id, u.display_name, u.erased_at) ORDER BY i.created_at DESC, i.id)
     FROM networks_invitation i JOIN networks_network n ON n.id = i.network_id
     LEFT JOIN accounts_user u ON u.id = i.invited_by_id
    WHERE i.status = %(pending_invitation)s AND i.created_at > %(invitations_since)s
      AND n.archived_at IS NULL
      AND EXISTS (SELECT 1 FROM account_emailaddress e WHERE e.user_id = %(user)s
                     AND e.verified AND upper(e.email) = upper(i.email))),
  (SELECT array_agg(ROW(r.id, n.name, n.slug) ORDER BY r.created_at, r.id)
     FROM networks_joinrequest r JOIN networks_network n ON n.id = r.network_id
    WHERE r.user_id = %(user)s AND r.status = %(pending_request)s),
  (SELECT array_agg(ROW(r.id, n.name, n.slug, u.id, u.display_name, u.erased_at)
                    ORDER BY r.created_at, r.id)
     FROM networks_joinrequest r JOIN networks_network n ON n.id = r.network_id
     JOIN accounts_user u ON u.id = r.user_id
    WHERE r.status = %(pending_request)s AND r.network_id IN (
          SELECT network_id FROM mine WHERE role = %(coordinator)s))
)::text)
"""  # noqa: S608 (constant text: numbers and a fragment of our own; values are parameters)


def my_networks_key(user) -> str:
    """What "my networks" shows the person, from one query (see the module's docstring)."""
    now = timezone.now()
    params = {
        **_CONSTANTS,
        "user": user.pk,
        "now": now,
        "invitations_since": now - Invitation.INVITATION_VALID_FOR,
    }
    with connection.cursor() as cursor:
        cursor.execute(_MY_NETWORKS_SQL, params)
        (digest,) = cursor.fetchone()
    return digest
