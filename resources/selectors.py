"""Reads for the materials pages, each in a fixed number of queries whatever the amount of data."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from networks.models import Network, Topic
from networks.permissions import membership_of, networks_coordinated_by, prime_memberships
from resources import permissions
from resources.app_settings import PAGE_SIZE
from resources.models import (
    Bookmark,
    CurationAction,
    EducationLevel,
    Rating,
    Resource,
    ResourceFile,
    ResourceRevision,
    Status,
)


def _card_queryset(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("network", "topic", "author")


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
