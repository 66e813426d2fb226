"""Rules of the bank that outsiders could bend: self-rating, inflated downloads, hidden networks."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.tests.factories import UserFactory
from networks.models import Membership, Network, Role, Visibility
from networks.tests.factories import NetworkFactory
from resources import permissions, services
from resources.models import Download, Rating
from resources.tests.factories import pdf_file, resource_published

pytestmark = pytest.mark.django_db

SECRET_NAME = "Tajna Sieć Matematyków"
SECRET_SLUG = "tajna-siec-matematykow"
SECRET_INSTITUTION = "Poradnia przy ul. Ukrytej"


# --- nobody rates their own material -------------------------------------------------


@pytest.fixture
def co_author(network):
    person = UserFactory()
    Membership.objects.create(network=network, user=person, role=Role.PARTICIPANT)
    return person


@pytest.fixture
def public(network, member, coordinator, co_author):
    resource = resource_published(network=network, author=member, coordinator=coordinator)
    resource.co_authors.add(co_author)
    return resource


@pytest.mark.parametrize("who", ["member", "co_author"])
def test_authors_and_co_authors_cannot_rate_their_own_material(client, public, who, request):
    person = request.getfixturevalue(who)
    assert not permissions.can_rate_resource(person, public)
    client.force_login(person)
    page = client.get(public.get_absolute_url()).content.decode()
    assert reverse("resources:rate", args=[public.pk]) not in page  # no widget
    response = client.post(reverse("resources:rate", args=[public.pk]), {"stars": "5"})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.resource_rate(resource=public, user=person, stars=5)
    assert not Rating.objects.exists()


def test_another_member_rates_and_sees_the_widget(client, public, coordinator):
    client.force_login(coordinator)
    page = client.get(public.get_absolute_url()).content.decode()
    assert reverse("resources:rate", args=[public.pk]) in page
    client.post(reverse("resources:rate", args=[public.pk]), {"stars": "5"})
    assert Rating.objects.get().user == coordinator


# --- a download counts once a day per visitor --------------------------------------


def _download(client, resource_file, *, ip: str, agent: str):
    url = reverse("resources:download", args=[resource_file.pk])
    return client.get(url, REMOTE_ADDR=ip, HTTP_USER_AGENT=agent)


def test_a_changed_user_agent_does_not_count_again(client, public):
    resource_file = public.files.get()
    for agent in ("Firefox", "Chrome", "curl/8.0", ""):
        assert _download(client, resource_file, ip="203.0.113.7", agent=agent).status_code == 200
    public.refresh_from_db()
    assert public.download_count == 1
    # Another address is another visitor.
    _download(client, resource_file, ip="203.0.113.8", agent="Firefox")
    public.refresh_from_db()
    assert public.download_count == 2
    # What is stored is a keyed hash, not the address.
    assert all("203.0.113" not in row.visitor for row in Download.objects.all())


def test_a_logged_in_person_counts_once_from_any_address(client, public, outsider):
    resource_file = public.files.get()
    client.force_login(outsider)
    _download(client, resource_file, ip="198.51.100.1", agent="Firefox")
    _download(client, resource_file, ip="198.51.100.2", agent="Safari")
    public.refresh_from_db()
    assert public.download_count == 1


def test_the_same_visitor_counts_again_the_next_day(public):
    from datetime import date

    key_today = services.download_visitor_key(
        resource_id=public.pk, user=None, ip_address="203.0.113.7", day=date(2026, 3, 1)
    )
    key_tomorrow = services.download_visitor_key(
        resource_id=public.pk, user=None, ip_address="203.0.113.7", day=date(2026, 3, 2)
    )
    assert key_today != key_tomorrow


# --- a hidden network is never named to an outsider -------------------------------


@pytest.fixture
def hidden_network(coordinator):
    return NetworkFactory(
        coordinator=coordinator,
        name=SECRET_NAME,
        slug=SECRET_SLUG,
        institution_name=SECRET_INSTITUTION,
        visibility=Visibility.HIDDEN,
    )


@pytest.fixture
def hidden_member(hidden_network):
    person = UserFactory(display_name="Autorka Ukryta")
    Membership.objects.create(network=hidden_network, user=person, role=Role.PARTICIPANT)
    return person


@pytest.fixture
def hidden_material(hidden_network, hidden_member, coordinator):
    return resource_published(
        network=hidden_network,
        author=hidden_member,
        coordinator=coordinator,
        title="Gry z ułamkami",
        files=[pdf_file()],
    )


def _assert_unnamed(content: str) -> None:
    assert SECRET_NAME not in content
    assert SECRET_SLUG not in content
    assert SECRET_INSTITUTION not in content


OUTSIDER_PAGES = {
    "bank": lambda m: reverse("resources:bank"),
    "bank search": lambda m: reverse("resources:bank") + "?q=ulamkami",
    "material": lambda m: m.get_absolute_url(),
    "author's materials": lambda m: reverse("resources:person", args=[m.author_id]),
    "export csv": lambda m: reverse("resources:export_csv"),
    "export ris": lambda m: reverse("resources:export_ris"),
    "catalogue": lambda m: reverse("networks:catalogue"),
}


@pytest.mark.parametrize("page", OUTSIDER_PAGES)
@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_a_hidden_network_is_never_named_to_an_outsider(
    client, hidden_material, outsider, page, who
):
    if who == "outsider":
        client.force_login(outsider)
    response = client.get(OUTSIDER_PAGES[page](hidden_material))
    assert response.status_code == 200
    _assert_unnamed(response.content.decode())


def test_the_hidden_slug_filters_like_an_unknown_one(client, hidden_material):
    """Filtering by a hidden network's slug finds nothing, as an unknown slug does: the bank
    does not confirm that it exists (the page only echoes what the visitor typed)."""
    bank = reverse("resources:bank")
    hidden = client.get(bank, {"network": SECRET_SLUG}).content.decode()
    unknown = client.get(bank, {"network": "nie-ma-takiej"}).content.decode()
    assert "Gry z ułamkami" not in hidden and "Gry z ułamkami" not in unknown
    assert SECRET_NAME not in hidden and SECRET_INSTITUTION not in hidden


def test_the_material_itself_is_still_in_the_bank(client, hidden_material):
    content = client.get(reverse("resources:bank")).content.decode()
    assert "Gry z ułamkami" in content


def test_an_outsider_has_no_profile_of_a_hidden_network_s_member(
    client, hidden_material, hidden_member, outsider
):
    client.force_login(outsider)
    response = client.get(reverse("networks:person", args=[hidden_member.pk]))
    assert response.status_code == 404
    _assert_unnamed(response.content.decode())


def test_its_members_still_see_the_name(client, hidden_material, hidden_member):
    client.force_login(hidden_member)
    assert SECRET_NAME in client.get(hidden_material.get_absolute_url()).content.decode()
    assert SECRET_NAME in client.get(reverse("resources:bank")).content.decode()


def test_a_network_hidden_after_its_facet_was_cached_drops_out_at_once(
    client, network, member, coordinator
):
    resource_published(network=network, author=member, coordinator=coordinator)
    assert network.name in client.get(reverse("resources:bank")).content.decode()
    Network.objects.filter(pk=network.pk).update(visibility=Visibility.HIDDEN)
    content = client.get(reverse("resources:bank")).content.decode()  # facet counts cached
    assert network.name not in content
    assert network.slug not in content


@pytest.mark.parametrize("count", [2, 30])
@pytest.mark.parametrize("who", ["outsider", "hidden_member"])
def test_cards_of_hidden_networks_keep_the_query_budget(
    client, hidden_network, hidden_member, outsider, django_assert_max_num_queries, count, who
):
    from resources.tests.factories import ResourceFactory

    ResourceFactory.create_batch(count, network=hidden_network, author=hidden_member)
    client.force_login(outsider if who == "outsider" else hidden_member)
    with django_assert_max_num_queries(12):
        content = client.get(reverse("resources:bank")).content.decode()
    assert (SECRET_NAME in content) == (who == "hidden_member")
    with django_assert_max_num_queries(16):
        content = client.get(reverse("resources:person", args=[hidden_member.pk])).content.decode()
    assert (SECRET_NAME in content) == (who == "hidden_member")
