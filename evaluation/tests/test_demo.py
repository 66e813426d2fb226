from django.apps import apps

from evaluation.models import Participation, Survey
from networks.models import Role
from networks.tests.factories import MembershipFactory, NetworkFactory


def test_seed_demo_builds_surveys_with_answers_once(coordinator):
    network = NetworkFactory(slug="matematyka-w-klasach-1-3", coordinator=coordinator)
    MembershipFactory(network=network, role=Role.PARTICIPANT)
    config = apps.get_app_config("evaluation")
    config.seed_demo()
    assert Survey.objects.filter(network=network).count() == 2
    answered = Participation.objects.filter(survey__network=network, submitted=True).count()
    assert answered == 3
    config.seed_demo()
    assert Survey.objects.count() == 2
    assert Participation.objects.filter(submitted=True).count() == answered


def test_seed_demo_skips_quietly_without_the_demo_network(db):
    apps.get_app_config("evaluation").seed_demo()
    assert not Survey.objects.exists()
