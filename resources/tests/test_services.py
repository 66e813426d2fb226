"""Sharing, curation, downloads, ratings and shelves, through the services."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.uploads import check_upload
from networks.models import ActivityKind, ActivityLog
from networks.tests.factories import MembershipFactory
from notifications.models import Category, Notification
from resources import services
from resources.models import Bookmark, Resource, ResourceFile, ResourceType, Status
from resources.tests.factories import pdf_file, resource_published, resource_share

pytestmark = pytest.mark.django_db


def test_shared_material_starts_network_only_and_counts_as_an_upload(network, member):
    resource = resource_share(network=network, author=member)
    assert resource.status == Status.NETWORK
    assert resource.files.count() == 1
    assert ActivityLog.objects.filter(
        network=network, user=member, kind=ActivityKind.UPLOAD
    ).exists()


def test_description_markdown_is_sanitised(network, member):
    resource = resource_share(
        network=network, author=member, description="**ważne** <script>alert(1)</script>"
    )
    assert "<strong>ważne</strong>" in resource.description_html
    assert "<script>" not in resource.description_html


def test_outsider_cannot_share_in_a_network(network, outsider):
    with pytest.raises(PermissionDenied):
        resource_share(network=network, author=outsider)


def test_material_needs_a_file_or_a_link(network, member):
    with pytest.raises(ValidationError):
        resource_share(network=network, author=member, files=[])
    linked = resource_share(
        network=network, author=member, files=[], external_url="https://example.org/film"
    )
    assert linked.external_url == "https://example.org/film"


def test_co_authors_must_be_members_of_the_network(network, member, outsider, coordinator):
    with pytest.raises(ValidationError):
        resource_share(network=network, author=member, co_authors=[outsider])
    resource = resource_share(network=network, author=member, co_authors=[coordinator])
    assert list(resource.co_authors.all()) == [coordinator]


def test_replacing_a_file_keeps_the_earlier_version(network, member):
    resource = resource_share(network=network, author=member)
    old = resource.files.get()
    new = services.resource_file_replace(
        resource_file=old, by=member, upload=check_upload(pdf_file(name="v2.pdf"))
    )
    old.refresh_from_db()
    assert not old.is_current
    assert new.is_current and new.replaces == old
    assert ResourceFile.objects.filter(resource=resource).count() == 2


def test_statistics_count_a_material_once_by_its_type_even_with_a_new_file(network, member):
    from evaluation.statistics import activity_statistics

    scenario = resource_share(network=network, author=member)
    services.resource_file_replace(
        resource_file=scenario.files.get(), by=member, upload=check_upload(pdf_file())
    )
    resource_share(network=network, author=member, resource_type=ResourceType.BIBLIOGRAPHY)
    resource_share(network=network, author=member, resource_type=ResourceType.BIBLIOGRAPHY)
    today = timezone.localdate()
    stats = activity_statistics(network=network, start=today.replace(day=1), end=today)
    assert [(str(label), count) for label, count in stats.materials_by_type] == [
        (str(ResourceType.BIBLIOGRAPHY.label), 2),
        (str(ResourceType.LESSON_SCENARIO.label), 1),
    ]
    assert stats.totals["materials"] == 3


def test_only_authors_edit(network, member, coordinator):
    resource = resource_share(network=network, author=member)
    with pytest.raises(PermissionDenied):
        services.resource_update(resource=resource, by=coordinator, title="Inny")
    services.resource_update(resource=resource, by=member, title="Nowy tytuł")
    assert Resource.objects.get(pk=resource.pk).title == "Nowy tytuł"


def test_submitting_tells_the_coordinators(network, member, coordinator):
    resource = resource_share(network=network, author=member)
    services.resource_submit(resource=resource, by=member)
    assert resource.status == Status.SUBMITTED
    assert Notification.objects.filter(recipient=coordinator, category=Category.CURATION).exists()


def test_only_the_author_submits(network, member, coordinator):
    resource = resource_share(network=network, author=member)
    with pytest.raises(PermissionDenied):
        services.resource_submit(resource=resource, by=coordinator)


def test_coordinator_publishes_and_the_author_is_notified(network, member, coordinator):
    resource = resource_published(network=network, author=member, coordinator=coordinator)
    assert resource.status == Status.PUBLISHED and resource.published_at is not None
    note = Notification.objects.get(recipient=member, category=Category.CURATION)
    assert note.params["title"] == resource.title


def test_member_who_is_not_coordinator_cannot_publish(network, member):
    other = MembershipFactory(network=network).user
    resource = resource_share(network=network, author=member)
    services.resource_submit(resource=resource, by=member)
    with pytest.raises(PermissionDenied):
        services.resource_publish(resource=resource, by=other)


def test_staff_curator_publishes_a_submitted_material(network, member, staff_user):
    resource = resource_share(network=network, author=member)
    services.resource_submit(resource=resource, by=member)
    services.resource_publish(resource=resource, by=staff_user)
    assert resource.status == Status.PUBLISHED


def test_unsubmitted_material_cannot_be_published(network, member, coordinator):
    resource = resource_share(network=network, author=member)
    with pytest.raises(PermissionDenied):
        services.resource_publish(resource=resource, by=coordinator)


def test_returning_needs_a_comment_and_tells_the_author(network, member, coordinator):
    resource = resource_share(network=network, author=member)
    services.resource_submit(resource=resource, by=member)
    with pytest.raises(ValidationError):
        services.resource_return(resource=resource, by=coordinator, comment="  ")
    services.resource_return(resource=resource, by=coordinator, comment="Dodaj licencję zdjęć.")
    assert resource.status == Status.RETURNED
    note = Notification.objects.get(recipient=member, category=Category.CURATION)
    assert note.params["comment"] == "Dodaj licencję zdjęć."
    # The author may try again, saying what changed: not the same material unchanged.
    with pytest.raises(ValidationError):
        services.resource_submit(resource=resource, by=member)
    services.resource_submit(resource=resource, by=member, note="Licencja dodana.")
    assert resource.status == Status.SUBMITTED
    assert resource.curation_events.first().comment == "Licencja dodana."


def test_download_counts_once_per_person_and_day(network, member, coordinator, outsider):
    resource = resource_published(network=network, author=member, coordinator=coordinator)
    file = resource.files.get()
    assert services.resource_download_record(
        resource_file=file, user=outsider, ip_address="10.0.0.1"
    )
    # The same person from another address is still the same person.
    assert not services.resource_download_record(
        resource_file=file, user=outsider, ip_address="10.0.0.2"
    )
    assert services.resource_download_record(resource_file=file, user=None, ip_address="10.0.0.3")
    resource.refresh_from_db()
    assert resource.download_count == 2
    logged = ActivityLog.objects.filter(network=network, kind=ActivityKind.DOWNLOAD)
    assert logged.count() == 2


def test_rating_replaces_the_earlier_one_and_updates_the_average(
    network, member, coordinator, outsider
):
    resource = resource_published(network=network, author=member, coordinator=coordinator)
    services.resource_rate(resource=resource, user=outsider, stars=2)
    services.resource_rate(resource=resource, user=outsider, stars=4, comment="Przydatne")
    services.resource_rate(resource=resource, user=coordinator, stars=5)
    resource.refresh_from_db()
    assert resource.rating_count == 2
    assert resource.rating_average == pytest.approx(4.5)


def test_author_cannot_rate_their_own_material(network, member, coordinator):
    resource = resource_published(network=network, author=member, coordinator=coordinator)
    with pytest.raises(PermissionDenied):
        services.resource_rate(resource=resource, user=member, stars=5)


def test_rating_outside_1_to_5_is_refused(network, member, coordinator, outsider):
    resource = resource_published(network=network, author=member, coordinator=coordinator)
    with pytest.raises(ValidationError):
        services.resource_rate(resource=resource, user=outsider, stars=6)


def test_bookmark_toggles(network, member, coordinator, outsider):
    resource = resource_published(network=network, author=member, coordinator=coordinator)
    assert services.bookmark_toggle(resource=resource, user=outsider) is True
    assert Bookmark.objects.filter(user=outsider).count() == 1
    assert services.bookmark_toggle(resource=resource, user=outsider) is False
    assert not Bookmark.objects.exists()


def test_outsider_cannot_bookmark_a_network_only_material(network, member, outsider):
    resource = resource_share(network=network, author=member)
    with pytest.raises(PermissionDenied):
        services.bookmark_toggle(resource=resource, user=outsider)


def test_digest_lists_new_materials_of_my_networks_but_not_mine(network, member, coordinator):
    from resources.digest import new_materials_for_digest

    since = timezone.now() - timezone.timedelta(hours=1)
    resource = resource_share(network=network, author=member)
    until = timezone.now() + timezone.timedelta(minutes=1)
    items = new_materials_for_digest(coordinator, since, until)
    assert [item.key for item in items] == [f"resources.resource:{resource.pk}"]
    assert new_materials_for_digest(member, since, until) == []
