"""What the material bank stores of an upload; the refusals are core's (core/tests/test_upload_corpus.py)."""

import pytest
from django.urls import reverse
from PIL import Image

from resources.models import ResourceFile
from resources.tests.factories import png_file


@pytest.mark.django_db
def test_a_picture_is_stored_reencoded_at_the_one_size_limit_with_a_thumbnail(
    client, network, member
):
    client.force_login(member)
    response = client.post(
        reverse("resources:add", kwargs={"network_slug": network.slug}),
        {
            "title": "Plakat",
            "description": "Plakat o ułamkach.",
            "resource_type": "lesson_scenario",
            "licence": "cc-by",
            "files": [png_file(size=(3000, 2000))],
        },
    )
    assert response.status_code == 302
    stored = ResourceFile.objects.get()
    assert (stored.kind, stored.content_type, stored.name) == ("webp", "image/webp", "obraz.webp")
    with Image.open(stored.file.path) as image, Image.open(stored.thumbnail.path) as thumbnail:
        assert image.format == "WEBP"
        assert image.size == (2400, 1600)  # the same limit as attachments
        assert thumbnail.size == (480, 320)
