"""Who gets what from every networks page: anonymous, outsider, member, expert, coordinator, staff.

A page another person may not see answers 404 (hidden networks and member-only pages do
not exist for outsiders); an action they may not take answers 403.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from networks.models import Visibility
from networks.tests.factories import MeetingFactory, NetworkFactory

PEOPLE = ["anonymous", "outsider", "member", "expert", "coordinator", "staff"]


def _get(client, people, who, url):
    if people[who] is not None:
        client.force_login(people[who])
    return client.get(url)


def _expect(response, expected):
    if expected == "login":
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    else:
        assert response.status_code == expected


PUBLIC_PAGES = {
    # page: (anonymous, outsider, member, expert, coordinator, staff)
    "detail": (200, 200, 200, 200, 200, 200),
    "members": ("login", 404, 200, 200, 200, 404),
    "meetings": ("login", 404, 200, 200, 200, 404),
    "plan": ("login", 404, 200, 200, 200, 404),
    "meeting_create": ("login", 404, 403, 403, 200, 404),
    "manage": ("login", 404, 403, 403, 200, 404),
    "edit": ("login", 404, 403, 403, 200, 404),
    "goal_create": ("login", 404, 403, 403, 200, 404),
    "activity_create": ("login", 404, 403, 403, 200, 404),
}


@pytest.mark.parametrize("page", PUBLIC_PAGES)
@pytest.mark.parametrize("who", PEOPLE)
def test_network_pages_answer_each_person(client, people, network, page, who):
    url = reverse(f"networks:{page}", kwargs={"slug": network.slug})
    _expect(_get(client, people, who, url), PUBLIC_PAGES[page][PEOPLE.index(who)])


@pytest.mark.parametrize("who", PEOPLE)
def test_hidden_network_does_not_exist_for_outsiders(client, people, network, who):
    network.visibility = Visibility.HIDDEN
    network.save()
    url = reverse("networks:detail", kwargs={"slug": network.slug})
    expected = {"anonymous": 404, "outsider": 404}.get(who, 200)
    _expect(_get(client, people, who, url), expected)


MEETING_PAGES = {
    "meeting": ("login", 404, 200, 200, 200, 404),
    "meeting_ics": ("login", 404, 200, 200, 200, 404),
    "meeting_edit": ("login", 404, 403, 403, 200, 404),
    "meeting_cancel": ("login", 404, 403, 403, 200, 404),
    # Attendance and minutes only once the meeting has begun.
    "meeting_attendance": ("login", 404, 403, 403, 403, 404),
    "meeting_minutes": ("login", 404, 403, 403, 403, 404),
}


@pytest.mark.parametrize("page", MEETING_PAGES)
@pytest.mark.parametrize("who", PEOPLE)
def test_meeting_pages_answer_each_person(client, people, network, page, who):
    meeting = MeetingFactory(network=network)
    url = reverse(f"networks:{page}", kwargs={"slug": network.slug, "pk": meeting.pk})
    _expect(_get(client, people, who, url), MEETING_PAGES[page][PEOPLE.index(who)])


@pytest.mark.parametrize("page", ["meeting_attendance", "meeting_minutes"])
@pytest.mark.parametrize("who", PEOPLE)
def test_coordinator_and_leading_expert_record_a_past_meeting(client, people, network, page, who):
    start = timezone.now() - timedelta(hours=3)
    meeting = MeetingFactory(
        network=network,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        expert=people["expert"],
    )
    url = reverse(f"networks:{page}", kwargs={"slug": network.slug, "pk": meeting.pk})
    expected = ("login", 404, 403, 200, 200, 404)[PEOPLE.index(who)]
    _expect(_get(client, people, who, url), expected)


def test_meeting_of_another_network_is_not_found(client, network, member):
    other = MeetingFactory(network=NetworkFactory())
    client.force_login(member)
    url = reverse("networks:meeting", kwargs={"slug": network.slug, "pk": other.pk})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("who", PEOPLE)
def test_only_people_with_the_coordinator_capability_create_networks(client, people, who):
    expected = {"anonymous": "login", "coordinator": 200, "staff": 200}.get(who, 403)
    _expect(_get(client, people, who, reverse("networks:create")), expected)


@pytest.mark.parametrize("who", PEOPLE)
def test_catalogue_is_for_everyone(client, people, network, who):
    assert _get(client, people, who, reverse("networks:catalogue")).status_code == 200


@pytest.mark.parametrize("who", PEOPLE)
def test_my_networks_and_calendar_need_an_account(client, people, who):
    for name in ("networks:mine", "networks:calendar_settings"):
        expected = "login" if who == "anonymous" else 200
        _expect(_get(client, people, who, reverse(name)), expected)


@pytest.mark.parametrize("who", PEOPLE)
def test_posting_actions_are_refused_to_non_coordinators(client, people, network, who):
    meeting = MeetingFactory(network=network)
    actions = [
        reverse("networks:stage", kwargs={"slug": network.slug}),
        reverse("networks:invite", kwargs={"slug": network.slug}),
        reverse("networks:meeting_cancel", kwargs={"slug": network.slug, "pk": meeting.pk}),
        reverse("networks:archive", kwargs={"slug": network.slug}),
    ]
    if people[who] is not None:
        client.force_login(people[who])
    for url in actions:
        response = client.post(url, {"stage": 3, "email": "x@example.org", "note": "x"})
        expected = {"anonymous": "login", "outsider": 404, "staff": 404}.get(who, 403)
        if who == "coordinator":
            assert response.status_code not in (403, 404, 500)
        else:
            _expect(response, expected)


def _post_targets(network, people):
    """Every state-changing endpoint, with the objects it acts on."""
    from networks import services
    from networks.models import Membership

    meeting = MeetingFactory(network=network)
    start = timezone.now() - timedelta(hours=3)
    past = MeetingFactory(network=network, starts_at=start, ends_at=start + timedelta(hours=1))
    link = past.links.create(title="Slajdy", url="https://example.org/s.pdf")
    goal = services.goal_save(network=network, by=people["coordinator"], title="Cel")
    activity = services.activity_plan_save(
        network=network, by=people["coordinator"], title="Działanie", starts_on=start.date()
    )
    invitation = services.invitation_create(
        network=network, by=people["coordinator"], email="zaproszona@example.org"
    )
    target = Membership.objects.get(network=network, user=people["member"])
    slug = network.slug
    return {
        "member_role": (
            reverse("networks:member_role", args=[slug, target.pk]),
            {"role": "expert"},
        ),
        "member_remove": (reverse("networks:member_remove", args=[slug, target.pk]), {}),
        "invitation_revoke": (
            reverse("networks:invitation_revoke", args=[slug, invitation.pk]),
            {},
        ),
        "goal_delete": (reverse("networks:goal_delete", args=[slug, goal.pk]), {}),
        "activity_delete": (reverse("networks:activity_delete", args=[slug, activity.pk]), {}),
        "meeting_link_remove": (
            reverse("networks:meeting_link_remove", args=[slug, past.pk, link.pk]),
            {},
        ),
        "meeting_rsvp": (
            reverse("networks:meeting_rsvp", args=[slug, meeting.pk]),
            {"answer": "yes"},
        ),
        "mute": (reverse("networks:mute", args=[slug]), {"muted": "1"}),
        "leave": (reverse("networks:leave", args=[slug]), {}),
    }


POST_ACTIONS = {
    # action: (anonymous, outsider, member, expert, coordinator, staff)
    "member_role": ("login", 404, 403, 403, 302, 404),
    "member_remove": ("login", 404, 403, 403, 302, 404),
    "invitation_revoke": ("login", 404, 403, 403, 302, 404),
    "goal_delete": ("login", 404, 403, 403, 302, 404),
    "activity_delete": ("login", 404, 403, 403, 302, 404),
    "meeting_link_remove": ("login", 404, 403, 403, 302, 404),
    "meeting_rsvp": ("login", 404, 302, 302, 302, 404),
    "mute": ("login", 404, 302, 302, 302, 404),
    "leave": ("login", 404, 302, 302, 302, 404),
}


@pytest.mark.parametrize("action", POST_ACTIONS)
@pytest.mark.parametrize("who", PEOPLE)
def test_every_action_answers_each_person(client, people, network, action, who):
    url, data = _post_targets(network, people)[action]
    if people[who] is not None:
        client.force_login(people[who])
    _expect(client.post(url, data), POST_ACTIONS[action][PEOPLE.index(who)])


@pytest.mark.parametrize("who", PEOPLE)
def test_joining_an_open_network_is_for_logged_in_non_members(client, people, network, who):
    if people[who] is not None:
        client.force_login(people[who])
    response = client.post(reverse("networks:join", args=[network.slug]))
    expected = {"anonymous": "login", "outsider": 302, "staff": 302}.get(who, 403)
    _expect(response, expected)


def test_the_last_coordinator_is_told_to_hand_over_before_leaving(client, network, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("networks:leave", args=[network.slug]), follow=True)
    assert "Sieć potrzebuje koordynatora" in response.content.decode()
    assert network.memberships.filter(user=coordinator).exists()


def test_get_is_not_allowed_on_actions(client, network, member):
    client.force_login(member)
    assert client.get(reverse("networks:leave", args=[network.slug])).status_code == 405


@pytest.mark.parametrize("token", ["a'b", "ab cd", "ż" * 10])
def test_an_invitation_or_calendar_token_with_foreign_characters_is_not_found(client, token):
    assert client.get(f"/sieci/zaproszenie/{token}/").status_code == 404
    assert client.get(f"/sieci/kalendarz/{token}.ics").status_code == 404
