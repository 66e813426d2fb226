"""Reads for the materials pages, each in a fixed number of queries whatever the amount of data."""

import hashlib
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchRank
from django.core.cache import caches
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.html import strip_tags
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accounts.models import InstitutionType, User
from core.search import clean_query, highlight, search_query, tsquery_text
from networks.models import Network, Role
from networks.permissions import membership_of
from resources import permissions
from resources.models import (
    Bookmark,
    EducationLevel,
    Licence,
    Rating,
    Resource,
    ResourceFile,
    ResourceType,
    Status,
    Subject,
)

PAGE_SIZE = 20
EXPORT_LIMIT = 2000
FACET_LIMIT = 20
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


def _facet_q(filters: BankFilters, *, skip: str = "") -> Q:
    """The filters as a condition, leaving out one facet (its own counts show the alternatives)."""
    condition = Q()
    if filters.type and skip != "type":
        condition &= Q(resource_type=filters.type)
    if filters.level and skip != "level":
        condition &= Q(levels__contains=[filters.level])
    if filters.subject and skip != "subject":
        tagged = Resource.subjects.through.objects.filter(subject__slug=filters.subject)
        condition &= Q(pk__in=tagged.values("resource_id"))
    if filters.topic and skip != "topic":
        condition &= Q(topic__slug=filters.topic)
    if filters.licence and skip != "licence":
        condition &= Q(licence=filters.licence)
    if filters.network and skip != "network":
        condition &= Q(network__slug=filters.network)
    if filters.institution and skip != "institution":
        condition &= Q(network__institution_type=filters.institution)
    return condition


def _searched(queryset: QuerySet, filters: BankFilters) -> QuerySet:
    query = search_query(filters.q)
    if query is None:
        return queryset
    return queryset.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))


def _ordered(queryset: QuerySet, filters: BankFilters) -> QuerySet:
    sort = filters.effective_sort
    if sort == "relevance":
        return queryset.order_by("-rank", "-published_at", "-pk")
    if sort == "downloads":
        return queryset.order_by("-download_count", "-published_at", "-pk")
    if sort == "rating":
        return queryset.order_by("-rating_average", "-rating_count", "-published_at", "-pk")
    return queryset.order_by(F("published_at").desc(nulls_last=True), "-created_at", "-pk")


def bank_results(filters: BankFilters) -> QuerySet[Resource]:
    """Published materials matching the filters and search, in the chosen order."""
    queryset = _searched(Resource.objects.published(), filters).filter(_facet_q(filters))
    return _ordered(queryset, filters)


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


def _fixed_facets(base: QuerySet, filters: BankFilters) -> dict[str, dict[str, int]]:
    """Counts for every value of the facets with fixed choices, in one aggregate query."""
    spec = {
        "type": (ResourceType.values, lambda v: Q(resource_type=v)),
        "level": (EducationLevel.values, lambda v: Q(levels__contains=[v])),
        "licence": (Licence.values, lambda v: Q(licence=v)),
        "institution": (InstitutionType.values, lambda v: Q(network__institution_type=v)),
    }
    aggregates = {}
    for facet, (values, condition) in spec.items():
        others = _facet_q(filters, skip=facet)
        for index, value in enumerate(values):
            aggregates[f"{facet}_{index}"] = Count("pk", filter=others & condition(value))
    totals = base.aggregate(**aggregates)
    return {
        facet: {value: totals[f"{facet}_{index}"] for index, value in enumerate(values)}
        for facet, (values, _condition) in spec.items()
    }


def _grouped_facet(base: QuerySet, filters: BankFilters, facet: str, slug: str, name: str):
    rows = (
        base.filter(_facet_q(filters, skip=facet))
        .exclude(**{f"{slug}__isnull": True})
        .values(slug, name)
        .annotate(count=Count("pk"))
        .order_by("-count", name)[:FACET_LIMIT]
    )
    return [(row[slug], row[name], row["count"]) for row in rows]


