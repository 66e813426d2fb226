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


TINY = {"users": 120, "networks": 6, "posts": 1_100, "resources": 60, "surveys": 2, "events": 200}


@pytest.mark.django_db
def test_bench_users_coordinate_and_member_bench_users_take_part(settings, monkeypatch):
    """Each page is measured for both roles: bench{n} coordinate, bench-member{n} participate."""
    from bench import generate as generator
    from forums.models import Post
    from networks.models import Membership, Role

    settings.DEBUG = True
    monkeypatch.setitem(generator.SCALES, "tiny", TINY)
    monkeypatch.setattr(generator, "analyse", lambda: None)  # VACUUM cannot run in a test
    assert generator.generate(scale="tiny", seed=1) == 0

    bench = Membership.objects.filter(network__slug=generator.BENCH_NETWORK)
    coordinator = bench.get(user__email="bench1@example.org")
    member = bench.get(user__email="bench-member1@example.org")
    assert coordinator.role == Role.COORDINATOR
    assert member.role == Role.PARTICIPANT
    assert not bench.filter(user__email__startswith="bench-member", role=Role.COORDINATOR)
    assert bench.filter(user__email__startswith="bench-member").count() == generator.BENCH_MEMBERS
    assert member.user.calendar_feed.token
    assert member.user.emailaddress_set.get().verified
    # --keep recognises the data as generated, and not once a run has written a post into it.
    assert generator.holds_scale("tiny")
    Post.objects.filter(number=2).first().delete()
    assert not generator.holds_scale("tiny")
