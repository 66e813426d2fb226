"""The public bank of good practices: search, facets with counts, and their shared cache."""

import hashlib
import time
import uuid
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.postgres.search import SearchRank
from django.core.cache import caches
from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.template.loader import get_template
from django.utils.html import strip_tags
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import InstitutionType, User
from core import statements
from core.catalogue import localised_name
from core.rows import instance
from core.search import clean_query, highlight, search_query, tsquery_text
from networks.models import Network, Topic, Visibility
from networks.permissions import can_see_network_name
from resources import app_settings
from resources.app_settings import EXPORT_LIMIT, FACET_LIMIT, PAGE_SIZE, RANKED_IDS_LIMIT
from resources.models import EducationLevel, Licence, Resource, ResourceType, Subject
from resources.selectors import _card_queryset, cards

SORTS = ("relevance", "newest", "downloads", "rating")


@dataclass
class BankFilters:
    """The bank's filter state, read from (and written back to) the URL."""

    q: str = ""
    type: str = ""
    level: str = ""
    subject: str = ""
    topic: str = ""
    licence: str = ""
    network: str = ""
    institution: str = ""
    sort: str = ""

    FACETS = ("type", "level", "subject", "topic", "licence", "network", "institution")

    @classmethod
    def from_query(cls, data) -> "BankFilters":
        """Keep only values that mean something; anything else is ignored, not an error."""
        choices = {
            "type": ResourceType.values,
            "level": EducationLevel.values,
            "licence": Licence.values,
            "institution": InstitutionType.values,
            "sort": SORTS,
        }
        values = {}
        for name in ("q", *cls.FACETS, "sort"):
            value = clean_query(data.get(name))
            if name in choices and value not in choices[name]:
                value = ""
            values[name] = value
        return cls(**values)

    @property
    def searching(self) -> bool:
        """Whether the text has words to search for ("'" or "?!" has none and filters nothing)."""
        return bool(tsquery_text(self.q))

    @property
    def effective_sort(self) -> str:
        if self.sort and (self.sort != "relevance" or self.searching):
            return self.sort
        return "relevance" if self.searching else "newest"

    def params(self, **changes) -> dict:
        values = {name: getattr(self, name) for name in ("q", *self.FACETS, "sort")}
        values.update(changes)
        return {name: value for name, value in values.items() if value}

    @property
    def query(self) -> str:
        return urlencode(self.params())

    @property
    def active(self) -> bool:
        return any(getattr(self, name) for name in self.FACETS)


def _facet_conditions(filters: BankFilters) -> dict[str, Q]:
    """Each chosen filter as a condition, by facet (every reader of the filters uses these)."""
    conditions = {}
    if filters.type:
        conditions["type"] = Q(resource_type=filters.type)
    if filters.level:
        conditions["level"] = Q(levels__contains=[filters.level])
    if filters.subject:
        tagged = Resource.subjects.through.objects.filter(subject__slug=filters.subject)
        conditions["subject"] = Q(pk__in=tagged.values("resource_id"))
    if filters.topic:
        conditions["topic"] = Q(topic__slug=filters.topic)
    if filters.licence:
        conditions["licence"] = Q(licence=filters.licence)
    if filters.network:
        # Only a public network filters the bank: a hidden one's slug must not narrow the
        # results (that would tell an outsider it exists and which materials came from it).
        conditions["network"] = Q(
            network__slug=filters.network, network__visibility=Visibility.PUBLIC
        )
    if filters.institution:
        conditions["institution"] = Q(network__institution_type=filters.institution)
    return conditions


def _facet_q(filters: BankFilters, *, skip: str = "") -> Q:
    """The filters as a condition, leaving out one facet (its own counts show the alternatives)."""
    condition = Q()
    for name, part in _facet_conditions(filters).items():
        if name != skip:
            condition &= part
    return condition


def _searched(queryset: QuerySet, filters: BankFilters, *, ranked: Q | None = None) -> QuerySet:
    """The materials the text matches, with their rank (only those passing `ranked`, if given:
    ranking reads each document again, and the facets count rows that are never shown)."""
    query = search_query(filters.q)
    if query is None:
        return queryset
    rank = SearchRank(F("search_vector"), query)
    if ranked:
        rank = Case(When(ranked, then=rank), default=Value(None), output_field=FloatField())
    return queryset.filter(search_vector=query).annotate(rank=rank)


