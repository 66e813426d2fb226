"""Forum states are built through the services, as the house rules ask."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.tests.factories import UserFactory
from core.uploads import check_upload
from forums import services
from networks.models import Role
from networks.tests.factories import MembershipFactory, NetworkFactory


def member_of(network, role=Role.PARTICIPANT, **user_fields):
    user = UserFactory(**user_fields)
    MembershipFactory(network=network, user=user, role=role)
    network.__dict__.pop("_membership_cache", None)
    return user


def network_with_coordinator(**fields):
    coordinator = UserFactory()
    network = NetworkFactory(coordinator=coordinator, **fields)
    return network, coordinator


def thread_with_posts(
    network, author, *, replies=0, title="Wątek próbny", body="Pierwszy wpis", **kw
):
    if "files" in kw:  # the services store only checked uploads, as the forms hand them
        kw["files"] = [check_upload(upload) for upload in kw["files"]]
    thread = services.thread_create(network=network, author=author, title=title, body=body, **kw)
    for number in range(replies):
        services.thread_reply(thread=thread, author=author, body=f"Odpowiedź {number}")
    thread.refresh_from_db()
    thread.network = network
    return thread


def png_upload(name="obrazek.png", size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf_upload(name="plan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF", "application/pdf"
    )
