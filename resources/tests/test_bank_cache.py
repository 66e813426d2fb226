"""The bank's cached searches: every service that changes what the bank shows changes every
cached search at once, popular searches are counted again before anyone asks, and a cached
search reads its page by primary key in the ranked order."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.db import connection
from django.template.loader import get_template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.tests.factories import UserFactory
from networks.models import Role, Visibility
from networks.tests.factories import MembershipFactory, NetworkFactory, TopicFactory
from resources import bank_search, services
from resources.bank_search import BankFilters, bank_page, bank_results
from resources.models import Resource
from resources.tests.factories import ResourceFactory, resource_published, resource_share

pytestmark = pytest.mark.django_db

SEARCH = {"q": "scenariusz lekcji", "type": "lesson_scenario", "level": "primary_4_8"}


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what the services queue for after their commit (the invalidation, the warm-up)."""

    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


def _facet(label: str, count: int) -> str:
    return f'{label}</a> <span class="text-muted">({count})</span>'


def _search(client, params=SEARCH) -> str:
    response = client.get(reverse("resources:bank"), params)
    assert response.status_code == 200
    return response.content.decode()


def _queries(client, params=SEARCH) -> int:
    with CaptureQueriesContext(connection) as captured:
        _search(client, params)
    return len(captured)


def _published(on_commit, network, member, coordinator, **fields):
    return on_commit(
        resource_published, network=network, author=member, coordinator=coordinator, **fields
    )


def test_a_published_material_appears_in_a_cached_search_and_its_counts_at_once(
    client, on_commit, network, member, coordinator
):
    _published(on_commit, network, member, coordinator, title="Scenariusz lekcji – ułamki")
    assert "Znaleziono 1 materiał" in _search(client)
    assert _queries(client) <= 2  # cached now
    _published(on_commit, network, member, coordinator, title="Scenariusz lekcji – procenty")
    page = _search(client)
    assert "procenty" in page and "Znaleziono 2 materiały" in page
    assert (
        _facet("Scenariusz zajęć", 2) in page and _facet("Szkoła podstawowa, klasy 4–8", 2) in page
    )


def test_a_returned_material_leaves_a_cached_search_and_its_counts_at_once(
    client, on_commit, network, member, coordinator
):
    _published(on_commit, network, member, coordinator, title="Scenariusz lekcji – ułamki")
    second = _published(on_commit, network, member, coordinator, title="Scenariusz – procenty")
    assert "procenty" in _search(client) and _facet("Scenariusz zajęć", 2) in _search(client)
    on_commit(services.resource_return, resource=second, by=coordinator, comment="Proszę poprawić.")
    page = _search(client)
    assert "procenty" not in page and "Znaleziono 1 materiał" in page
    assert _facet("Scenariusz zajęć", 1) in page


def test_an_edited_material_is_found_by_its_new_words_and_not_its_old_ones_at_once(
    client, on_commit, network, member, coordinator
):
    resource = _published(on_commit, network, member, coordinator, title="Karta – botanika")
    assert "Znaleziono 1 materiał" in _search(client, {"q": "botanika"})
    assert "Znaleziono 0 materiałów" in _search(client, {"q": "zoologia"})
    on_commit(
        services.resource_update,
        resource=resource,
        by=member,
        title="Karta – zoologia",
        **{name: getattr(resource, name) for name in ("description", "levels", "licence")},
    )
    on_commit(services.resource_changes_publish, resource=resource, by=coordinator)
    assert "Znaleziono 0 materiałów" in _search(client, {"q": "botanika"})
    assert "Znaleziono 1 materiał" in _search(client, {"q": "zoologia"})
    # Its level changed too: the facet counts of a cached browse follow.
    assert _facet("Szkoła podstawowa, klasy 4–8", 1) in _search(client, {})
    on_commit(
        services.resource_update,
        resource=resource,
        by=member,
        title=resource.title,
        description=resource.description,
        levels=["secondary"],
        licence=resource.licence,
    )
    on_commit(services.resource_changes_publish, resource=resource, by=coordinator)
    page = _search(client, {})
    assert (
        "Szkoła podstawowa, klasy 4–8" not in page and _facet("Szkoła ponadpodstawowa", 1) in page
    )


