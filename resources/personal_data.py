"""The bank's part of a person's data: materials they wrote, files they uploaded, ratings, shelf.

Registered with accounts.personal_data in ResourcesConfig.ready().
"""

from django.db import transaction
from django.db.models import Count, Prefetch

from accounts.models import User
from accounts.personal_data import ErasureRequest, ExportFile, ExportPart
from resources.models import Bookmark, Rating, Resource, ResourceFile
from resources.services import bank_changed


def resources_export(user: User) -> ExportPart:
    """Materials the person wrote (with their files), co-authored, rated and bookmarked.

    Co-authors are not named: they are other people.
    """
    uploaded = list(
        ResourceFile.objects.filter(uploaded_by=user).select_related("resource").order_by("pk")
    )
    files = [ExportFile(name=f"{row.pk}-{row.name}", file=row.file) for row in uploaded]
    authored = (
        Resource.objects.filter(author=user)
        .select_related("network", "topic")
        .prefetch_related(
            "subjects", Prefetch("files", queryset=ResourceFile.objects.order_by("pk"))
        )
    )
    return ExportPart(
        data={
            "materials": [
                {
                    "title": resource.title,
                    "description": resource.description,
                    "type": resource.resource_type,
                    "network": resource.network.name,
                    "topic": resource.topic.name if resource.topic else None,
                    "subjects": [subject.name for subject in resource.subjects.all()],
                    "levels": resource.levels,
                    "tags": resource.tags,
                    "licence": resource.licence,
                    "external_url": resource.external_url,
                    "status": resource.status,
                    "created_at": resource.created_at,
                    "published_at": resource.published_at,
                    "files": [
                        {"name": file.name, "current": file.is_current, "size": file.size}
                        for file in resource.files.all()
                    ],
                }
                for resource in authored
            ],
            "materials_co_authored": [
                {"title": resource.title, "network": resource.network.name}
                for resource in Resource.objects.filter(co_authors=user).select_related("network")
            ],
            "files_uploaded": [
                {
                    "file": f"{row.pk}-{row.name}",
                    "material": row.resource.title,
                    "uploaded_at": row.created_at,
                }
                for row in uploaded
            ],
            "ratings_given": [
                {
                    "material": rating.resource.title,
                    "stars": rating.stars,
                    "comment": rating.comment,
                    "updated_at": rating.updated_at,
                }
                for rating in Rating.objects.filter(user=user).select_related("resource")
            ],
            "bookmarks": [
                bookmark.resource.title
                for bookmark in Bookmark.objects.filter(user=user).select_related("resource")
            ],
        },
        files=files,
    )


def resources_erase(user: User, request: ErasureRequest) -> None:
    """The shelf goes; materials stay under "former participant", or are deleted if asked.

    A material written with co-authors stays for them even then: it is theirs too.
    """
    Bookmark.objects.filter(user=user).delete()
    if not request.remove_content:
        return
    Rating.objects.filter(user=user).update(comment="")
    alone = (
        Resource.objects.filter(author=user).annotate(others=Count("co_authors")).filter(others=0)
    )
    stored = ResourceFile.objects.filter(resource__in=alone)
    field = ResourceFile._meta.get_field("file")
    names = [name for pair in stored.values_list("file", "thumbnail") for name in pair if name]
    Resource.objects.filter(pk__in=alone.values("pk")).delete()
    bank_changed()  # a deleted material leaves the bank's cached searches at once
    transaction.on_commit(lambda: [field.storage.delete(name) for name in names])
