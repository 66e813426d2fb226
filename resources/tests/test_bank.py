"""Finding materials: Polish-aware search, facets with counts, orderings, the URL as state."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from networks.models import Visibility
from networks.tests.factories import NetworkFactory
from resources import services
from resources.bank_search import BankFilters, bank_page, bank_results
from resources.models import Resource, Subject
from resources.tests.factories import (
    ResourceFactory,
    bulk_published,
    resource_published,
    resource_share,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(network, member, coordinator):
    return resource_published(
        network=network,
        author=member,
        coordinator=coordinator,
        title="Scenariusz lekcji matematyka",
        description="Otwarte źródła wiedzy na lekcji.",
        subjects=Subject.objects.filter(slug="matematyka"),
    )


def found(**params) -> list[Resource]:
    return list(bank_results(BankFilters.from_query(params)))


@pytest.mark.parametrize(
    "query", ["scenariusze lekcji matematyki", "matematyki", "zrodla", "SCENARIUSZ", "lekcj"]
)
def test_search_handles_polish_inflection_and_missing_diacritics(scenario, query):
    assert found(q=query) == [scenario]


def test_search_needs_every_word(scenario):
    assert found(q="scenariusz chemii") == []


def test_network_only_materials_are_never_in_the_bank(network, member, scenario):
    resource_share(network=network, author=member, title="Scenariusz lekcji matematyka prywatny")
    assert found(q="matematyka") == [scenario]


def test_results_show_highlighted_snippets(client, scenario):
    page = client.get(reverse("resources:bank"), {"q": "zrodla"}).content.decode()
    assert "<mark>źródła</mark>" in page


def test_facets_count_per_value_under_the_other_filters(network, member, coordinator, scenario):
    resource_published(
        network=network,
        author=member,
        coordinator=coordinator,
        title="Bibliografia",
        resource_type="bibliography",
        levels=["adult"],
    )
    page = bank_page(BankFilters.from_query({"type": "bibliography"}), 1)
    facets = {facet.name: facet for facet in page.facets}
    types = {value.value: value.count for value in facets["type"].values}
    assert types == {"lesson_scenario": 1, "bibliography": 1}  # own facet ignores its filter
    levels = {value.value: value.count for value in facets["level"].values}
    assert levels == {"adult": 1}
    assert [v.count for v in facets["network"].values] == [1]
    selected = next(v for v in facets["type"].values if v.selected)
    assert "type=" not in selected.query  # choosing it again removes it


def test_filters_by_subject_topic_licence_network_and_institution(scenario, network):
    assert found(subject="matematyka") == [scenario]
    assert found(subject="chemia") == []
    assert found(network=network.slug, licence="cc-by") == [scenario]
    assert found(licence="cc0") == []
    assert found(institution=network.institution_type) == [scenario]
    assert found(topic=network.topic.slug) == [scenario]


def test_unknown_filter_values_are_ignored():
    filters = BankFilters.from_query({"type": "<script>", "sort": "bogus", "level": "x"})
    assert filters.type == "" and filters.sort == "" and filters.level == ""


def test_orderings(network, member, coordinator, outsider):
    first = resource_published(network=network, author=member, coordinator=coordinator, title="A")
    second = resource_published(network=network, author=member, coordinator=coordinator, title="B")
    Resource.objects.filter(pk=first.pk).update(download_count=10)
    services.resource_rate(resource=second, user=outsider, stars=5)
    assert found(sort="newest") == [second, first]
    assert found(sort="downloads") == [first, second]
    assert found(sort="rating") == [second, first]


def test_filter_state_lives_in_the_url(client, scenario):
    response = client.get(reverse("resources:bank"), {"q": "matematyki", "type": "lesson_scenario"})
    content = response.content.decode()
    assert 'value="matematyki"' in content
    assert "q=matematyki" in content  # facet and export links keep the search


def test_hidden_network_material_once_published_is_public(member, coordinator, client):
    hidden = NetworkFactory(coordinator=coordinator, visibility=Visibility.HIDDEN)
    from networks.tests.factories import MembershipFactory

    MembershipFactory(network=hidden, user=member)
    resource = resource_published(network=hidden, author=member, coordinator=coordinator)
    assert client.get(resource.get_absolute_url()).status_code == 200


def _bulk(network, author, count):
    bulk_published(network=network, author=author, count=count)


def _bank_queries(client, params, *, warm=False) -> int:
    if not warm:
        caches["bank"].clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("resources:bank"), params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "scenariusz", "sort": "downloads"},
        {"q": "scenariusz lekcji", "type": "lesson_scenario", "level": "primary_4_8"},
        {},
    ],
)
def test_bank_query_count_is_the_same_with_50_and_20000_materials(client, network, member, params):
    _bulk(network, member, 50)
    few, few_warm = _bank_queries(client, params), _bank_queries(client, params, warm=True)
    _bulk(network, member, 19_950)
    many, many_warm = _bank_queries(client, params), _bank_queries(client, params, warm=True)
    # A search nobody made lately: one statement counts it and ranks its ids (in a
    # transaction with a planner setting: BEGIN, SET LOCAL, the statement, COMMIT), one reads
    # the page by primary key, one names the public networks of its facet.
    assert few == many <= 6
    # The same search again: its counts and ids come from the shared cache.
    assert few_warm == many_warm == few - 4


def _facet(label: str, count: int) -> str:
    return f'{label}</a> <span class="text-muted">({count})</span>'


def test_cached_facet_counts_are_labelled_in_the_readers_language(client, network, member):
    ResourceFactory.create_batch(3, network=network, author=member)
    path = reverse("resources:bank")
    polish = client.get(path, {"q": "scenariusz"}).content.decode()
    client.post(reverse("switch_language"), {"language": "en", "next": "/"})
    english = client.get(path, {"q": "scenariusz"}).content.decode()
    assert _facet("Scenariusz zajęć", 3) in polish
    assert _facet("Lesson scenario", 3) in english


def test_rows_written_outside_the_services_show_once_the_cached_search_expires(
    client, network, member
):
    ResourceFactory.create_batch(2, network=network, author=member)
    path = reverse("resources:bank")
    assert _facet("Scenariusz zajęć", 2) in client.get(path, {"q": "scenariusz"}).content.decode()
    ResourceFactory(network=network, author=member)  # no service: nothing is invalidated
    page = client.get(path, {"q": "scenariusz"}).content.decode()
    assert "Znaleziono 2 materiały" in page and _facet("Scenariusz zajęć", 2) in page
    caches["bank"].clear()  # what the entries' timeout does
    page = client.get(path, {"q": "scenariusz"}).content.decode()
    assert "Znaleziono 3 materiały" in page and _facet("Scenariusz zajęć", 3) in page


def test_publishing_or_returning_a_material_changes_the_cached_counts_at_once(
    client, network, member, coordinator, django_capture_on_commit_callbacks
):
    from resources import services

    with django_capture_on_commit_callbacks(execute=True):
        resource_published(network=network, author=member, coordinator=coordinator)
    path = reverse("resources:bank")
    assert _facet("Scenariusz zajęć", 1) in client.get(path).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        second = resource_published(network=network, author=member, coordinator=coordinator)
    assert _facet("Scenariusz zajęć", 2) in client.get(path).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.resource_return(resource=second, by=coordinator, comment="Proszę poprawić opis.")
    assert _facet("Scenariusz zajęć", 1) in client.get(path).content.decode()


@pytest.mark.parametrize("query", ["'", '"', "?!", "\u200f", "e\u0301"[1:]])
def test_a_query_without_words_filters_nothing_on_the_page_and_in_the_export(
    client, scenario, query
):
    assert found(q=query) == [scenario]
    page = client.get(reverse("resources:bank"), {"q": query})
    assert page.status_code == 200 and scenario.title in page.content.decode()
    export = client.get(reverse("resources:export_csv"), {"q": query, "sort": "relevance"})
    assert export.status_code == 200 and scenario.title in export.content.decode()


def test_subjects_and_topics_are_named_in_english_for_an_english_reader(
    client, network, member, coordinator
):
    from networks.models import Topic
    from resources.models import Subject
    from resources.tests.factories import resource_published

    resource = resource_published(
        network=network,
        author=member,
        coordinator=coordinator,
        topic=Topic.objects.get(slug="matematyka"),
    )
    resource.subjects.set([Subject.objects.get(slug="fizyka")])
    client.cookies["django_language"] = "en"
    bank = client.get(reverse("resources:bank")).content.decode()
    assert "Physics" in bank and "Fizyka" not in bank
    assert "Mathematics" in bank
    detail = client.get(resource.get_absolute_url()).content.decode()
    assert "Physics" in detail and "Fizyka" not in detail
