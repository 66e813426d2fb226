import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import escape
from PIL import Image

from accounts.models import User
from accounts.tests.factories import PROFILE, UserFactory

pytestmark = pytest.mark.django_db


def photo(size=(2000, 1000)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "blue").save(buffer, format="JPEG")
    return SimpleUploadedFile("ja.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.mark.parametrize("name", ["accounts:profile", "accounts:profile_edit"])
def test_anonymous_is_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("is_staff", [False, True])
@pytest.mark.parametrize("name", ["accounts:profile", "accounts:profile_edit"])
def test_profile_pages_show_only_my_own_profile(
    client, name, is_staff, django_assert_max_num_queries
):
    other = UserFactory(display_name="Ktoś Inny")
    me = UserFactory(display_name="Ja Sama", is_staff=is_staff)
    client.force_login(me)
    # The profile adds one query for the first steps and one for invitations waiting.
    with django_assert_max_num_queries(6 if name == "accounts:profile" else 4):
        html = client.get(reverse(name)).content.decode()
    assert "Ja Sama" in html
    assert other.display_name not in html


def test_filling_in_the_profile_with_an_avatar(client):
    me = UserFactory()
    client.force_login(me)
    response = client.post(reverse("accounts:profile_edit"), {**PROFILE, "avatar": photo()})
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.display_name == "Anna Kowalska"
    assert me.subject_list == ["matematyka", "informatyka"]
    assert me.avatar.name.endswith(".webp")
    with Image.open(me.avatar.path) as image:
        assert max(image.size) == 512
    assert "Anna Kowalska" in client.get(reverse("accounts:profile")).content.decode()


def test_a_non_image_avatar_is_refused_and_the_other_fields_are_kept(client):
    me = UserFactory(display_name="Stara nazwa")
    client.force_login(me)
    fake = SimpleUploadedFile("wirus.png", b"MZ\x90\x00 this is an exe", content_type="image/png")
    response = client.post(reverse("accounts:profile_edit"), {**PROFILE, "avatar": fake})
    assert response.status_code == 200
    html = response.content.decode()
    (error,) = response.context["form"].errors.as_data()["avatar"]
    assert error.code == "program"
    assert escape(response.context["form"].errors["avatar"][0]) in html
    assert 'value="SP nr 5 w Zamościu"' in html
    assert "Uczę matematyki." in html
    me.refresh_from_db()
    assert me.display_name == "Stara nazwa"


def test_an_oversized_avatar_file_gets_the_limit_in_the_message(client, settings):
    settings.UPLOAD_AVATAR_MAX_BYTES = 1000
    me = UserFactory()
    client.force_login(me)
    response = client.post(reverse("accounts:profile_edit"), {**PROFILE, "avatar": photo()})
    assert response.status_code == 200
    (error,) = response.context["form"].errors.as_data()["avatar"]
    assert (error.code, error.params["limit"]) == ("too_big", filesizeformat(1000))


def test_removing_the_avatar(client):
    me = UserFactory()
    client.force_login(me)
    client.post(reverse("accounts:profile_edit"), {**PROFILE, "avatar": photo()})
    response = client.post(reverse("accounts:profile_edit"), {**PROFILE, "avatar-clear": "on"})
    assert response.status_code == 302
    me.refresh_from_db()
    assert not me.avatar


def test_profile_edit_cannot_grant_the_coordinator_capability(client):
    me = UserFactory()
    client.force_login(me)
    client.post(
        reverse("accounts:profile_edit"), {**PROFILE, "can_create_networks": "on", "is_staff": "on"}
    )
    me.refresh_from_db()
    assert not me.can_create_networks and not me.is_staff


def test_public_name_never_falls_back_to_the_email():
    person = User.objects.create_user("tajny@example.org", "x")
    assert "tajny" not in str(person)


def test_the_name_others_see_cannot_be_emptied_on_the_profile(client):
    me = UserFactory(display_name="Ewa Nowak")
    client.force_login(me)
    response = client.post(reverse("accounts:profile_edit"), {**PROFILE, "display_name": ""})
    assert response.status_code == 200
    assert 'value="SP nr 5 w Zamościu"' in response.content.decode()
    me.refresh_from_db()
    assert me.display_name == "Ewa Nowak"
