"""Every non-public file is reachable only through a view that checks permission per request.

The files: a network-only material's current file and thumbnail, an earlier version of it,
and a thread attachment with its thumbnail, all in a hidden network. Each is tried by its
old /media/ address and by its download view, with development serving (Django streams the
file) and production serving (DEBUG off, nginx X-Accel-Redirect).
"""

import importlib
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import clear_url_caches, reverse

from accounts.tests.factories import UserFactory
from core.files import private
from core.uploads import check_upload
from forums.tests.factories import member_of, pdf_upload, png_upload, thread_with_posts
from networks.models import Membership, Visibility
from networks.services import membership_leave
from networks.tests.factories import NetworkFactory
from resources import services as resource_services
from resources.tests.factories import pdf_file, png_file, resource_share

pytestmark = pytest.mark.django_db

MODES = ["development", "production"]


@pytest.fixture(params=MODES)
def mode(request, settings):
    if request.param == "production":
        settings.DEBUG = False
        settings.SIECI_FILE_SERVING = "x-accel"
    else:
        settings.DEBUG = True
        settings.SIECI_FILE_SERVING = "django"
    return request.param


@pytest.fixture
def coordinator(db):
    return UserFactory(can_create_networks=True)


@pytest.fixture
def network(coordinator):
    return NetworkFactory(coordinator=coordinator, visibility=Visibility.HIDDEN)


@pytest.fixture
def author(network):
    return member_of(network)


@pytest.fixture
def member(network):
    return member_of(network)


@pytest.fixture
def files(network, author):
    """name -> (download URL, stored file) for every kind of private file."""
    resource = resource_share(network=network, author=author, files=[pdf_file(), png_file()])
    first_pdf = resource.files.get(kind="pdf")
    image = resource.files.exclude(pk=first_pdf.pk).get()
    current = resource_services.resource_file_replace(
        resource_file=first_pdf, by=author, upload=check_upload(pdf_file(name="v2.pdf"))
    )
    thread = thread_with_posts(network, author, files=[png_upload(), pdf_upload()])
    picture, document = thread.posts.get().attachments.order_by("is_image")[::-1]
    forum = {"network_slug": network.slug}
    return {
        "material file": (reverse("resources:download", args=[current.pk]), current.file),
        "material thumbnail": (reverse("resources:thumbnail", args=[image.pk]), image.thumbnail),
        "earlier version": (reverse("resources:download", args=[first_pdf.pk]), first_pdf.file),
        "attachment": (
            reverse("forums:attachment", kwargs={**forum, "pk": document.pk}),
            document.file,
        ),
        "image attachment": (
            reverse("forums:attachment", kwargs={**forum, "pk": picture.pk}),
            picture.file,
        ),
        "attachment thumbnail": (
            reverse("forums:attachment_thumbnail", kwargs={**forum, "pk": picture.pk}),
            picture.thumbnail,
        ),
    }


def _bytes_of(stored) -> bytes:
    with private.open(stored.name, "rb") as handle:
        return handle.read()


def _assert_served(response, stored, mode):
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    if mode == "production":
        assert response["X-Accel-Redirect"] == "/protected/" + quote(stored.name)
        assert response.content == b""
    else:
        assert "X-Accel-Redirect" not in response
        assert b"".join(response.streaming_content) == _bytes_of(stored)


def _assert_refused(response):
    # Hidden from people who may not see it; a logged-out visitor may be sent to log in.
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("account_login"))
    assert "X-Accel-Redirect" not in response
    assert not getattr(response, "streaming", False)


def test_private_files_are_stored_apart_from_public_media(settings, files):
    for _url, stored in files.values():
        assert stored.storage is private
        assert not default_storage.exists(stored.name)
        assert private.exists(stored.name)


@pytest.mark.parametrize("who", ["anonymous", "outsider", "former member"])
def test_private_files_are_refused_to_people_outside_the_network(
    client, mode, files, network, author, who
):
    if who == "outsider":
        client.force_login(UserFactory())
    elif who == "former member":
        membership_leave(membership=Membership.objects.get(network=network, user=author))
        client.force_login(author)
    for name, (url, stored) in files.items():
        _assert_refused(client.get(url))
        assert client.get("/media/" + stored.name).status_code == 404, name


@pytest.mark.parametrize(
    ("who", "refused"),
    [
        ("author", set()),
        ("member", {"earlier version"}),
        ("coordinator", {"earlier version"}),
    ],
)
def test_people_of_the_network_get_the_files_the_rules_allow(
    client, mode, files, author, member, coordinator, who, refused
):
    client.force_login({"author": author, "member": member, "coordinator": coordinator}[who])
    for name, (url, stored) in files.items():
        response = client.get(url)
        if name in refused:
            assert response.status_code == 404, name
            assert "X-Accel-Redirect" not in response
        else:
            _assert_served(response, stored, mode)


