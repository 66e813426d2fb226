"""Changes to a published material wait for review; the public keeps the approved version."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.tests.factories import UserFactory
from core.uploads import check_upload
from networks.models import Membership, Role
from resources import services
from resources.models import CurationAction, CurationEvent, ResourceFile, ResourceRevision
from resources.selectors import curation_queue
from resources.tests.factories import pdf_file, resource_published, resource_share

pytestmark = pytest.mark.django_db


@pytest.fixture
def public(network, member, coordinator):
    return resource_published(
        network=network,
        author=member,
        coordinator=coordinator,
        title="Ułamki – wersja zatwierdzona",
        description="Opis zatwierdzony przez koordynatorkę.",
        files=[pdf_file(name="zatwierdzony.pdf")],
    )


def _edit(client, resource, **changes):
    data = {
        "title": resource.title,
        "description": resource.description,
        "resource_type": resource.resource_type,
        "levels": resource.levels,
        "licence": resource.licence,
        "tags": ", ".join(resource.tags),
        "topic": resource.topic_id or "",
        **changes,
    }
    return client.post(reverse("resources:edit", args=[resource.pk]), data)


def test_changed_title_and_description_wait_while_everyone_sees_the_approved_ones(
    client, public, member, outsider
):
    client.force_login(member)
    response = _edit(client, public, title="Ułamki – PODMIENIONE", description="Nowy opis [link]")
    assert response.status_code == 302

    public.refresh_from_db()
    assert public.title == "Ułamki – wersja zatwierdzona"
    assert public.description == "Opis zatwierdzony przez koordynatorkę."
    revision = ResourceRevision.objects.get(resource=public)
    assert revision.changes == {"title": "Ułamki – PODMIENIONE", "description": "Nowy opis [link]"}

    for viewer in (None, outsider):
        client.logout()
        if viewer is not None:
            client.force_login(viewer)
        page = client.get(public.get_absolute_url()).content.decode()
        assert "wersja zatwierdzona" in page and "PODMIENIONE" not in page
        assert 'id="pending-changes"' not in page
        bank = client.get(reverse("resources:bank"), {"q": "podmienione"}).content.decode()
        assert "PODMIENIONE" not in bank
        assert "wersja zatwierdzona" in client.get(reverse("resources:bank")).content.decode()

    # The authors see what waits, and go on editing their draft, not the approved text.
    client.force_login(member)
    page = client.get(public.get_absolute_url()).content.decode()
    assert 'id="pending-changes"' in page and "PODMIENIONE" in page
    form = client.get(reverse("resources:edit", args=[public.pk])).content.decode()
    assert "Ułamki – PODMIENIONE" in form


def test_a_replaced_file_waits_while_the_public_downloads_the_approved_one(
    client, public, member, coordinator, outsider
):
    approved = public.files.get()
    client.force_login(member)
    response = client.post(
        reverse("resources:replace_file", args=[approved.pk]),
        {"file": pdf_file(name="podmieniony.pdf", title="Podmieniony")},
    )
    assert response.status_code == 302
    pending = ResourceFile.objects.get(name="podmieniony.pdf")
    approved.refresh_from_db()
    assert approved.is_current and not pending.is_current and pending.revision is not None

    client.force_login(outsider)
    page = client.get(public.get_absolute_url()).content.decode()
    assert reverse("resources:download", args=[approved.pk]) in page
    assert "podmieniony.pdf" not in page
    assert client.get(reverse("resources:download", args=[pending.pk])).status_code == 404
    assert client.get(reverse("resources:download", args=[approved.pk])).status_code == 200

    # The curator sees (and may download) what they are asked to publish.
    client.force_login(coordinator)
    page = client.get(public.get_absolute_url()).content.decode()
    assert "podmieniony.pdf" in page
    assert 'name="about" value="changes"' in page  # the decision is on the changes
    assert client.get(reverse("resources:download", args=[pending.pk])).status_code == 200
    assert public in list(curation_queue(coordinator))


def test_publishing_the_changes_makes_them_public(client, public, member, coordinator, outsider):
    client.force_login(member)
    _edit(client, public, title="Ułamki – poprawione")
    approved = public.files.get()
    services.resource_file_replace(
        resource_file=approved, by=member, upload=check_upload(pdf_file(name="v2.pdf"))
    )
    client.force_login(coordinator)
    response = client.post(
        reverse("resources:curate", args=[public.pk]),
        {"about": "changes", "decision": "publish", "comment": ""},
    )
    assert response.status_code == 302

    public.refresh_from_db()
    assert public.title == "Ułamki – poprawione"
    assert not ResourceRevision.objects.filter(resource=public).exists()
    assert [f.name for f in public.files.filter(is_current=True)] == ["v2.pdf"]
    assert CurationEvent.objects.filter(
        resource=public, action=CurationAction.PUBLISH_CHANGES
    ).exists()
    client.force_login(outsider)
    assert "Ułamki – poprawione" in client.get(public.get_absolute_url()).content.decode()
    assert public not in list(curation_queue(coordinator))


def test_returned_changes_keep_the_approved_version_public(client, public, member, coordinator):
    client.force_login(member)
    _edit(client, public, description="Opis do poprawy")
    client.force_login(coordinator)
    client.post(
        reverse("resources:curate", args=[public.pk]),
        {"about": "changes", "decision": "return", "comment": "Brakuje źródeł."},
    )
    public.refresh_from_db()
    assert public.is_public and public.description == "Opis zatwierdzony przez koordynatorkę."
    revision = ResourceRevision.objects.get(resource=public)
    assert revision.is_returned and revision.returned_comment == "Brakuje źródeł."
    assert public not in list(curation_queue(coordinator))
    client.force_login(member)
    page = client.get(public.get_absolute_url()).content.decode()
    assert "Brakuje źródeł." in page
    # Saving the reworked changes sends them back to the curators.
    _edit(client, public, description="Opis ze źródłami")
    revision.refresh_from_db()
    assert not revision.is_returned and revision.changes == {"description": "Opis ze źródłami"}
    assert public in list(curation_queue(coordinator))


def test_only_curators_publish_changes(public, member, outsider):
    services.resource_update(resource=public, by=member, title="Nowy tytuł")
    for person in (member, outsider):
        with pytest.raises(PermissionDenied):
            services.resource_changes_publish(resource=public, by=person)
    public.refresh_from_db()
    assert public.title == "Ułamki – wersja zatwierdzona"


def test_a_co_author_s_new_file_also_waits(public, member, network):
    co_author = UserFactory()
    Membership.objects.create(network=network, user=co_author, role=Role.PARTICIPANT)
    public.co_authors.add(co_author)
    services.resource_update(
        resource=public, by=co_author, uploads=[check_upload(pdf_file(name="dodatek.pdf"))]
    )
    added = ResourceFile.objects.get(name="dodatek.pdf")
    assert not added.is_current and added.revision.resource == public
    assert list(public.files.filter(is_current=True).values_list("name", flat=True)) == [
        "zatwierdzony.pdf"
    ]


def test_edits_of_a_network_only_material_apply_at_once(network, member):
    resource = resource_share(network=network, author=member)
    services.resource_update(resource=resource, by=member, title="Od razu")
    resource.refresh_from_db()
    assert resource.title == "Od razu"
    assert not ResourceRevision.objects.exists()


def test_a_material_taken_out_of_the_bank_takes_its_waiting_changes_with_it(
    public, member, coordinator
):
    services.resource_update(resource=public, by=member, title="Wersja robocza")
    services.resource_return(resource=public, by=coordinator, comment="Proszę o poprawki.")
    public.refresh_from_db()
    assert not public.is_public
    # Out of the bank the authors edit the material itself; nothing is left waiting.
    assert public.title == "Wersja robocza"
    assert not ResourceRevision.objects.filter(resource=public).exists()


@pytest.mark.parametrize("count", [1, 8])
def test_the_page_with_waiting_changes_keeps_its_query_budget(
    client, public, member, coordinator, django_assert_max_num_queries, count
):
    for index in range(count):
        services.resource_update(
            resource=public,
            by=member,
            title=f"Zmiana {index}",
            uploads=[check_upload(pdf_file(name=f"nowy-{index}.pdf"))],
        )
    for person in (member, coordinator):
        client.force_login(person)
        with django_assert_max_num_queries(22):
            content = client.get(public.get_absolute_url()).content.decode()
        assert f"nowy-{count - 1}.pdf" in content
