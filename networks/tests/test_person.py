"""A member's profile: seen by those who share a network with them, 404 for anyone else."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from networks.models import Role, Visibility
from networks.tests.factories import MembershipFactory, NetworkFactory

pytestmark = pytest.mark.django_db

PEOPLE = ["anonymous", "outsider", "member", "expert", "coordinator", "staff"]


@pytest.fixture
def person(network):
    return MembershipFactory(
        network=network, user=UserFactory(display_name="Ewa Kowalska", bio="Uczę fizyki.")
    ).user


@pytest.mark.parametrize(
    "who, expected",
    list(zip(PEOPLE, ["login", 404, 200, 200, 200, 200], strict=True)),
)
def test_profile_answers_each_person(client, people, person, who, expected):
    if people[who] is not None:
        client.force_login(people[who])
    response = client.get(reverse("networks:person", kwargs={"pk": person.pk}))
    if expected == "login":
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    else:
        assert response.status_code == expected
    if expected == 200:
        assert "Ewa Kowalska" in response.content.decode()
        assert "Uczę fizyki." in response.content.decode()


def test_sharing_a_hidden_network_is_enough_and_the_address_stays_private(client, person):
    hidden = NetworkFactory(visibility=Visibility.HIDDEN)
    MembershipFactory(network=hidden, user=person)
    colleague = MembershipFactory(network=hidden).user
    client.force_login(colleague)
    page = client.get(reverse("networks:person", kwargs={"pk": person.pk})).content.decode()
    assert hidden.name in page
    assert person.email not in page


def test_only_networks_in_common_are_listed(client, network, person, member):
    elsewhere = NetworkFactory(name="Sieć, do której nie należę")
    MembershipFactory(network=elsewhere, user=person)
    client.force_login(member)
    page = client.get(reverse("networks:person", kwargs={"pk": person.pk})).content.decode()
    assert network.name in page
    assert elsewhere.name not in page


def test_an_inactive_person_has_no_profile(client, person, member):
    person.is_active = False
    person.save()
    client.force_login(member)
    assert client.get(reverse("networks:person", kwargs={"pk": person.pk})).status_code == 404


def test_member_list_links_to_profiles(client, network, person, member):
    client.force_login(member)
    page = client.get(reverse("networks:members", kwargs={"slug": network.slug})).content.decode()
    assert reverse("networks:person", kwargs={"pk": person.pk}) in page


@pytest.mark.parametrize("networks_in_common", [1, 30])
def test_profile_query_budget_does_not_grow(
    client, person, member, networks_in_common, django_assert_max_num_queries
):
    for _ in range(networks_in_common - 1):
        shared = NetworkFactory()
        MembershipFactory(network=shared, user=person, role=Role.EXPERT)
        MembershipFactory(network=shared, user=member)
    client.force_login(member)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("networks:person", kwargs={"pk": person.pk}))
    assert response.status_code == 200
