"""Reads for the materials pages, each in a fixed number of queries whatever the amount of data."""

import hashlib
import uuid
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
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
from core.catalogue import localised_name
from core.search import clean_query, highlight, search_query, tsquery_text
from networks.models import Network, Topic, Visibility
from networks.permissions import membership_of, networks_coordinated_by, prime_memberships
from resources import permissions
from resources.models import (
    Bookmark,
    CurationAction,
    EducationLevel,
    Licence,
    Rating,
    Resource,
    ResourceFile,
    ResourceRevision,
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
        # Only a public network filters the bank: a hidden one's slug must not narrow the
        # results (that would tell an outsider it exists and which materials came from it).
        condition &= Q(network__slug=filters.network, network__visibility=Visibility.PUBLIC)
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
    # Both names are counted and cached; the reader's language picks one per request.
    name_en = f"{name}_en"
    rows = (
        base.filter(_facet_q(filters, skip=facet))
        .exclude(**{f"{slug}__isnull": True})
        .values(slug, name, name_en)
        .annotate(count=Count("pk"))
        .order_by("-count", name)[:FACET_LIMIT]
    )
    return [(row[slug], (row[name], row[name_en]), row["count"]) for row in rows]


def _network_facet_counts(base: QuerySet, filters: BankFilters) -> list[tuple[int, int]]:
    """(network id, count) of the public networks only: a hidden network never becomes a
    facet, whoever looks (the counts are shared between readers through the cache)."""
    rows = (
        base.filter(_facet_q(filters, skip="network"), network__visibility=Visibility.PUBLIC)
        .values("network_id")
        .annotate(count=Count("pk"))
        .order_by("-count", "network_id")[:FACET_LIMIT]
    )
    return [(row["network_id"], row["count"]) for row in rows]


def _network_facet(counts: list[tuple[int, int]]) -> list[tuple[str, str, int]]:
    """Names and slugs read fresh (1 query), so a network hidden since the counts were cached
    drops out at once instead of a minute later."""
    if not counts:
        return []
    public = {
        network.pk: network
        for network in Network.objects.filter(
            pk__in=[pk for pk, _count in counts], visibility=Visibility.PUBLIC
        ).only("pk", "slug", "name")
    }
    return [(public[pk].slug, public[pk].name, count) for pk, count in counts if pk in public]


def _subject_facet(base: QuerySet, filters: BankFilters):
    matching = base.filter(_facet_q(filters, skip="subject")).values("pk")
    rows = (
        Subject.objects.filter(resources__in=matching)
        .annotate(count=Count("resources"))
        .order_by("-count", "position")[:FACET_LIMIT]
    )
    return [(subject.slug, (subject.name, subject.name_en), subject.count) for subject in rows]


BANK_GENERATION_KEY = "generation"


def _bank_generation(cache) -> str:
    generation = cache.get(BANK_GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        # add, not set: two nodes starting at once agree on the first generation.
        if not cache.add(BANK_GENERATION_KEY, generation, timeout=None):
            generation = cache.get(BANK_GENERATION_KEY) or generation
    return generation


def bank_cache_invalidate() -> None:
    """Forget every cached facet count, on every node (a new generation in the shared cache)."""
    caches["bank"].set(BANK_GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def _facet_counts(filters: BankFilters) -> dict:
    """The counts behind the facets (4 queries), kept a minute in the shared "bank" cache.

    A text search walks its whole match set once per facet query, which at 50,000
    materials costs most of the page; the counts of a popular search are reused
    instead. Every service that changes what the bank shows bumps the cache's generation
    (bank_cache_invalidate), so no node serves counts from before a publication, a return
    or an edit. Labels are added per request, in the reader's language.
    """
    state = "&".join(f"{name}={getattr(filters, name)}" for name in ("q", *filters.FACETS))
    cache = caches["bank"]
    key = f"facets:{_bank_generation(cache)}:" + hashlib.sha256(state.encode()).hexdigest()
    counts = cache.get(key)
    if counts is None:
        base = _searched(Resource.objects.published(), filters)
        counts = {
            "fixed": _fixed_facets(base, filters),
            "subject": _subject_facet(base, filters),
            "topic": _grouped_facet(base, filters, "topic", "topic__slug", "topic__name"),
            "network": _network_facet_counts(base, filters),
        }
        cache.set(key, counts)
    return counts


def _label(text) -> str:
    """A facet value's label: a catalogue entry's (Polish, English) names, or a plain name."""
    return text if isinstance(text, str) else localised_name(*text)


def bank_facets(filters: BankFilters) -> list[Facet]:
    """Every facet with a count per value, each counted under the other filters
    (4 queries, none when the same search was counted in the last minute, and one for the
    names of the public networks among them)."""
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
        grouped("network", _("Network"), _network_facet(counts["network"])),
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


def cards(viewer, resources) -> list[Resource]:
    """Materials for a list of cards, with the viewer's memberships of their hidden networks
    fetched at once (whether a card may name its network is asked per card)."""
    resources = list(resources)
    prime_memberships(viewer or AnonymousUser(), [resource.network for resource in resources])
    return resources


def card_page(viewer, queryset: QuerySet, page_number, *, size: int = PAGE_SIZE) -> Page:
    """One page of a list of cards (materials, or bookmarks of materials), ready to render."""
    page = Paginator(queryset, size).get_page(page_number)
    page.object_list = list(page.object_list)
    networks = [
        getattr(row, "resource", row).network for row in page.object_list
    ]  # a bookmark's card shows its material
    prime_memberships(viewer or AnonymousUser(), networks)
    return page


def bank_page(filters: BankFilters, page_number, viewer=None) -> BankPage:
    """The public bank: one page of results with snippets, and the facets with their counts."""
    paginator = Paginator(_card_queryset(bank_results(filters)), PAGE_SIZE)
    page = paginator.get_page(page_number)
    resources = _with_snippets(cards(viewer, page.object_list), filters.q)
    return BankPage(filters=filters, page=page, facets=bank_facets(filters), resources=resources)


def export_rows(filters: BankFilters, viewer=None) -> list[Resource]:
    """The bank's result list for export, with authors and subjects (a capped number of rows)."""
    return cards(
        viewer,
        _card_queryset(bank_results(filters)).prefetch_related("co_authors", "subjects")[
            :EXPORT_LIMIT
        ],
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
class PendingChanges:
    """What waits for review on a published material, as its page shows it."""

    revision: ResourceRevision
    fields: list[tuple[str, str]]  # (label, proposed value as text)
    files: list[ResourceFile]


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
    pending: PendingChanges | None = None

    @property
    def resubmission_note(self) -> str:
        """What the author said they changed when submitting the material again."""
        submitted = [e for e in self.curation_events if e.action == CurationAction.SUBMIT]
        return (
            submitted[0].comment if submitted and self.resource.status == Status.SUBMITTED else ""
        )


def _pending_changes(resource: Resource, files: list[ResourceFile]) -> PendingChanges | None:
    revision = ResourceRevision.objects.filter(resource=resource).first()
    if revision is None:
        return None
    fields = []
    for name, value in revision.changes.items():
        field = Resource._meta.get_field(name)
        if name == "topic":
            text = str(Topic.objects.filter(pk=value).first() or "—")
        elif name == "levels":
            text = ", ".join(str(EducationLevel(v).label) for v in value if v in EducationLevel)
        elif name == "tags":
            text = ", ".join(value)
        elif field.choices:
            text = str(dict(field.choices).get(value, value))
        else:
            text = str(value)
        fields.append((str(field.verbose_name), text))
    waiting = [f for f in files if f.revision_id == revision.pk]
    return PendingChanges(revision=revision, fields=fields, files=waiting)


def resource_page(user, resource: Resource) -> ResourcePage:
    """Everything a material's page shows; earlier versions and history only for those concerned."""
    membership = membership_of(user, resource.network)
    files = list(resource.files.select_related("replaces"))
    current = [f for f in files if f.is_current]
    earlier = []
    if permissions.can_view_earlier_versions(user, resource):
        earlier = [f for f in files if not f.is_current and f.revision_id is None]
    pending = None
    if resource.is_public and permissions.can_view_pending_changes(user, resource):
        pending = _pending_changes(resource, files)
    ratings = list(
        resource.ratings.select_related("user").exclude(comment="").order_by("-updated_at")[:20]
    )
    my_rating = None
    bookmarked = False
    if user.is_authenticated:
        my_rating = resource.ratings.filter(user=user).first()
        bookmarked = Bookmark.objects.filter(resource=resource, user=user).exists()
    events = []
    if permissions.can_view_curation_history(user, resource):
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
        pending=pending,
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
    """Materials waiting for a decision (submitted, or published with changes waiting):
    staff see all, coordinators those of their networks."""
    changed = Q(
        status=Status.PUBLISHED,
        pending_revision__isnull=False,
        pending_revision__returned_at__isnull=True,
    )
    queryset = Resource.objects.filter(Q(status=Status.SUBMITTED) | changed)
    if not permissions.can_curate_every_network(user):
        queryset = queryset.filter(network__in=networks_coordinated_by(user).values("pk"))
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


def pending_values(resource: Resource) -> dict:
    """The changes waiting on a published material, as the edit form's initial values."""
    if not resource.is_public:
        return {}
    revision = ResourceRevision.objects.filter(resource=resource).first()
    if revision is None:
        return {}
    values = dict(revision.changes)
    if "topic" in values:
        values["topic"] = Topic.objects.filter(pk=values["topic"]).first()
    if "tags" in values:
        values["tags"] = ", ".join(values["tags"])
    return values


def co_author_choices(network: Network) -> QuerySet[User]:
    return User.objects.filter(memberships__network=network).order_by("display_name", "pk")


def published_in_period(network: Network, since, until) -> int:
    """How many of the network's materials were published in the bank in [since, until) (1 query)."""
    return Resource.objects.filter(
        network=network, status=Status.PUBLISHED, published_at__gte=since, published_at__lt=until
    ).count()