def _order_by(filters: BankFilters) -> list:
    sort = filters.effective_sort
    if sort == "relevance":
        return [F("rank").desc(), F("published_at").desc(), F("pk").desc()]
    if sort == "downloads":
        return [F("download_count").desc(), F("published_at").desc(), F("pk").desc()]
    if sort == "rating":
        return [
            F("rating_average").desc(),
            F("rating_count").desc(),
            F("published_at").desc(),
            F("pk").desc(),
        ]
    return [F("published_at").desc(nulls_last=True), F("created_at").desc(), F("pk").desc()]


def bank_results(filters: BankFilters) -> QuerySet[Resource]:
    """Published materials matching the filters and search, in the chosen order."""
    queryset = _searched(Resource.objects.published(), filters).filter(_facet_q(filters))
    return queryset.order_by(*_order_by(filters))


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    query: str = ""  # the URL query that toggles this value


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue]


FIXED_FACETS = {
    "type": ResourceType.values,
    "level": EducationLevel.values,
    "licence": Licence.values,
    "institution": InstitutionType.values,
}


def _matched(filters: BankFilters) -> tuple[str, list, list[str]]:
    """SQL of the published materials the text matches (every filter ignored), one row each
    with what the facets count and, per chosen filter, whether the row passes it."""
    conditions = _facet_conditions(filters)
    flags = {
        f"ok_{name}": ExpressionWrapper(condition, output_field=BooleanField())
        for name, condition in conditions.items()
    }
    rows = (
        _searched(Resource.objects.published(), filters, ranked=_facet_q(filters))
        .order_by()
        .annotate(
            institution=F("network__institution_type"),
            public=ExpressionWrapper(
                Q(network__visibility=Visibility.PUBLIC), output_field=BooleanField()
            ),
            position=Window(RowNumber(), order_by=_order_by(filters)),
            **flags,
        )
        # Read by these names in _COUNT_SQL (pk, topic and network are the ids).
        .values(
            "pk",
            "resource_type",
            "levels",
            "licence",
            "topic",
            "network",
            "institution",
            "public",
            "position",
            *flags,
        )
    )
    sql, params = rows.query.sql_with_params()
    return sql, list(params), list(conditions)


# Each facet counted over the match under the other filters ({not_<facet>}), the total and
# the first ranked ids under all of them ({all}). Only names and constants are put into the
# text (tables from the models, flags named in _matched); every value the visitor chose is a
# parameter of the ORM's part ({matched}). A hidden network never becomes a facet, whoever
# looks (the counts are shared between readers).
_COUNT_SQL = """
WITH m AS MATERIALIZED ({matched})
SELECT 'total', NULL, NULL, NULL, count(*), (array_agg(m.pk ORDER BY m.position))[1:{ids}]
  FROM m WHERE {all}
UNION ALL
SELECT 'type', m.resource_type, NULL, NULL, count(*), NULL
  FROM m WHERE {not_type} GROUP BY m.resource_type
UNION ALL
SELECT 'level', level, NULL, NULL, count(*), NULL
  FROM (SELECT unnest(m.levels) AS level FROM m WHERE {not_level}) AS levels GROUP BY level
UNION ALL
SELECT 'licence', m.licence, NULL, NULL, count(*), NULL
  FROM m WHERE {not_licence} GROUP BY m.licence
UNION ALL
SELECT 'institution', m.institution, NULL, NULL, count(*), NULL
  FROM m WHERE {not_institution} GROUP BY m.institution
UNION ALL
(SELECT 'topic', t.slug, t.name, t.name_en, count(*), NULL
  FROM m JOIN {topics} t ON t.id = m.topic WHERE {not_topic}
  GROUP BY t.id ORDER BY count(*) DESC, t.name LIMIT {top})
UNION ALL
(SELECT 'network', m.network::text, NULL, NULL, count(*), NULL
  FROM m WHERE m.public AND {not_network}
  GROUP BY m.network ORDER BY count(*) DESC, m.network LIMIT {top})
UNION ALL
(SELECT 'subject', s.slug, s.name, s.name_en, count(*), NULL
  FROM m JOIN {tagged} x ON x.resource_id = m.pk JOIN {subjects} s ON s.id = x.subject_id
  WHERE {not_subject} GROUP BY s.id ORDER BY count(*) DESC, s.position LIMIT {top})
"""


