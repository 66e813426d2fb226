"""The annual report's "materials published in the bank" comes from resources' registered figure."""

from datetime import timedelta

from django.utils import timezone, translation

from networks.report_figures import report_figures
from resources.models import Status
from resources.tests.factories import ResourceFactory


def test_the_report_counts_materials_published_in_the_period_only(network, member):
    now = timezone.now()
    ResourceFactory(network=network, author=member, published_at=now - timedelta(days=3))
    ResourceFactory(network=network, author=member, published_at=now - timedelta(days=400))
    ResourceFactory(network=network, author=member, status=Status.NETWORK, published_at=None)
    ResourceFactory(published_at=now - timedelta(days=3))  # another network's

    with translation.override("en"):
        figures = {
            str(label): count
            for label, count in report_figures(network, now - timedelta(days=30), now)
        }

    assert figures["Materials published in the bank of good practices"] == 1
