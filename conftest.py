"""Fixtures shared by every app's tests."""

from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection

from accounts.tests.factories import UserFactory

# Rows that data migrations create and tests may rely on (the catalogues staff edit).
SEED_MIGRATIONS = [
    ("networks.migrations.0002_seed_topics", "add_topics"),
    ("resources.migrations.0002_seed_subjects", "add_subjects"),
    ("networks.migrations.0006_catalogue_names_in_english", "add_english_names"),
    ("resources.migrations.0005_catalogue_names_in_english", "add_english_names"),
]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Put the seeded catalogues back into a reused test database.

    Transactional tests (browser, concurrency) flush every table when they finish; with
    --reuse-db the next run would start without the topics and subjects. Re-running the
    migrations' seed functions is idempotent, and the snapshot that serialized_rollback
    restores is taken again so it holds them too.
    """
    with django_db_blocker.unblock():
        for module, function in SEED_MIGRATIONS:
            getattr(import_module(module), function)(apps, None)
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The real hasher is slow on purpose; tests create hundreds of accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _local_memory_cache(settings, request):
    # Each test starts with empty caches (rate-limit counters, the bank's facet
    # counts): local-memory caches share their store by LOCATION, so one per test.
    backend = "django.core.cache.backends.locmem.LocMemCache"
    settings.CACHES = {
        alias: {
            **settings.CACHES[alias],
            "BACKEND": backend,
            "LOCATION": f"{alias}-{request.node.nodeid}",
        }
        for alias in settings.CACHES
    }


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def staff_user(db):
    return UserFactory(is_staff=True, is_superuser=True)
