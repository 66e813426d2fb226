"""Every change to materials: sharing, editing, files, curation, downloads, ratings, shelves."""

from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, F, Sum
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from core.markdown import render_markdown
from core.search import search_document
from core.uploads import CheckedUpload, ensure_checked
from networks.models import ActivityKind, Membership, Network, Topic
from networks.permissions import coordinators_of
from networks.services import activity_record
from notifications.models import Category
from notifications.services import notify
from resources import permissions
from resources.bank_search import bank_cache_invalidate
from resources.models import (
    Bookmark,
    CurationAction,
    CurationEvent,
    Download,
    Rating,
    Resource,
    ResourceFile,
    ResourceRevision,
    Status,
    Subject,
)
from resources.tasks import warm_popular_searches

RESOURCE_FIELDS = (
    "title",
    "description",
    "resource_type",
    "levels",
    "topic",
    "tags",
    "licence",
    "external_url",
)


def _bank_refresh() -> None:
    generation = bank_cache_invalidate()
    warm_popular_searches.delay(generation)


def bank_changed() -> None:
    """Once the transaction commits, every node forgets the bank's cached searches (their
    counts and ranked ids) and a worker counts the popular ones again at once (a run
    superseded by a later change in the same moment does nothing)."""
    transaction.on_commit(_bank_refresh)


def _refresh_search(resource: Resource) -> None:
    if resource.is_public:
        # An edit of a material in the bank may change its searches, on every node; a
        # network-only draft does not (so authors at work do not empty the bank's cache).
        bank_changed()
    subjects = " ".join(subject.name for subject in resource.subjects.all())
    Resource.objects.filter(pk=resource.pk).update(
        search_vector=search_document(
            resource.title,
            resource.title,  # the title weighs more in the ranking
            " ".join(resource.tags),
            subjects,
            resource.description,
        )
    )


def resource_derived_refresh(resource: Resource) -> None:
    """After an edit outside these services (admin): the HTML and search document again."""
    resource.description_html = render_markdown(resource.description)
    Resource.objects.filter(pk=resource.pk).update(description_html=resource.description_html)
    bank_changed()  # the admin may have changed the status too, into the bank or out of it
    _refresh_search(resource)


def _store_files(
    *,
    resource: Resource,
    uploads: Sequence[CheckedUpload],
    by: User,
    revision: ResourceRevision | None = None,
) -> list[ResourceFile]:
    stored = []
    for upload in map(ensure_checked, uploads):
        resource_file = ResourceFile(
            resource=resource,
            name=upload.name,
            kind=upload.kind.code,
            content_type=upload.kind.content_type,
            size=upload.size,
            uploaded_by=by,
            # A file for a published material waits for review with the other changes.
            is_current=revision is None,
            revision=revision,
        )
        resource_file.file.save(upload.name, upload.content, save=False)
        if upload.thumbnail is not None:
            resource_file.thumbnail.save(upload.thumbnail.name, upload.thumbnail, save=False)
        resource_file.save()
        stored.append(resource_file)
    return stored


def _check_co_authors(network: Network, co_authors: Iterable[User], author: User) -> list[User]:
    people = [person for person in co_authors if person.pk != author.pk]
    member_ids = set(
        Membership.objects.filter(network=network, user__in=people).values_list(
            "user_id", flat=True
        )
    )
    if any(person.pk not in member_ids for person in people):
        raise ValidationError(_("Co-authors must be members of the network."), code="co_author")
    return people