def _subject_facet(base: QuerySet, filters: BankFilters):
    matching = base.filter(_facet_q(filters, skip="subject")).values("pk")
    rows = (
        Subject.objects.filter(resources__in=matching)
        .annotate(count=Count("resources"))
        .order_by("-count", "position")[:FACET_LIMIT]
    )
    return [(subject.slug, subject.name, subject.count) for subject in rows]


def _facet_counts(filters: BankFilters) -> dict:
    """The counts behind the facets (4 queries), kept a minute in this process's "bank" cache.

    A text search walks its whole match set once per facet query, which at 50,000
    materials costs most of the page; the counts of a popular search are reused
    instead. They may lag up to a minute behind a publication; the results list
    and its total are always read fresh. Labels are added per request, in the
    reader's language.
    """
    state = "&".join(f"{name}={getattr(filters, name)}" for name in ("q", *filters.FACETS))
    key = "facets:" + hashlib.sha256(state.encode()).hexdigest()
    cache = caches["bank"]
    counts = cache.get(key)
    if counts is None:
        base = _searched(Resource.objects.published(), filters)
        counts = {
            "fixed": _fixed_facets(base, filters),
            "subject": _subject_facet(base, filters),
            "topic": _grouped_facet(base, filters, "topic", "topic__slug", "topic__name"),
            "network": _grouped_facet(base, filters, "network", "network__slug", "network__name"),
        }
        cache.set(key, counts)
    return counts


def bank_facets(filters: BankFilters) -> list[Facet]:
    """Every facet with a count per value, each counted under the other filters
    (4 queries, none when the same search was counted in the last minute)."""
    counts = _facet_counts(filters)
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
            [FacetValue(value, text, count, value == selected) for value, text, count in rows],
        )

    facets = [
        fixed_facet("type", _("Type"), ResourceType.choices),
        fixed_facet("level", _("Education level"), EducationLevel.choices),
        grouped("subject", _("Subject"), counts["subject"]),
        grouped("topic", _("Topic"), counts["topic"]),
        fixed_facet("licence", _("Licence"), Licence.choices),
        grouped("network", _("Network"), counts["network"]),
        fixed_facet("institution", _("Organising institution"), InstitutionType.choices),
    ]
    for facet in facets:
        for value in facet.values:
            value.query = urlencode(
                filters.params(**{facet.name: "" if value.selected else value.value})
            )
    return facets


def _with_snippets(resources: list[Resource], text: str) -> list[Resource]:
    for resource in resources:
        if text:
            resource.title_snippet = highlight(resource.title, text, length=300)
            resource.snippet = highlight(resource.description_html, text)
        else:
            resource.title_snippet = resource.title
            resource.snippet = Truncator(strip_tags(resource.description_html)).chars(220)
    return resources