def test_network_only_materials_never_enter_a_cached_search(
    client, on_commit, network, member, coordinator
):
    _published(on_commit, network, member, coordinator, title="Scenariusz lekcji – ułamki")
    _search(client)
    on_commit(resource_share, network=network, author=member, title="Scenariusz lekcji – tajny")
    caches["bank"].clear()
    page = _search(client)
    assert "tajny" not in page and "Znaleziono 1 materiał" in page


def test_a_hidden_network_is_never_a_facet_nor_named_in_a_warmed_search(
    client, on_commit, coordinator, outsider
):
    hidden = NetworkFactory(
        coordinator=coordinator, visibility=Visibility.HIDDEN, name="Sieć Tajemnicza"
    )
    author = MembershipFactory(network=hidden, role=Role.PARTICIPANT).user
    _search(client)  # remembered: the worker counts it again after the next change
    _published(on_commit, hidden, author, coordinator, title="Scenariusz lekcji – ułamki")
    client.force_login(outsider)
    page = _search(client)
    # The material is in the bank (published), its network is not named nor a facet.
    assert "ułamki" in page and "Sieć Tajemnicza" not in page and hidden.slug not in page
    counts, _ids, _generation = bank_search._search(BankFilters.from_query(SEARCH))
    assert counts["network"] == []
    # Its slug filters like an unknown one: nothing.
    assert "ułamki" not in _search(client, {**SEARCH, "network": hidden.slug})


def test_a_popular_search_is_counted_again_by_the_worker_when_the_bank_changes(
    client, on_commit, network, member, coordinator
):
    _published(on_commit, network, member, coordinator, title="Scenariusz lekcji – ułamki")
    _search(client)  # counted afresh: now remembered as popular
    _published(on_commit, network, member, coordinator, title="Scenariusz lekcji – procenty")
    # The worker (eager in tests) counted it under the new generation: no aggregate to pay.
    assert _queries(client) <= 2
    page = _search(client)
    assert "procenty" in page and _facet("Scenariusz zajęć", 2) in page


def test_a_superseded_warm_up_does_nothing():
    generation = bank_search.bank_cache_invalidate()
    bank_search.bank_cache_invalidate()
    assert bank_search.bank_warm_popular(generation) == 0


def test_the_same_words_in_another_form_share_one_cached_search(client, network, member):
    ResourceFactory.create_batch(3, network=network, author=member)
    _search(client, {"q": "scenariusz lekcji"})
    assert _queries(client, {"q": "  Scenariusz   LEKCJI "}) <= 2


@pytest.mark.parametrize("sort", ["relevance", "newest", "downloads", "rating"])
def test_pages_follow_the_ranked_order_within_and_past_the_cached_ids(
    monkeypatch, network, member, sort
):
    ResourceFactory.create_batch(45, network=network, author=member)
    monkeypatch.setattr(bank_search, "RANKED_IDS_LIMIT", 25)
    filters = BankFilters.from_query({"q": "scenariusz", "sort": sort})
    expected = list(bank_results(filters).values_list("pk", flat=True))
    shown = []
    for number in (1, 2, 3):
        page = bank_page(filters, number)
        assert page.page.paginator.count == 45
        shown += [resource.pk for resource in page.resources]
    assert shown == expected


def test_a_cached_card_shows_current_downloads_names_and_language(
    client, on_commit, network, member, coordinator
):
    resource = _published(on_commit, network, member, coordinator, title="Scenariusz lekcji")
    assert "0 pobrań" in _search(client)  # the search and the card are cached now
    Resource.objects.filter(pk=resource.pk).update(download_count=3)
    member.display_name = "Zofia Nowa"
    member.save()
    page = _search(client)
    assert "3 pobrania" in page and "Zofia Nowa" in page
    client.cookies["django_language"] = "en"
    assert "3 downloads" in _search(client)


def test_the_half_hourly_run_counts_the_popular_searches_again(client, network, member):
    from resources.tasks import refresh_popular_searches

    ResourceFactory.create_batch(2, network=network, author=member)
    assert "Znaleziono 2 materiały" in _search(client, {"q": "scenariusz"})  # remembered
    ResourceFactory(network=network, author=member)  # outside the services
    assert "Znaleziono 2 materiały" in _search(client, {"q": "scenariusz"})
    assert refresh_popular_searches() == 1
    assert _queries(client, {"q": "scenariusz"}) <= 2
    assert "Znaleziono 3 materiały" in _search(client, {"q": "scenariusz"})


