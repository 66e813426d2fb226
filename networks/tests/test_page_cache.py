"""The network page and "my networks" are cached whole under a digest of what they show
(networks.page_keys): a reader sees the same HTML from the cache as freshly rendered, and
every change to what a page shows appears at once, whoever made it and however."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import services as account_services
from accounts.tests.factories import UserFactory
from networks import meetings, outcomes, services
from networks.models import (
    ActivityKind,
    ActivityLog,
    Answer,
    Attendance,
    JoinPolicy,
    Membership,
    Network,
    Role,
    Stage,
)
from networks.tests.factories import MeetingFactory, MembershipFactory, NetworkFactory
from notifications.services import network_mute_set

pytestmark = pytest.mark.django_db

MINE = reverse("networks:mine")
# Each request has its own CSRF token; the rest of the page must be the same.
CSRF_TOKEN = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+')


def _detail(network) -> str:
    return reverse("networks:detail", kwargs={"slug": network.slug})


def _clear_fragments():
    caches["fragments"].clear()
    caches["fragments_local"].clear()


def _html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return CSRF_TOKEN.sub(r"\1", response.content.decode())


def _cold(client, url) -> str:
    _clear_fragments()
    return _html(client, url)


@pytest.fixture
def busy(network, coordinator, member):
    """A network with something in every part of its page."""
    Network.objects.filter(pk=network.pk).update(
        join_policy=JoinPolicy.REQUEST, created_by=coordinator
    )
    network.refresh_from_db()
    services.goal_save(network=network, by=coordinator, title="Ocenianie kształtujące")
    meeting = MeetingFactory(network=network, title="Spotkanie listopadowe")
    meetings.rsvp_answer(meeting=meeting, user=coordinator, answer=Answer.YES)
    services.network_change_stage(network=network, by=coordinator, stage=1, note="Wybraliśmy")
    outcomes.outcome_record(
        network=network,
        author=member,
        title="Lekcja z informacją zwrotną",
        description="Opis.",
        applied_on=timezone.localdate(),
    )
    network.refresh_from_db()
    return network


@pytest.mark.parametrize("who", ["coordinator", "member", "outsider", "anonymous"])
def test_the_network_page_from_the_cache_is_the_page_rendered_afresh(client, busy, people, who):
    if people[who] is not None:
        client.force_login(people[who])
    cold = _cold(client, _detail(busy))
    assert _html(client, _detail(busy)) == cold
    assert _html(client, _detail(busy)) == cold


@pytest.mark.parametrize("who", ["coordinator", "member", "outsider"])
def test_my_networks_from_the_cache_is_the_page_rendered_afresh(client, busy, people, who):
    client.force_login(people[who])
    cold = _cold(client, MINE)
    assert _html(client, MINE) == cold
    assert _html(client, MINE) == cold


def test_outsiders_never_get_a_members_copy_of_the_network_page(client, busy, member, outsider):
    client.force_login(member)
    assert "Ocenianie kształtujące" in _html(client, _detail(busy))
    client.force_login(outsider)
    page = _html(client, _detail(busy))
    assert "Ocenianie kształtujące" not in page
    assert "Lekcja z informacją zwrotną" not in page
    client.logout()
    assert "Spotkanie listopadowe" not in _html(client, _detail(busy))


def _meeting(network):
    return network.meetings.get(title="Spotkanie listopadowe")


def _rename_network(n, c, m, o):
    services.network_update(network=n, by=c, name="Sieć po zmianie nazwy")
    return "Sieć po zmianie nazwy"


def _change_stage(n, c, m, o):
    services.network_change_stage(network=n, by=c, stage=2, note="Pracujemy już razem")
    return "Pracujemy już razem"


def _add_goal(n, c, m, o):
    services.goal_save(network=n, by=c, title="Czytanie ze zrozumieniem")
    return "Czytanie ze zrozumieniem"


def _add_meeting(n, c, m, o):
    MeetingFactory(network=n, title="Spotkanie grudniowe")
    return "Spotkanie grudniowe"


def _answer_meeting(n, c, m, o):
    meetings.rsvp_answer(meeting=_meeting(n), user=m, answer=Answer.MAYBE)
    return f"<strong>{_('Maybe')}</strong>"


def _someone_else_answers(n, c, m, o):
    meetings.rsvp_answer(meeting=_meeting(n), user=c, answer=Answer.MAYBE)
    return _("Coming: %(yes)s, maybe: %(maybe)s") % {"yes": 0, "maybe": 1}


def _mute(n, c, m, o):
    network_mute_set(user=m, network_id=n.pk, muted=True)
    return _("You do not receive e-mails about this network.")


def _record_outcome(n, c, m, o):
    outcomes.outcome_record(
        network=n,
        author=c,
        title="Karta samooceny",
        description="x",
        applied_on=timezone.localdate(),
    )
    return "Karta samooceny"


def _rename_coordinator(n, c, m, o):
    account_services.user_update_profile(user=c, data={"display_name": "Koordynatorka Ewa"})
    return "Koordynatorka Ewa"


def _make_coordinator(n, c, m, o):
    membership = Membership.objects.get(network=n, user=m)
    services.membership_change_role(membership=membership, by=c, role=Role.COORDINATOR)
    return _("Tasks of this stage")


def _attend(n, c, m, o):
    past = MeetingFactory(
        network=n, starts_at=timezone.now() - timedelta(days=3), title="Spotkanie dawne"
    )
    Attendance.objects.create(meeting=past, user=m, present=True)
    return reverse("networks:certificate_issue", kwargs={"slug": n.slug})


NETWORK_PAGE_CHANGES = {
    "network edited": _rename_network,
    "stage changed": _change_stage,
    "goal added": _add_goal,
    "meeting added": _add_meeting,
    "meeting answered": _answer_meeting,
    "meeting answered by another member": _someone_else_answers,
    "e-mails muted": _mute,
    "outcome recorded": _record_outcome,
    "coordinator renamed": _rename_coordinator,
    "member made coordinator": _make_coordinator,
    "meeting attended": _attend,
}


@pytest.mark.parametrize("change", NETWORK_PAGE_CHANGES)
def test_a_member_sees_each_change_to_the_network_page_at_once(
    client, busy, coordinator, member, outsider, change
):
    client.force_login(member)
    url = _detail(busy)
    _html(client, url)
    before = _html(client, url)
    shown = NETWORK_PAGE_CHANGES[change](busy, coordinator, member, outsider)
    busy.refresh_from_db()
    after = _html(client, _detail(busy))
    assert shown not in before
    assert shown in after
    assert after == _cold(client, _detail(busy))


def test_an_outsider_sees_their_join_request_at_once(client, busy, outsider):
    client.force_login(outsider)
    before = _html(client, _detail(busy))
    services.join_request_create(network=busy, user=outsider, message="Chętnie dołączę")
    after = _html(client, _detail(busy))
    withdraw = reverse("networks:request_withdraw", kwargs={"slug": busy.slug})
    assert withdraw not in before
    assert withdraw in after
    assert after == _cold(client, _detail(busy))


def _new_post(n, c, m, o):
    ActivityLog.objects.create(network=n, user=c, kind=ActivityKind.POST)
    return ngettext("%(counter)s new", "%(counter)s new", 1) % {"counter": 1}


def _invite(n, c, m, o):
    EmailAddress.objects.update_or_create(user=m, email=m.email, defaults={"verified": True})
    other = NetworkFactory(name="Sieć zapraszająca", coordinator=c)
    services.invitation_create(network=other, by=c, email=m.email)
    return "Sieć zapraszająca"


def _ask_to_join(n, c, m, o):
    other = NetworkFactory(name="Sieć z prośbą", join_policy=JoinPolicy.REQUEST)
    services.join_request_create(network=other, user=m)
    return "Sieć z prośbą"


def _join_another(n, c, m, o):
    MembershipFactory(network=NetworkFactory(name="Sieć kolejna"), user=m)
    return "Sieć kolejna"


MY_NETWORKS_CHANGES = {
    "network edited": _rename_network,
    "stage changed": lambda n, c, m, o: _change_stage(n, c, m, o) and str(Stage.WORKING.label),
    "meeting added": _add_meeting,
    "meeting answered": _answer_meeting,
    "meeting answered by another member": _someone_else_answers,
    "new post": _new_post,
    "invitation": _invite,
    "request to join": _ask_to_join,
    "membership added": _join_another,
}


@pytest.mark.parametrize("change", MY_NETWORKS_CHANGES)
def test_a_member_sees_each_change_to_my_networks_at_once(
    client, busy, coordinator, member, outsider, change
):
    client.force_login(member)
    _html(client, MINE)
    before = _html(client, MINE)
    shown = MY_NETWORKS_CHANGES[change](busy, coordinator, member, outsider)
    after = _html(client, MINE)
    assert shown not in before
    assert shown in after
    assert after == _cold(client, MINE)


def test_a_coordinator_sees_a_request_to_decide_and_a_membership_ending_at_once(
    client, busy, coordinator, member, outsider
):
    client.force_login(coordinator)
    before = _html(client, MINE)
    services.join_request_create(network=busy, user=outsider)
    after = _html(client, MINE)
    heading = _("Requests waiting for your decision")
    assert heading not in before
    assert heading in after
    assert after == _cold(client, MINE)
    client.force_login(member)
    _html(client, MINE)
    services.membership_leave(membership=Membership.objects.get(network=busy, user=member))
    left = _html(client, MINE)
    assert busy.name not in left
    assert left == _cold(client, MINE)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow(network, member, size: int):
    """`size` more members, meetings with answers, goals and networks of the member's own."""
    people = UserFactory.create_batch(size)
    Membership.objects.bulk_create([Membership(network=network, user=p) for p in people])
    for person in people[:size]:
        meeting = MeetingFactory(network=network)
        meetings.Rsvp.objects.create(meeting=meeting, user=person, answer=Answer.YES)
    for number in range(size):
        MembershipFactory(network=NetworkFactory(name=f"Dodatkowa {number}"), user=member)


