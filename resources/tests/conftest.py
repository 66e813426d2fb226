import pytest

from accounts.tests.factories import UserFactory
from networks.models import Role
from networks.tests.factories import MembershipFactory, NetworkFactory


@pytest.fixture
def coordinator(db):
    return UserFactory(can_create_networks=True, display_name="Koordynatorka")


@pytest.fixture
def network(coordinator):
    return NetworkFactory(coordinator=coordinator)


@pytest.fixture
def member(network):
    return MembershipFactory(network=network, role=Role.PARTICIPANT).user


@pytest.fixture
def outsider(db):
    return UserFactory()


@pytest.fixture
def people(coordinator, member, outsider, staff_user):
    """Every kind of visitor, by name: the permission tests walk through all of them."""
    return {
        "anonymous": None,
        "outsider": outsider,
        "member": member,
        "coordinator": coordinator,
        "staff": staff_user,
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Factories hash a password per person; the real hasher makes each test seconds slower.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