def _count_statement(filters: BankFilters) -> tuple[str, list]:
    """One statement that matches the text once and counts every facet over the match.

    A text match re-checks every matching row's document, which is most of a search's cost:
    the ORM's way (a count, a page, then an aggregate per facet) paid it six times.
    """
    sql, params, names = _matched(filters)

    def passing(skip: str = "") -> str:
        return " AND ".join(f"m.ok_{name}" for name in names if name != skip) or "TRUE"

    parts = {f"not_{facet}": passing(facet) for facet in BankFilters.FACETS}
    statement = _COUNT_SQL.format(  # noqa: S608 (names and constants only, see above)
        matched=sql,
        all=passing(),
        ids=int(RANKED_IDS_LIMIT),
        top=int(FACET_LIMIT),
        topics=Topic._meta.db_table,
        subjects=Subject._meta.db_table,
        tagged=Resource.subjects.through._meta.db_table,
        **parts,
    )
    return statement, params


def _count(filters: BankFilters) -> tuple[dict, list[int]]:
    """The counts behind the facets and the total, and the first ranked ids (1 query)."""
    sql, params = _count_statement(filters)
    with transaction.atomic(), connection.cursor() as cursor:
        # With the default cost of a random page (4, a spinning disk) the planner reads every
        # published row and tests its document rather than take the text index, which
        # measured 3-4 times slower; the tables of a live site are in memory or on SSD.
        cursor.execute("SET LOCAL random_page_cost = 1.1")
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    counts = {
        "total": 0,
        "fixed": {facet: dict.fromkeys(values, 0) for facet, values in FIXED_FACETS.items()},
        "subject": [],
        "topic": [],
        "network": [],
    }
    ids: list[int] = []
    # UNION ALL keeps each branch's rows in its own order (the counts' order, then names').
    for facet, value, name, name_en, count, first_ids in rows:
        if facet == "total":
            counts["total"], ids = count, list(first_ids or [])
        elif facet in FIXED_FACETS:
            if value in counts["fixed"][facet]:
                counts["fixed"][facet][value] = count
        elif facet == "network":
            counts["network"].append((int(value), count))
        else:
            # Both names are counted and cached; the reader's language picks one per request.
            counts[facet].append((value, (name, name_en), count))
    return counts, ids


# The public ones among the facet's networks, compiled once (core.statements): compiling the
# queryset cost twice what reading it does.
_PUBLIC_NETWORKS = statements.CompiledRead(
    lambda: (
        Network.objects.filter(pk__in=statements.ids("ids"), visibility=Visibility.PUBLIC)
        .order_by()
        .values_list("pk", "slug", "name")
    )
)


def _network_facet(counts: list[tuple[int, int]]) -> list[tuple[str, str, int]]:
    """Names and slugs read fresh (1 query), so a network hidden since the counts were cached
    drops out at once instead of when the cache expires."""
    if not counts:
        return []
    public = {
        pk: (slug, name)
        for pk, slug, name in _PUBLIC_NETWORKS.rows(ids=[pk for pk, _count in counts])
    }
    return [(*public[pk], count) for pk, count in counts if pk in public]


# --- the shared cache of searches ----------------------------------------------------

BANK_GENERATION_KEY = "generation"
POPULAR_KEY = "popular"
# Orders that only the services change (a publication, a return, an edit of the text).
STABLE_SORTS = ("relevance", "newest")