@pytest.mark.parametrize("who", ["coordinator", "member", "outsider"])
def test_both_pages_take_few_queries_whatever_the_size(client, busy, people, who):
    client.force_login(people[who])
    url = _detail(busy)
    counts = []
    for size in (0, 30):
        _grow(busy, people["member"], size)
        caches["default"].clear()
        client.get(url)  # the day's visit is written once
        _clear_fragments()
        cold = (_queries(client, url), _queries(client, MINE))
        warm = (_queries(client, url), _queries(client, MINE))
        counts.append((cold, warm))
    assert counts[0] == counts[1], counts
    (cold_page, cold_mine), (warm_page, warm_mine) = counts[1]
    # The user, the network with the membership, the visit, the digest; the page's rows
    # only when no cache holds it.
    assert warm_page <= 4 and warm_mine <= 2, counts
    assert cold_page <= 13 and cold_mine <= 7, counts


def test_a_join_request_sent_back_with_errors_is_never_served_to_anyone_else(
    client, busy, outsider
):
    client.force_login(outsider)
    url = reverse("networks:request", kwargs={"slug": busy.slug})
    refused = client.post(url, {"message": "Tajemnica " + "x" * 2000})
    assert refused.status_code == 400
    assert "Tajemnica" in refused.content.decode()
    client.force_login(UserFactory())
    again = client.post(url, {"message": "y" * 2001})
    assert again.status_code == 400
    assert "Tajemnica" not in again.content.decode()
    assert "Tajemnica" not in _html(client, _detail(busy))


def test_a_changed_answer_fetches_only_the_meetings_again(client, busy, coordinator, member):
    client.force_login(member)
    url = _detail(busy)
    _html(client, url)
    warm = _queries(client, url)
    meetings.rsvp_answer(meeting=_meeting(busy), user=coordinator, answer=Answer.MAYBE)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    fetched = [q["sql"] for q in queries.captured_queries[warm:]]
    assert len(queries) == warm + 1, fetched
    assert "networks_meeting" in fetched[0]
