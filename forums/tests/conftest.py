import pytest

from accounts.tests.factories import UserFactory
from forums.tests.factories import member_of, network_with_coordinator, thread_with_posts


@pytest.fixture
def network_and_coordinator(db):
    return network_with_coordinator(allow_anonymous_posts=True)


@pytest.fixture
def network(network_and_coordinator):
    return network_and_coordinator[0]


@pytest.fixture
def coordinator(network_and_coordinator):
    return network_and_coordinator[1]


@pytest.fixture
def member(network):
    return member_of(network)


@pytest.fixture
def other_member(network):
    return member_of(network)


@pytest.fixture
def outsider(db):
    return UserFactory()


@pytest.fixture
def thread(network, member):
    return thread_with_posts(network, member)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Dozens of people per test; real hashing would make the suite crawl.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
