import pytest

from accounts.tests.factories import UserFactory
from networks.models import Role
from networks.tests.factories import MembershipFactory, NetworkFactory


@pytest.fixture
def coordinator(db):
    return UserFactory(display_name="Koordynatorka")


@pytest.fixture
def network(coordinator):
    return NetworkFactory(coordinator=coordinator)


@pytest.fixture
def member(network):
    return MembershipFactory(network=network, role=Role.PARTICIPANT).user


@pytest.fixture
def expert(network):
    return MembershipFactory(network=network, role=Role.EXPERT).user


@pytest.fixture
def members(network):
    return [MembershipFactory(network=network).user for _ in range(4)]


@pytest.fixture
def outsider(db):
    return UserFactory()


@pytest.fixture
def people(coordinator, member, expert, outsider, staff_user):
    return {
        "anonymous": None,
        "outsider": outsider,
        "member": member,
        "expert": expert,
        "coordinator": coordinator,
        "staff": staff_user,
    }
