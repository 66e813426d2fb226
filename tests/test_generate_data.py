"""The benchmark's data generator as a management command: it never overwrites by surprise."""

import pytest
from django.core.management import CommandError, call_command

from accounts.tests.factories import UserFactory


def test_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("generate_data", "--scale", "small")


@pytest.mark.django_db
def test_refuses_to_fill_a_database_that_has_users_unless_reset(settings):
    settings.DEBUG = True
    UserFactory()
    with pytest.raises(CommandError, match="--reset"):
        call_command("generate_data", "--scale", "small")


def test_importing_the_generator_leaves_the_process_alone(monkeypatch):
    import importlib
    import os
    import sys

    monkeypatch.delenv("DEBUG", raising=False)
    path = list(sys.path)
    importlib.reload(importlib.import_module("bench.generate"))
    assert "DEBUG" not in os.environ
    assert sys.path == path