def test_staff_get_a_submitted_material_but_not_the_network_s_attachments(
    client, mode, files, author, staff_user
):
    client.force_login(staff_user)
    url, stored = files["material file"]
    assert client.get(url).status_code == 404
    resource = stored.instance.resource
    resource_services.resource_submit(resource=resource, by=author)
    _assert_served(client.get(url), stored, mode)
    assert client.get(files["earlier version"][0]).status_code == 404
    assert client.get(files["attachment"][0]).status_code == 404


def test_leaving_the_network_ends_access_at_the_next_request(client, mode, files, network, member):
    client.force_login(member)
    url, stored = files["attachment"]
    material_url, material = files["material file"]
    _assert_served(client.get(url), stored, mode)
    _assert_served(client.get(material_url), material, mode)
    membership_leave(membership=Membership.objects.get(network=network, user=member))
    _assert_refused(client.get(url))
    _assert_refused(client.get(material_url))


def test_a_published_material_s_current_file_is_for_everyone_its_history_is_not(
    client, mode, files, author, coordinator
):
    url, stored = files["material file"]
    resource = stored.instance.resource
    resource_services.resource_submit(resource=resource, by=author)
    resource_services.resource_publish(resource=resource, by=coordinator)
    response = client.get(url)
    _assert_served(response, stored, mode)
    assert response["Cache-Control"].startswith("public")
    _assert_refused(client.get(files["earlier version"][0]))
    assert client.get("/media/" + stored.name).status_code == 404


def test_returning_a_published_material_makes_its_file_private_again(
    client, mode, files, author, coordinator
):
    url, stored = files["material file"]
    resource = stored.instance.resource
    resource_services.resource_submit(resource=resource, by=author)
    resource_services.resource_publish(resource=resource, by=coordinator)
    assert client.get(url).status_code == 200
    resource_services.resource_return(resource=resource, by=coordinator, comment="Popraw opis.")
    _assert_refused(client.get(url))
    client.force_login(author)
    _assert_served(client.get(url), stored, mode)


# --- /media/ serves public uploads only, even in DEBUG --------------------------------------


@pytest.fixture
def debug_urls(settings):
    """config.urls as `runserver` builds it with DEBUG on (the media route included)."""
    import config.urls

    settings.DEBUG = True
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


def test_media_route_in_debug_serves_avatars_but_no_private_file(client, debug_urls, files):
    avatar = default_storage.save("avatars/ala.webp", ContentFile(b"RIFF0000WEBP"))
    assert client.get("/media/" + avatar).status_code == 200
    for name, (_url, stored) in files.items():
        assert client.get("/media/" + stored.name).status_code == 404, name


# --- moving files stored before the private storage existed ---------------------------------


def _back_to_the_old_place(stored) -> None:
    """Put a file where uploads used to go: the public MEDIA_ROOT under the same name."""
    default_storage.save(stored.name, ContentFile(_bytes_of(stored)))
    private.delete(stored.name)


def test_moving_files_takes_them_out_of_media_and_is_idempotent(client, debug_urls, files, author):
    for _url, stored in files.values():
        _back_to_the_old_place(stored)
    old_url, old = "/media/" + files["attachment"][1].name, files["attachment"][1]
    assert client.get(old_url).status_code == 200  # the leak this command closes

    call_command("move_private_files", "--dry-run")
    assert default_storage.exists(old.name) and not private.exists(old.name)

    call_command("move_private_files")
    for name, (_url, stored) in files.items():
        assert private.exists(stored.name), name
        assert not default_storage.exists(stored.name), name
        assert client.get("/media/" + stored.name).status_code == 404, name
    client.force_login(author)
    assert client.get(files["attachment"][0]).status_code == 200

    call_command("move_private_files")  # a second run finds nothing to do
    assert private.exists(old.name) and not default_storage.exists(old.name)


def test_moving_files_removes_a_public_copy_left_by_an_interrupted_run(files):
    _url, stored = files["material file"]
    default_storage.save(stored.name, ContentFile(_bytes_of(stored)))
    call_command("move_private_files")
    assert private.exists(stored.name) and not default_storage.exists(stored.name)


# --- query budgets ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    # Session and person, the object, the membership; a current material's download is
    # also counted (the daily row, the counter, the activity log).
    ("name", "budget"),
    [("material file", 10), ("earlier version", 5), ("attachment", 5)],
)
def test_download_views_have_a_query_budget(
    client, files, author, name, budget, settings, django_assert_max_num_queries
):
    settings.SIECI_FILE_SERVING = "x-accel"
    client.force_login(author)
    url, _stored = files[name]
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200