def _bank_generation(cache) -> str:
    generation = cache.get(BANK_GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        # add, not set: two nodes starting at once agree on the first generation.
        if not cache.add(BANK_GENERATION_KEY, generation, timeout=None):
            generation = cache.get(BANK_GENERATION_KEY) or generation
    return generation


def bank_cache_invalidate() -> str:
    """Forget every cached search, on every node (a new generation in the shared cache);
    returns the new generation."""
    generation = uuid.uuid4().hex
    caches["bank"].set(BANK_GENERATION_KEY, generation, timeout=None)
    return generation


def _state(filters: BankFilters) -> str:
    """A search as the database sees it: the query's word forms (so "Scenariusze  lekcji"
    and "scenariusz lekcji" share an entry) and the filters."""
    words = tsquery_text(filters.q)
    state = "&".join([words, *(getattr(filters, name) for name in filters.FACETS)])
    return hashlib.sha256(state.encode()).hexdigest()


def _keys(generation: str, filters: BankFilters) -> tuple[str, str]:
    state = _state(filters)
    return f"counts:{generation}:{state}", f"ids:{generation}:{state}:{filters.effective_sort}"


def _ids_timeout(filters: BankFilters) -> int:
    stable = filters.effective_sort in STABLE_SORTS
    return app_settings.SEARCH_TIMEOUT if stable else app_settings.BUSY_ORDER_TIMEOUT


def _store(cache, generation: str, filters: BankFilters, counts, ids, *, replace=True) -> None:
    counts_key, ids_key = _keys(generation, filters)
    store = cache.set if replace else cache.add
    store(counts_key, counts, timeout=app_settings.SEARCH_TIMEOUT)
    store(ids_key, ids, timeout=_ids_timeout(filters))


def _popular(cache) -> list[dict]:
    """The remembered searches' filters, the most often counted (then the latest) first."""
    popular = cache.get(POPULAR_KEY) or {}
    ranked = sorted(popular.values(), key=lambda entry: (entry[0], entry[1]), reverse=True)
    return [params for _hits, _seen, params in ranked]


def _remember(cache, filters: BankFilters) -> None:
    """Count a search that had to be counted afresh towards the popular ones (two cache
    round trips, only on a miss; a lost update between two nodes only loses a hit)."""
    now = time.time()
    popular = cache.get(POPULAR_KEY) or {}
    state = _state(filters)
    hits = popular.get(state, (0, 0.0, None))[0]
    popular[state] = (hits + 1, now, filters.params(sort=""))
    recent = [
        (key, entry)
        for key, entry in popular.items()
        if entry[1] > now - app_settings.POPULAR_FORGET_AFTER
    ]
    recent.sort(key=lambda item: (item[1][0], item[1][1]), reverse=True)
    cache.set(POPULAR_KEY, dict(recent[: app_settings.POPULAR_KEEP]), timeout=None)


def _search(filters: BankFilters) -> tuple[dict, list[int], str]:
    """The counts and ranked ids of a search: from the shared cache (no query), else counted
    in one statement and cached; a different order of a counted search costs one query."""
    cache = caches["bank"]
    generation = _bank_generation(cache)
    counts_key, ids_key = _keys(generation, filters)
    found = cache.get_many([counts_key, ids_key])
    counts, ids = found.get(counts_key), found.get(ids_key)
    if counts is None:
        counts, ids = _count(filters)
        _store(cache, generation, filters, counts, ids)
        _remember(cache, filters)
    elif ids is None:
        ids = list(bank_results(filters).values_list("pk", flat=True)[:RANKED_IDS_LIMIT])
        cache.set(ids_key, ids, timeout=_ids_timeout(filters))
    return counts, ids, generation


def bank_warm_popular(generation: str, *, replace: bool = False) -> int:
    """Count the popular searches under the bank's current generation, so that the first
    person to make one after a change does not wait (their cards stay cached by content);
    nothing when a newer change has started another generation (its own run follows).
    Returns how many were counted."""
    cache = caches["bank"]
    if cache.get(BANK_GENERATION_KEY) != generation:
        return 0
    counted = 0
    for params in _popular(cache)[: app_settings.POPULAR_WARM]:
        filters = BankFilters.from_query(params)
        if not replace and cache.get(_keys(generation, filters)[0]) is not None:
            continue
        counts, ids = _count(filters)
        _store(cache, generation, filters, counts, ids, replace=replace)
        counted += 1
    return counted


def bank_warm_current(*, replace: bool = True) -> int:
    """Count the popular searches again under the current generation (the half-hourly run,
    before their entries expire)."""
    return bank_warm_popular(_bank_generation(caches["bank"]), replace=replace)


def _label(text) -> str:
    """A facet value's label: a catalogue entry's (Polish, English) names, or a plain name."""
    return text if isinstance(text, str) else localised_name(*text)


def bank_facets(
    filters: BankFilters, counts: dict | None = None, networks: list | None = None
) -> list[Facet]:
    """Every facet with a count per value, each counted under the other filters (the
    search's cached counts, and one query for the names of the public networks among them
    unless `networks`, that query's rows, are given)."""
    counts = counts if counts is not None else _search(filters)[0]
    networks = networks if networks is not None else _network_facet(counts["network"])
    fixed = counts["fixed"]

    def fixed_facet(name, label, choices):
        selected = getattr(filters, name)
        values = [
            FacetValue(value, str(text), fixed[name][value], value == selected)
            for value, text in choices
            if fixed[name][value] or value == selected
        ]
        return Facet(name, label, values)

    def grouped(name, label, rows):
        selected = getattr(filters, name)
        return Facet(
            name,
            label,
            [
                FacetValue(value, _label(text), count, value == selected)
                for value, text, count in rows
            ],
        )

    facets = [
        fixed_facet("type", _("Type"), ResourceType.choices),
        fixed_facet("level", _("Education level"), EducationLevel.choices),
        grouped("subject", _("Subject"), counts["subject"]),
        grouped("topic", _("Topic"), counts["topic"]),
        fixed_facet("licence", _("Licence"), Licence.choices),
        grouped("network", _("Network"), networks),
        fixed_facet("institution", _("Organising institution"), InstitutionType.choices),
    ]
    for facet in facets:
        for value in facet.values:
            value.query = urlencode(
                filters.params(**{facet.name: "" if value.selected else value.value})
            )
    return facets


def _snippets(resource: Resource, text: str) -> tuple[str, str]:
    if text:
        return (
            highlight(resource.title, text, length=300),
            highlight(resource.description_html, text),
        )
    return resource.title, Truncator(strip_tags(resource.description_html)).chars(220)


CARD_TEMPLATE = "resources/partials/_resource_card.html"


def _card_key(resource: Resource, text: str, may_see_network: bool, language: str) -> str:
    """Everything a bank card shows, hashed: a change to any of it is another entry (never
    a stale card), so the cards outlive the bank's generations."""
    shown = (
        resource.pk,
        tsquery_text(text),
        resource.title,
        resource.description_html,
        resource.resource_type,
        tuple(resource.levels),
        resource.licence,
        resource.download_count,
        resource.rating_count,
        str(resource.rating_average),
        str(resource.author.public_name),
        resource.network.name,
        str(resource.topic.label) if resource.topic else "",
        may_see_network,
        language,
    )
    return "card:" + hashlib.sha256(repr(shown).encode()).hexdigest()


def rendered_cards(request, bank: "BankPage") -> list[SafeString]:
    """The page's cards as HTML from the shared cache (one round trip); only the missing ones
    get the search's words marked (it costs more than the query) and are rendered and kept."""
    viewer = request.user
    language = get_language()
    keys = [
        _card_key(
            resource, bank.filters.q, can_see_network_name(viewer, resource.network), language
        )
        for resource in bank.resources
    ]
    cache = caches["bank"]
    found = cache.get_many(keys) if keys else {}
    missing = {}
    template = get_template(CARD_TEMPLATE)
    for key, resource in zip(keys, bank.resources, strict=True):
        if key not in found:
            resource.title_snippet, resource.snippet = _snippets(resource, bank.filters.q)
            # Without the context processors: a card needs only the viewer (for {% can %}).
            found[key] = missing[key] = template.render({"resource": resource, "request": request})
    if missing:
        cache.set_many(missing, timeout=app_settings.SEARCH_TIMEOUT)
    return [mark_safe(found[key]) for key in keys]  # noqa: S308 (rendered by the template)


class _CountedPaginator(Paginator):
    """A paginator told its count (the search's cached total) instead of asking the database."""

    def __init__(self, count: int, per_page: int):
        super().__init__((), per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count


# What a bank card shows and its key is made of (_card_key, the card template, the rule
# whether it may name its network), model by model: the material's own columns, then its
# network's, topic's and author's.
CARD_FIELDS = (
    "id",
    "network_id",
    "topic_id",
    "author_id",
    "title",
    "description_html",
    "resource_type",
    "levels",
    "licence",
    "download_count",
    "rating_count",
    "rating_average",
    "status",
)
CARD_NETWORK_FIELDS = ("name", "slug", "visibility", "archived_at")
CARD_TOPIC_FIELDS = ("name", "name_en", "slug")
CARD_AUTHOR_FIELDS = ("display_name", "erased_at")
CARD_COLUMNS = (
    *CARD_FIELDS,
    *(f"network__{name}" for name in CARD_NETWORK_FIELDS),
    *(f"topic__{name}" for name in CARD_TOPIC_FIELDS),
    *(f"author__{name}" for name in CARD_AUTHOR_FIELDS),
)

# The page's cards by primary key, read as plain rows with the SQL compiled once per process
# (core.statements): compiling the queryset and making its 80 model instances with
# select_related cost 2.9 ms a page, the rows and the instances made below 0.8 ms.
_CARD_ROWS = statements.CompiledRead(
    lambda: (
        Resource.objects.published()
        .filter(pk__in=statements.ids("ids"))
        .order_by()
        .values_list(*CARD_COLUMNS)
    )
)


def _cards_of(rows) -> list[Resource]:
    """Materials for their cards, made from rows of CARD_COLUMNS as the ORM makes deferred
    instances (only these fields are read); each network, topic and author is made once."""
    made: dict = {}

    def related(model, pk, names, values):
        if pk is None:
            return None
        if (model, pk) not in made:
            made[model, pk] = instance(model, ("id", *names), (pk, *values))
        return made[model, pk]

    own = len(CARD_FIELDS)
    network_end = own + len(CARD_NETWORK_FIELDS)
    topic_end = network_end + len(CARD_TOPIC_FIELDS)
    resources = []
    for row in rows:
        resource = instance(Resource, CARD_FIELDS, row[:own])
        resource.network = related(Network, row[1], CARD_NETWORK_FIELDS, row[own:network_end])
        resource.topic = related(Topic, row[2], CARD_TOPIC_FIELDS, row[network_end:topic_end])
        resource.author = related(User, row[3], CARD_AUTHOR_FIELDS, row[topic_end:])
        resources.append(resource)
    return resources


def _by_ids(ids: list[int]) -> list[Resource]:
    """Cards of the given materials in the given order, by primary key (1 query); still only
    published ones, should a material have left the bank since the ids were cached."""
    if not ids:
        return []
    found = {row[0]: row for row in _CARD_ROWS.rows(ids=list(ids))}
    return _cards_of([found[pk] for pk in ids if pk in found])


@dataclass
class BankPage:
    filters: BankFilters
    page: Page
    counts: dict
    networks: list  # the network facet's rows, read fresh (_network_facet)
    generation: str
    resources: list[Resource] = field(default_factory=list)
    cards: list[SafeString] = field(default_factory=list)  # rendered_cards, set by the view

    @cached_property
    def facets(self) -> list[Facet]:
        """Built only when the facets are rendered, not when their HTML is found cached."""
        return bank_facets(self.filters, self.counts, self.networks)

    @property
    def facets_version(self) -> tuple:
        """What the facets' HTML is made of: the counts (the search under the bank's
        generation), the chosen filters and the networks' names as read now."""
        return (self.generation, self.filters.query, self.networks)


def bank_page(filters: BankFilters, page_number, viewer=None) -> BankPage:
    """The public bank: one page of results with snippets, and the facets with their counts.

    The total and the ranked ids come with the facet counts (one statement, cached in the
    shared "bank" cache); the page's materials are then read by primary key.
    """
    counts, ids, generation = _search(filters)
    page = _CountedPaginator(counts["total"], PAGE_SIZE).get_page(page_number)
    start = max(page.start_index() - 1, 0)
    end = start + PAGE_SIZE
    if end <= len(ids) or len(ids) >= counts["total"]:
        resources = _by_ids(ids[start:end])
    else:  # past the cached ids: rare enough to ask the database
        resources = _cards_of(bank_results(filters).values_list(*CARD_COLUMNS)[start:end])
    page.object_list = resources
    resources = cards(viewer, resources)
    return BankPage(
        filters=filters,
        page=page,
        counts=counts,
        networks=_network_facet(counts["network"]),
        generation=generation,
        resources=resources,
    )


def export_rows(filters: BankFilters, viewer=None) -> list[Resource]:
    """The bank's result list for export, with authors and subjects (a capped number of rows)."""
    return cards(
        viewer,
        _card_queryset(bank_results(filters)).prefetch_related("co_authors", "subjects")[
            :EXPORT_LIMIT
        ],
    )
