"""get_network_for_member: a member's network, topic and membership in one written-out query."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from core.tests.model_values import loaded_values
from networks.models import Membership, Network, Visibility
from networks.selectors import get_network_for_member, get_network_with_membership


@pytest.mark.parametrize("who", ["member", "coordinator"])
def test_a_members_network_is_read_once_as_the_orm_reads_it(
    network, member, coordinator, who, django_assert_num_queries
):
    person = {"member": member, "coordinator": coordinator}[who]
    with django_assert_num_queries(1):
        found = get_network_for_member(person, network.slug)
        topic, membership = found.topic, found._membership_cache[person.pk]
        assert membership.user is person and membership.network is found
    assert found.get_deferred_fields() == {"search_vector"}
    assert loaded_values(found) == loaded_values(
        Network.objects.defer("search_vector").get(pk=network.pk)
    )
    assert loaded_values(topic) == loaded_values(network.topic)
    assert loaded_values(membership) == loaded_values(
        Membership.objects.get(network=network, user=person)
    )


def test_a_hidden_network_is_its_members_alone(network, member, outsider, staff_user):
    Network.objects.filter(pk=network.pk).update(visibility=Visibility.HIDDEN)
    assert get_network_for_member(member, network.slug).pk == network.pk
    for person in (outsider, staff_user, AnonymousUser()):
        with pytest.raises(Http404):
            get_network_for_member(person, network.slug)
    # The network's page: staff see it, outsiders do not (the same rule, the long way).
    assert get_network_with_membership(staff_user, network.slug).pk == network.pk
    with pytest.raises(Http404):
        get_network_with_membership(outsider, network.slug)