def _card_queryset(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("network", "topic", "author")


@dataclass
class BankPage:
    filters: BankFilters
    page: Page
    facets: list[Facet]
    resources: list[Resource] = field(default_factory=list)


def bank_page(filters: BankFilters, page_number) -> BankPage:
    """The public bank: one page of results with snippets, and the facets with their counts."""
    paginator = Paginator(_card_queryset(bank_results(filters)), PAGE_SIZE)
    page = paginator.get_page(page_number)
    resources = _with_snippets(list(page.object_list), filters.q)
    return BankPage(filters=filters, page=page, facets=bank_facets(filters), resources=resources)


def export_rows(filters: BankFilters) -> list[Resource]:
    """The bank's result list for export, with authors and subjects (a capped number of rows)."""
    return list(
        _card_queryset(bank_results(filters)).prefetch_related("co_authors", "subjects")[
            :EXPORT_LIMIT
        ]
    )


# --- one material ---------------------------------------------------------------


def get_resource_for_user(user, pk: int) -> Resource:
    """A material the person may see, else 404 (a network-only material does not exist for others)."""
    resource = get_object_or_404(
        Resource.objects.select_related(
            "network", "topic", "author", "curated_by"
        ).prefetch_related("co_authors", "subjects"),
        pk=pk,
    )
    if not permissions.can_view_resource(user, resource):
        raise Http404
    return resource


def get_file_for_user(user, pk: int) -> ResourceFile:
    """A file the person may download (earlier versions only for the authors), else 404."""
    resource_file = get_object_or_404(
        ResourceFile.objects.select_related("resource__network").prefetch_related(
            "resource__co_authors"
        ),
        pk=pk,
    )
    if not permissions.can_download_file(user, resource_file):
        raise Http404
    return resource_file


@dataclass
class ResourcePage:
    resource: Resource
    membership: object
    files: list[ResourceFile]
    earlier_files: list[ResourceFile]
    ratings: list[Rating]
    my_rating: Rating | None
    bookmarked: bool
    curation_events: list


def resource_page(user, resource: Resource) -> ResourcePage:
    """Everything a material's page shows; earlier versions and history only for those concerned."""
    membership = membership_of(user, resource.network)
    files = list(resource.files.all())
    current = [f for f in files if f.is_current]
    earlier = []
    if permissions.can_view_earlier_versions(user, resource):
        earlier = [f for f in files if not f.is_current]
    ratings = list(
        resource.ratings.select_related("user").exclude(comment="").order_by("-updated_at")[:20]
    )
    my_rating = None
    bookmarked = False
    if user.is_authenticated:
        my_rating = resource.ratings.filter(user=user).first()
        bookmarked = Bookmark.objects.filter(resource=resource, user=user).exists()
    events = []
    if membership is not None or user.is_staff:
        events = list(resource.curation_events.select_related("by")[:20])
    return ResourcePage(
        resource=resource,
        membership=membership,
        files=current,
        earlier_files=earlier,
        ratings=ratings,
        my_rating=my_rating,
        bookmarked=bookmarked,
        curation_events=events,
    )


# --- lists ---------------------------------------------------------------------------


def network_resources(network: Network) -> QuerySet[Resource]:
    """All materials of a network, newest first, for its members."""
    return _card_queryset(network.resources.all()).order_by("-created_at", "-pk")


def my_networks_resources(user) -> QuerySet[Resource]:
    """Materials of every network the person belongs to, newest first."""
    mine = user.memberships.values("network_id")
    return _card_queryset(Resource.objects.filter(network_id__in=mine)).order_by(
        "-created_at", "-pk"
    )


def my_contribution_networks(user) -> list[Network]:
    """Networks where the person may share a material (for the "add" buttons)."""
    return list(
        Network.objects.filter(memberships__user=user, archived_at__isnull=True).order_by("name")
    )


def shelf(user) -> QuerySet[Bookmark]:
    """The person's bookmarks of materials they still may see, newest first."""
    visible = Resource.objects.visible_to(user).values("pk")
    return (
        Bookmark.objects.filter(user=user, resource__in=visible)
        .select_related("resource__network", "resource__topic", "resource__author")
        .order_by("-created_at", "-pk")
    )


def curation_queue(user) -> QuerySet[Resource]:
    """Materials waiting for a decision: staff see all, coordinators those of their networks."""
    queryset = Resource.objects.filter(status=Status.SUBMITTED)
    if not user.is_staff:
        coordinated = user.memberships.filter(role=Role.COORDINATOR).values("network_id")
        queryset = queryset.filter(network_id__in=coordinated)
    return _card_queryset(queryset).order_by("submitted_at", "pk")


def given_by(viewer, person: User) -> QuerySet[Resource]:
    """What a person has given: the materials they wrote or co-wrote that the viewer may see."""
    co_written = Resource.co_authors.through.objects.filter(user=person).values("resource_id")
    return _card_queryset(
        Resource.objects.visible_to(viewer).filter(Q(author=person) | Q(pk__in=co_written))
    ).order_by(F("published_at").desc(nulls_last=True), "-created_at", "-pk")


def given_section(viewer, person: User) -> dict | None:
    """The "materials given" section of a profile (1 query); hidden from others when empty."""
    count = given_by(viewer, person).count()
    if not count and viewer.pk != person.pk:
        return None
    return {"person": person, "count": count}


def co_author_choices(network: Network) -> QuerySet[User]:
    return User.objects.filter(memberships__network=network).order_by("display_name", "pk")
