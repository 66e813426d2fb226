"""One rule per decision: goals and plan, coordinators, members' controls."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from networks import permissions, services
from networks.models import Membership, Network, Role, Visibility
from networks.tests.factories import MembershipFactory, NetworkFactory

pytestmark = pytest.mark.django_db

DETAILED_GOAL = "Zebrać 20 scenariuszy zajęć z ułamków"


@pytest.fixture
def goal(network, coordinator):
    return services.goal_save(network=network, by=coordinator, title=DETAILED_GOAL)


@pytest.mark.parametrize(
    ("who", "sees_plan"),
    [
        ("anonymous", False),
        ("outsider", False),
        ("staff", False),
        ("member", True),
        ("expert", True),
        ("coordinator", True),
    ],
)
def test_a_public_network_shows_its_main_goal_to_all_and_its_plan_to_members(
    client, network, goal, people, who, sees_plan
):
    if people[who] is not None:
        client.force_login(people[who])
    content = client.get(network.get_absolute_url()).content.decode()
    assert network.goals in content  # the main goal is part of the public description
    assert (DETAILED_GOAL in content) == sees_plan
    assert (reverse("networks:plan", kwargs={"slug": network.slug}) in content) == sees_plan
    plan = client.get(reverse("networks:plan", kwargs={"slug": network.slug}))
    assert plan.status_code == (200 if sees_plan else 404 if who != "anonymous" else 302)


def test_coordinators_are_found_one_way(network, coordinator, member, expert):
    assert list(permissions.coordinators_of(network)) == [coordinator]
    assert [m.user for m in permissions.coordinator_memberships(network)] == [coordinator]
    assert list(permissions.networks_coordinated_by(coordinator)) == [network]
    assert not permissions.networks_coordinated_by(member).exists()
    assert permissions.is_coordinator(coordinator, network)
    assert not permissions.is_coordinator(expert, network)


def test_coordinating_any_network_is_answered_as_networks_coordinated_by(
    network, coordinator, member, people
):
    for person in people.values():
        person = person or AnonymousUser()
        expected = person.is_authenticated and permissions.networks_coordinated_by(person).exists()
        assert permissions.coordinates_a_network(person) == expected
    assert permissions.coordinates_a_network(coordinator)
    assert not permissions.coordinates_a_network(member)
    membership = Membership.objects.get(network=network, user=member)
    services.membership_change_role(membership=membership, by=coordinator, role=Role.COORDINATOR)
    assert permissions.coordinates_a_network(member)  # read each time, never kept


def test_memberships_primed_for_a_list_are_those_asked_one_by_one(coordinator, member, outsider):
    hidden = [NetworkFactory(visibility=Visibility.HIDDEN) for _ in range(3)]
    MembershipFactory(network=hidden[0], user=member, role=Role.EXPERT)
    MembershipFactory(network=hidden[2], user=member)
    for person in (member, outsider, coordinator):
        primed = [Network.objects.get(pk=network.pk) for network in hidden]
        permissions.prime_memberships(person, [*primed, primed[0]])
        for network, fresh in zip(primed, hidden, strict=True):
            cached = network.__dict__["_membership_cache"][person.pk]
            expected = Membership.objects.filter(network=fresh, user=person).first()
            assert cached == expected
            if expected:
                assert (cached.role, cached.joined_at, cached.user_id) == (
                    expected.role,
                    expected.joined_at,
                    expected.user_id,
                )


def test_the_member_list_preselects_each_member_s_role_for_coordinators(
    client, network, coordinator, expert, member
):
    client.force_login(coordinator)
    content = client.get(reverse("networks:members", kwargs={"slug": network.slug})).content
    content = content.decode()
    expert_row = Membership.objects.get(network=network, user=expert)
    picker = content.split(f'id="role-{expert_row.pk}"')[1].split("</select>")[0]
    assert f'value="{Role.EXPERT}" selected' in picker
    assert f'value="{Role.PARTICIPANT}" selected' not in picker


def test_members_see_no_role_picker(client, network, member):
    client.force_login(member)
    content = client.get(reverse("networks:members", kwargs={"slug": network.slug})).content
    assert b'name="role"' not in content