def _clean_tags(tags: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for tag in tags:
        tag = " ".join(tag.split())[:40]
        if tag and tag.lower() not in seen:
            seen[tag.lower()] = tag
    return list(seen.values())[:20]


def _save_fields(resource: Resource, fields: dict) -> None:
    for name in RESOURCE_FIELDS:
        if name in fields:
            setattr(resource, name, fields[name])
    resource.tags = _clean_tags(resource.tags)
    resource.description_html = render_markdown(resource.description)


@transaction.atomic
def resource_create(
    *,
    network: Network,
    author: User,
    uploads: Sequence[CheckedUpload] = (),
    subjects: Iterable[Subject] = (),
    co_authors: Iterable[User] = (),
    **fields,
) -> Resource:
    """A member shares a material in their network; it starts visible to the network only."""
    if not permissions.can_add_resource(author, network):
        raise PermissionDenied
    if not uploads and not fields.get("external_url"):
        raise ValidationError(_("Add at least one file or an external link."), code="no_content")
    resource = Resource(network=network, author=author, status=Status.NETWORK)
    fields.setdefault("topic", network.topic)
    _save_fields(resource, fields)
    resource.full_clean(exclude=["search_vector"])
    resource.save()
    resource.subjects.set(subjects)
    resource.co_authors.set(_check_co_authors(network, co_authors, author))
    _store_files(resource=resource, uploads=uploads, by=author)
    _refresh_search(resource)
    activity_record(
        network_id=network.pk,
        user=author,
        kind=ActivityKind.UPLOAD,
        object_key=f"resources.resource:{resource.pk}",
        category=resource.resource_type,
    )
    return resource


@transaction.atomic
def resource_update(
    *,
    resource: Resource,
    by: User,
    uploads: Sequence[CheckedUpload] = (),
    subjects: Iterable[Subject] | None = None,
    co_authors: Iterable[User] | None = None,
    **fields,
) -> Resource:
    """The author or a co-author edits a material and may add files; its status stays.

    A published material keeps its approved version public: the changed fields and new files
    wait for a curator (see `_propose_changes`); subjects and co-authors apply at once.
    """
    if not permissions.can_edit_resource(by, resource):
        raise PermissionDenied
    if resource.is_public:
        return _propose_changes(
            resource=resource,
            by=by,
            uploads=uploads,
            subjects=subjects,
            co_authors=co_authors,
            fields=fields,
        )
    _save_fields(resource, fields)
    has_files = resource.files.filter(is_current=True).exists() or bool(uploads)
    if not has_files and not resource.external_url:
        raise ValidationError(_("Add at least one file or an external link."), code="no_content")
    resource.full_clean(exclude=["search_vector"])
    resource.save()
    if subjects is not None:
        resource.subjects.set(subjects)
    if co_authors is not None:
        resource.co_authors.set(_check_co_authors(resource.network, co_authors, resource.author))
    if uploads:
        _store_files(resource=resource, uploads=uploads, by=by)
        activity_record(
            network_id=resource.network_id,
            user=by,
            kind=ActivityKind.UPLOAD,
            object_key=f"resources.resource:{resource.pk}",
            category=resource.resource_type,
        )
    _refresh_search(resource)
    return resource


def _field_value(resource: Resource, name: str):
    """A field as stored in a revision's JSON (the topic as its id)."""
    return resource.topic_id if name == "topic" else getattr(resource, name)


def _pending_revision(resource: Resource) -> ResourceRevision | None:
    return ResourceRevision.objects.select_for_update().filter(resource=resource).first()


def _open_revision(*, resource: Resource, by: User) -> ResourceRevision:
    """The draft of changes to a published material; the curators are told when it is new
    or comes back after being returned (not on every save of the draft)."""
    revision = _pending_revision(resource)
    tell = revision is None or revision.is_returned
    if revision is None:
        revision = ResourceRevision.objects.create(resource=resource, changed_by=by)
    revision.changed_by = by
    revision.returned_comment = ""
    revision.returned_by = None
    revision.returned_at = None
    revision.save()
    if tell:
        CurationEvent.objects.create(resource=resource, action=CurationAction.CHANGES, by=by)
        _tell(
            resource,
            recipients=_coordinators(resource.network),
            text=gettext_noop(
                "%(author)s changed the published material “%(title)s”; "
                "the changes wait for your review."
            ),
            params={"author": by.public_name, "title": resource.title},
            key=f"resources.changes:{resource.pk}:{timezone.now():%Y%m%d%H%M%S%f}",
            by=by,
        )
    return revision


def _propose_changes(
    *,
    resource: Resource,
    by: User,
    uploads: Sequence[CheckedUpload],
    subjects: Iterable[Subject] | None,
    co_authors: Iterable[User] | None,
    fields: dict,
) -> Resource:
    """Edits of a published material: the fields that differ from the published version and
    the new files wait in its revision; the public page and the bank stay as approved."""
    approved = Resource.objects.get(pk=resource.pk)
    candidate = Resource.objects.get(pk=resource.pk)
    _save_fields(candidate, fields)
    candidate.full_clean(exclude=["search_vector"])
    has_files = resource.files.filter(is_current=True).exists() or bool(uploads)
    if not has_files and not candidate.external_url:
        raise ValidationError(_("Add at least one file or an external link."), code="no_content")
    changes = {
        name: _field_value(candidate, name)
        for name in RESOURCE_FIELDS
        if name in fields and _field_value(candidate, name) != _field_value(approved, name)
    }
    revision = _pending_revision(resource)
    if changes or uploads or revision is not None:
        revision = _open_revision(resource=resource, by=by)
        revision.changes = changes
        revision.save(update_fields=["changes", "updated_at"])
        if uploads:
            _store_files(resource=resource, uploads=uploads, by=by, revision=revision)
        if not changes and not revision.files.exists():
            # The authors took every change back: nothing waits any more.
            revision.delete()
    if subjects is not None:
        resource.subjects.set(subjects)
    if co_authors is not None:
        resource.co_authors.set(_check_co_authors(resource.network, co_authors, resource.author))
    resource.refresh_from_db()
    _refresh_search(resource)
    return resource


def _apply_revision(resource: Resource, revision: ResourceRevision) -> None:
    """Make the waiting changes the material itself: fields, then files in place of those
    they replace."""
    values = dict(revision.changes)
    if "topic" in values:
        values["topic"] = Topic.objects.filter(pk=values["topic"]).first()
    _save_fields(resource, values)
    resource.save()
    for pending in revision.files.all():
        if pending.replaces_id is not None:
            ResourceFile.objects.filter(pk=pending.replaces_id).update(is_current=False)
    # Detach the files first: deleting the revision cascades to the files still on it.
    revision.files.update(is_current=True, revision=None)
    revision.delete()
    _refresh_search(resource)


@transaction.atomic
def resource_file_replace(
    *, resource_file: ResourceFile, by: User, upload: CheckedUpload
) -> ResourceFile:
    """A new version of a file takes its place; the earlier one stays for the authors.

    For a published material the new version waits for review; the public keeps the old one.
    """
    resource = resource_file.resource
    if not permissions.can_edit_resource(by, resource) or not resource_file.is_current:
        raise PermissionDenied
    if resource.is_public:
        revision = _open_revision(resource=resource, by=by)
        # A second new version of the same file takes the place of the first one waiting.
        revision.files.filter(replaces=resource_file).delete()
        (new_file,) = _store_files(resource=resource, uploads=[upload], by=by, revision=revision)
    else:
        ResourceFile.objects.filter(pk=resource_file.pk).update(is_current=False)
        (new_file,) = _store_files(resource=resource, uploads=[upload], by=by)
    new_file.replaces = resource_file
    new_file.save(update_fields=["replaces"])
    Resource.objects.filter(pk=resource.pk).update(updated_at=timezone.now())
    activity_record(
        network_id=resource.network_id,
        user=by,
        kind=ActivityKind.UPLOAD,
        object_key=f"resources.resource:{resource.pk}",
        category=resource.resource_type,
    )
    return new_file


# --- curation ---------------------------------------------------------------------


def _tell(resource: Resource, *, recipients, text: str, params: dict, key: str, by: User) -> None:
    """A curation notice about the material, linking to it (in the app, e-mail by preference)."""
    notify(
        recipients=recipients,
        category=Category.CURATION,
        text=text,
        params=params,
        url=resource.get_absolute_url(),
        network_id=resource.network_id,
        item_key=key,
        actor=by,
    )


def _coordinators(network: Network) -> list[User]:
    return list(coordinators_of(network))


@transaction.atomic
def resource_submit(*, resource: Resource, by: User, note: str = "") -> Resource:
    """The author asks for the material to go into the public bank; the coordinators are told.
    A returned material comes back with a note on what changed, so it is not sent back as it was."""
    if not permissions.can_submit_resource(by, resource):
        raise PermissionDenied
    note = note.strip()
    resubmitted = resource.is_returned
    if resubmitted and not note:
        raise ValidationError(
            _("Say what you changed since the material was returned."), code="note_required"
        )
    resource.status = Status.SUBMITTED
    resource.submitted_at = timezone.now()
    resource.save(update_fields=["status", "submitted_at", "updated_at"])
    CurationEvent.objects.create(
        resource=resource, action=CurationAction.SUBMIT, by=by, comment=note
    )
    text = gettext_noop("%(author)s submitted “%(title)s” to the bank of good practices.")
    if resubmitted:
        text = gettext_noop("%(author)s submitted “%(title)s” again: %(note)s")
    _tell(
        resource,
        recipients=_coordinators(resource.network),
        text=text,
        params={"author": by.public_name, "title": resource.title, "note": note[:300]},
        key=f"resources.submitted:{resource.pk}",
        by=by,
    )
    return resource


@transaction.atomic
def resource_publish(*, resource: Resource, by: User, comment: str = "") -> Resource:
    """A coordinator or curator publishes a submitted material; the author is told."""
    bank_changed()
    if not permissions.can_curate_resource(by, resource) or resource.status != Status.SUBMITTED:
        raise PermissionDenied
    resource.status = Status.PUBLISHED
    resource.published_at = timezone.now()
    resource.curated_by = by
    resource.curation_comment = comment.strip()
    resource.save(
        update_fields=["status", "published_at", "curated_by", "curation_comment", "updated_at"]
    )
    CurationEvent.objects.create(
        resource=resource, action=CurationAction.PUBLISH, by=by, comment=comment.strip()
    )
    _tell(
        resource,
        recipients=[resource.author],
        text=gettext_noop("Your material “%(title)s” is now in the bank of good practices."),
        params={"title": resource.title},
        key=f"resources.published:{resource.pk}",
        by=by,
    )
    return resource


@transaction.atomic
def resource_return(*, resource: Resource, by: User, comment: str) -> Resource:
    """A coordinator or curator returns a submitted (or published) material with a comment."""
    bank_changed()
    if not permissions.can_curate_resource(by, resource):
        raise PermissionDenied
    comment = comment.strip()
    if not comment:
        raise ValidationError(
            _("Tell the author why the material is returned."), code="comment_required"
        )
    revision = _pending_revision(resource)
    if revision is not None:
        # Out of the bank, the authors edit the material directly: their waiting changes
        # become the material, which the curators see again when it is resubmitted.
        _apply_revision(resource, revision)
    resource.status = Status.RETURNED
    resource.published_at = None
    resource.curated_by = by
    resource.curation_comment = comment
    resource.save(
        update_fields=["status", "published_at", "curated_by", "curation_comment", "updated_at"]
    )
    CurationEvent.objects.create(
        resource=resource, action=CurationAction.RETURN, by=by, comment=comment
    )
    _tell(
        resource,
        recipients=[resource.author],
        text=gettext_noop("Your material “%(title)s” was returned: %(comment)s"),
        params={"title": resource.title, "comment": comment[:300]},
        key=f"resources.returned:{resource.pk}:{timezone.now():%Y%m%d%H%M%S}",
        by=by,
    )
    return resource


@transaction.atomic
def resource_changes_publish(*, resource: Resource, by: User, comment: str = "") -> Resource:
    """A coordinator or curator publishes the changes waiting on a published material."""
    bank_changed()
    if not permissions.can_curate_resource(by, resource) or not resource.is_public:
        raise PermissionDenied
    revision = _pending_revision(resource)
    if revision is None:
        raise ValidationError(_("No changes are waiting for review."), code="no_changes")
    _apply_revision(resource, revision)
    comment = comment.strip()
    CurationEvent.objects.create(
        resource=resource, action=CurationAction.PUBLISH_CHANGES, by=by, comment=comment
    )
    _tell(
        resource,
        recipients=[resource.author, *resource.co_authors.all()],
        text=gettext_noop("The changes to your material “%(title)s” are now public."),
        params={"title": resource.title},
        key=f"resources.changes_published:{resource.pk}:{timezone.now():%Y%m%d%H%M%S%f}",
        by=by,
    )
    return resource


@transaction.atomic
def resource_changes_return(*, resource: Resource, by: User, comment: str) -> ResourceRevision:
    """A coordinator or curator returns the waiting changes with a comment; the published
    version stays public and the authors may rework their changes."""
    if not permissions.can_curate_resource(by, resource) or not resource.is_public:
        raise PermissionDenied
    comment = comment.strip()
    if not comment:
        raise ValidationError(
            _("Tell the author why the material is returned."), code="comment_required"
        )
    revision = _pending_revision(resource)
    if revision is None:
        raise ValidationError(_("No changes are waiting for review."), code="no_changes")
    revision.returned_comment = comment
    revision.returned_by = by
    revision.returned_at = timezone.now()
    revision.save()
    CurationEvent.objects.create(
        resource=resource, action=CurationAction.RETURN_CHANGES, by=by, comment=comment
    )
    _tell(
        resource,
        recipients=[resource.author, *resource.co_authors.all()],
        text=gettext_noop("The changes to your material “%(title)s” were returned: %(comment)s"),
        params={"title": resource.title, "comment": comment[:300]},
        key=f"resources.changes_returned:{resource.pk}:{timezone.now():%Y%m%d%H%M%S%f}",
        by=by,
    )
    return revision


# --- taking and giving back ----------------------------------------------------------


def download_visitor_key(*, resource_id: int, user: User | None, ip_address: str, day) -> str:
    """Who downloaded, as a keyed hash of (material, person or IP address, day).

    A logged-in person is their account; anyone else is their IP address alone, so that a
    changed User-Agent (or cleared cookies) does not count again. The key (SECRET_KEY through
    salted_hmac) makes the stored value useless for finding an address by brute force, and the
    material and day in the message keep one visitor's rows from being linked across them.
    """
    who = f"user:{user.pk}" if user is not None and user.is_authenticated else f"ip:{ip_address}"
    message = f"{resource_id}|{who}|{day.isoformat()}"
    return salted_hmac("resources.download", message, algorithm="sha256").hexdigest()[:64]


def resource_download_record(
    *, resource_file: ResourceFile, user: User | None, ip_address: str
) -> bool:
    """Count a download once per visitor (person, else IP address) and material a day;
    True if counted."""
    resource = resource_file.resource
    day = timezone.localdate()
    visitor = download_visitor_key(
        resource_id=resource.pk, user=user, ip_address=ip_address, day=day
    )
    try:
        with transaction.atomic():
            Download.objects.create(
                resource=resource,
                user=user if user is not None and user.is_authenticated else None,
                visitor=visitor,
                day=day,
            )
            Resource.objects.filter(pk=resource.pk).update(download_count=F("download_count") + 1)
            activity_record(
                network_id=resource.network_id,
                user=user if user is not None and user.is_authenticated else None,
                kind=ActivityKind.DOWNLOAD,
                object_key=f"resources.resource:{resource.pk}",
                category=resource.resource_type,
            )
    except IntegrityError:
        return False
    return True


@transaction.atomic
def resource_rate(*, resource: Resource, user: User, stars: int, comment: str = "") -> Rating:
    """A person rates a material 1–5 (again: the new rating replaces theirs)."""
    if not permissions.can_rate_resource(user, resource):
        raise PermissionDenied
    if not 1 <= int(stars) <= 5:
        raise ValidationError(_("Choose from 1 to 5 stars."), code="stars")
    Resource.objects.select_for_update().filter(pk=resource.pk).first()
    rating, _created = Rating.objects.update_or_create(
        resource=resource, user=user, defaults={"stars": int(stars), "comment": comment.strip()}
    )
    totals = Rating.objects.filter(resource=resource).aggregate(
        count=Count("pk"), total=Sum("stars"), average=Avg("stars")
    )
    Resource.objects.filter(pk=resource.pk).update(
        rating_count=totals["count"],
        rating_sum=totals["total"] or 0,
        rating_average=totals["average"] or 0,
    )
    resource.rating_count = totals["count"]
    resource.rating_sum = totals["total"] or 0
    resource.rating_average = totals["average"] or 0
    return rating


@transaction.atomic
def bookmark_toggle(*, resource: Resource, user: User) -> bool:
    """Put the material on the person's shelf, or take it off; True when it is on the shelf now."""
    if not permissions.can_bookmark_resource(user, resource):
        raise PermissionDenied
    deleted, _rows = Bookmark.objects.filter(resource=resource, user=user).delete()
    if deleted:
        return False
    Bookmark.objects.get_or_create(resource=resource, user=user)
    return True