def test_the_facets_html_is_cached_and_the_same_as_rendered_afresh(
    client, on_commit, network, member, coordinator
):
    _published(on_commit, network, member, coordinator, title="Scenariusz lekcji – ułamki")
    cold = _facets(_search(client))
    assert "Scenariusz zajęć" in cold
    assert any(key.startswith(":1:fragment:resources.facets") for key in _fragment_keys())
    assert _facets(_search(client)) == cold
    caches["fragments"].clear()
    caches["fragments_local"].clear()
    assert _facets(_search(client)) == cold


def test_cached_facets_show_a_renamed_or_hidden_network_at_once(
    client, on_commit, network, member, coordinator
):
    network.name = "Sieć Pierwsza"
    network.save()
    _published(on_commit, network, member, coordinator, title="Scenariusz lekcji – ułamki")
    assert _facet("Sieć Pierwsza", 1) in _search(client)
    network.name = "Sieć Przemianowana"
    network.save()
    page = _search(client)
    assert _facet("Sieć Przemianowana", 1) in page and "Sieć Pierwsza" not in page
    network.visibility = Visibility.HIDDEN
    network.save()
    client.logout()
    assert "Sieć Przemianowana" not in _search(client)


def _facets(page: str) -> str:
    return page.split('id="bank-filters">')[1].split("</aside>")[0]


def _fragment_keys() -> list[str]:
    return list(caches["fragments_local"]._cache)


def _card_html(resource, viewer) -> str:
    request = RequestFactory().get("/")
    request.user = viewer or AnonymousUser()
    return get_template(bank_search.CARD_TEMPLATE).render(
        {"resource": resource, "request": request}
    )


def test_a_card_made_from_its_rows_is_the_card_of_the_material_as_the_orm_reads_it(
    people, network, member
):
    hidden = NetworkFactory(visibility=Visibility.HIDDEN, name="Sieć Ukryta")
    MembershipFactory(network=hidden, user=member)
    erased = UserFactory(display_name="Ktoś", erased_at=timezone.now())
    nameless = UserFactory(display_name="")
    materials = [
        ResourceFactory(network=network, author=member, rating_count=3, rating_average=4.33),
        ResourceFactory(network=hidden, author=erased, topic=TopicFactory(name_en="Film")),
        ResourceFactory(network=network, author=nameless, topic=None, levels=["adult", "x"]),
    ]
    ids = [material.pk for material in reversed(materials)]
    cards = bank_search._by_ids(ids)
    assert [card.pk for card in cards] == ids
    full = {
        material.pk: material
        for material in Resource.objects.select_related("network", "topic", "author")
    }
    for viewer in people.values():
        for language in ("pl", "en"):
            with translation.override(language):
                for card in cards:
                    read = full[card.pk]
                    assert _card_html(card, viewer) == _card_html(read, viewer)
                    assert bank_search._card_key(card, "lekcji", True, language) == (
                        bank_search._card_key(read, "lekcji", True, language)
                    )


def test_a_cached_card_of_a_hidden_network_names_it_only_to_its_members_and_staff(
    client, on_commit, coordinator, member, outsider, staff_user
):
    hidden = NetworkFactory(
        coordinator=coordinator, visibility=Visibility.HIDDEN, name="Sieć Tajemnicza"
    )
    MembershipFactory(network=hidden, user=member)
    _published(on_commit, hidden, member, coordinator, title="Scenariusz lekcji – ułamki")
    seen = {}
    for name, viewer in (
        ("member", member),
        ("anonymous", None),
        ("outsider", outsider),
        ("staff", staff_user),
        ("coordinator", coordinator),
        ("outsider again", outsider),
    ):
        client.logout()
        if viewer:
            client.force_login(viewer)
        page = _search(client)
        assert "ułamki" in page
        seen[name] = "Sieć Tajemnicza" in page
    assert seen == {
        "member": True,
        "anonymous": False,
        "outsider": False,
        "staff": True,
        "coordinator": True,
        "outsider again": False,
    }


def test_a_material_returned_after_its_search_was_cached_leaves_the_page_at_once(
    client, on_commit, network, member, coordinator
):
    resource = _published(
        on_commit, network, member, coordinator, title="Scenariusz lekcji – ułamki"
    )
    assert "ułamki" in _search(client)
    # The ids stay cached (the invalidation has not run): the page's read by primary key
    # still keeps to published materials.
    Resource.objects.filter(pk=resource.pk).update(status="returned")
    page = _search(client)
    assert "ułamki" not in page
