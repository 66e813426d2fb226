"""Who may see and do what with materials: one function per capability.

Staff are outsiders on the site unless they belong to the network; as curators
they see and decide on materials that an author submitted to the public bank.
"""

from networks.models import Network
from networks.permissions import (
    can_contribute,
    coordinates_a_network,
    is_coordinator,
    is_member,
)
from resources.models import Resource, ResourceFile, Status


def _is_author(user, resource: Resource) -> bool:
    if not user.is_authenticated:
        return False
    if resource.author_id == user.pk:
        return True
    return any(person.pk == user.pk for person in resource.co_authors.all())


def can_view_resource(user, resource: Resource) -> bool:
    """Published materials are for everyone; others for their network's members (and curators once submitted)."""
    if resource.status == Status.PUBLISHED:
        return True
    if not user.is_authenticated:
        return False
    if is_member(user, resource.network):
        return True
    return resource.status == Status.SUBMITTED and user.is_staff


def can_add_resource(user, network: Network) -> bool:
    """Members share materials in a network that is not archived."""
    return can_contribute(user, network)


def can_edit_resource(user, resource: Resource) -> bool:
    """The author and co-authors edit a material and replace its files."""
    return _is_author(user, resource) and is_member(user, resource.network)


def can_view_earlier_versions(user, resource: Resource) -> bool:
    """Replaced files stay available to the author and co-authors while they see the material."""
    # An author who left the network no longer sees a network-only material, nor its history.
    return _is_author(user, resource) and can_view_resource(user, resource)


def can_view_curation_comment(user, resource: Resource) -> bool:
    """The curator's comment on a returned material is for the members of its network."""
    return (
        resource.status == Status.RETURNED
        and bool(resource.curation_comment)
        and is_member(user, resource.network)
    )


def can_view_curation_history(user, resource: Resource) -> bool:
    """The history of decisions on a material is for its network's members and staff curators."""
    return user.is_authenticated and (user.is_staff or is_member(user, resource.network))


def can_submit_resource(user, resource: Resource) -> bool:
    """The author submits a network-only (or returned) material to the public bank."""
    return (
        user.is_authenticated
        and resource.author_id == user.pk
        and resource.status in (Status.NETWORK, Status.RETURNED)
    )


def can_curate_resource(user, resource: Resource) -> bool:
    """A coordinator of the material's network or a staff curator publishes or returns it."""
    if not user.is_authenticated or resource.status not in (Status.SUBMITTED, Status.PUBLISHED):
        return False
    return can_curate_every_network(user) or is_coordinator(user, resource.network)


def can_view_pending_changes(user, resource: Resource) -> bool:
    """The changes waiting for review on a published material are seen by its authors and by
    those who decide on them."""
    return _is_author(user, resource) or can_curate_resource(user, resource)


def can_download_file(user, resource_file: ResourceFile) -> bool:
    """Current files go to whoever sees the material; a file waiting for review to its authors
    and curators; earlier versions only to its authors."""
    resource = resource_file.resource
    if resource_file.revision_id is not None:
        return can_view_pending_changes(user, resource)
    if not resource_file.is_current:
        return can_view_earlier_versions(user, resource)
    return can_view_resource(user, resource)


def can_rate_resource(user, resource: Resource) -> bool:
    """Anyone logged in who sees a material rates it, except its author and co-authors."""
    return (
        user.is_authenticated
        and not _is_author(user, resource)
        and can_view_resource(user, resource)
    )


def can_bookmark_resource(user, resource: Resource) -> bool:
    """Anyone logged in puts a material they see on their shelf."""
    return user.is_authenticated and can_view_resource(user, resource)


def can_curate_every_network(user, obj=None) -> bool:
    """Staff curators decide on materials of every network (coordinators on their own)."""
    return user.is_authenticated and user.is_staff


def can_curate_any(user, obj=None) -> bool:
    """Staff and coordinators have a queue of materials submitted to the bank."""
    if not user.is_authenticated:
        return False
    return can_curate_every_network(user) or coordinates_a_network(user)
