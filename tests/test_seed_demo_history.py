"""The demo's library network has a year and a term of history, and seeding again adds nothing."""

import pytest
from django.apps import apps
from django.core.management import call_command

from evaluation import permissions as evaluation_permissions
from evaluation import statistics
from evaluation.models import Answer, Survey
from networks.demo import LIBRARY_SLUG, library_start
from networks.models import ActivityLog, Attendance, Membership, Network, Outcome, StageChange
from networks.permissions import can_download_certificate, is_coordinator

pytestmark = pytest.mark.django_db


def _counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in ("accounts", "networks", "forums", "resources", "evaluation")
    }


def test_the_library_network_has_a_history_and_a_second_seed_changes_nothing():
    call_command("seed_demo")
    network = Network.objects.get(slug=LIBRARY_SLUG)
    start = library_start()
    months = statistics.activity_statistics(
        network=network, start=start, end=statistics.default_period()[1]
    ).months
    active = [row.month for row in months if row.values["visits"] and row.values["posts"]]
    assert len(active) >= 10
    assert Membership.objects.filter(network=network).count() >= 40
    assert network.member_count == Membership.objects.filter(network=network).count()
    assert StageChange.objects.filter(network=network).count() >= 5

    released = [s for s in network.surveys.all() if evaluation_permissions.results_released(s)]
    assert {s.purpose for s in released} >= {"formative", "final"}
    assert all(s.is_anonymous and s.released_at for s in released)
    assert Answer.objects.filter(survey__in=released).exists()
    assert not network.surveys.filter(sealed_responses__isnull=False).exists()

    assert Outcome.objects.filter(network=network).exclude(coordinator_comment="").exists()
    coordinator = network.memberships.get(user__email="koordynator@example.org").user
    assert is_coordinator(coordinator, network)
    librarian = network.memberships.get(user__email="bibliotekarz@example.org").user
    assert can_download_certificate(librarian, network)
    assert Attendance.objects.filter(user=librarian, meeting__network=network).count() >= 5

    before = _counts()
    log = ActivityLog.objects.filter(network=network).count()
    call_command("seed_demo")
    assert _counts() == before
    assert ActivityLog.objects.filter(network=network).count() == log
    assert Survey.objects.filter(network=network).count() == len(released)
