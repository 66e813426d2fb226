import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from networks import permissions
from networks.tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db


def test_staff_administer_active_networks_and_coordinators_do_not_through_the_admin():
    coordinator = UserFactory()
    network = NetworkFactory(coordinator=coordinator)
    staff = UserFactory(is_staff=True)
    assert permissions.can_administer_network(staff, network)
    assert not permissions.can_administer_network(coordinator, network)
    network.archived_at = timezone.now()
    assert not permissions.can_administer_network(staff, network)
