"""Every upload field of the site against one hostile corpus, through the real views.

The fields: a material's files (adding and editing), a new version of a file,
a new thread's and a reply's attachments, and the avatar. Each hostile file must
be refused with a message that names it, nothing may be stored, and what the
person typed in the other fields must come back filled in. Good files of every
type a field takes must be accepted.
"""

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django import forms as django_forms
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape
from PIL import Image

from accounts.models import User
from accounts.tests.factories import PROFILE
from core.tests import corpus
from core.upload_fields import UploadField
from core.uploads import AVATAR, check_upload
from forums.models import Attachment, Post
from forums.tests.factories import member_of, network_with_coordinator, thread_with_posts
from resources.models import ResourceFile
from resources.tests.factories import resource_share

pytestmark = pytest.mark.django_db

MATERIAL = {
    "title": "Ułamki na wesoło",
    "description": "Opis, który pisałam pół godziny.",
    "resource_type": "lesson_scenario",
    "licence": "cc-by-sa",
    "tags": "ułamki, gry dydaktyczne",
}


@dataclass
class World:
    member: User
    network: object
    resource: object
    thread: object


@dataclass(frozen=True)
class UploadForm:
    """One upload field of the site: where it is posted and what else the person typed there."""

    field: str
    url: Callable[[World], str]
    data: dict
    kept: tuple[str, ...]
    avatar: bool = False

    def stored(self, world: World) -> tuple:
        """Everything an accepted upload would add, so a refusal can be seen to add nothing."""
        world.member.refresh_from_db()
        return (
            ResourceFile.objects.count(),
            Attachment.objects.count(),
            Post.objects.count(),
            world.member.avatar.name,
        )


FORMS = {
    "material-add": UploadForm(
        "files",
        lambda w: reverse("resources:add", kwargs={"network_slug": w.network.slug}),
        MATERIAL,
        (MATERIAL["title"], MATERIAL["description"], MATERIAL["tags"]),
    ),
    "material-edit": UploadForm(
        "files",
        lambda w: reverse("resources:edit", kwargs={"pk": w.resource.pk}),
        MATERIAL,
        (MATERIAL["title"], MATERIAL["description"], MATERIAL["tags"]),
    ),
    "material-new-version": UploadForm(
        "file",
        lambda w: reverse(
            "resources:replace_file", kwargs={"file_pk": w.resource.files.get(is_current=True).pk}
        ),
        {},
        (),
    ),
    "thread-create": UploadForm(
        "files",
        lambda w: reverse("forums:thread_create", kwargs={"network_slug": w.network.slug}),
        {"title": "Jak uczyć ułamków?", "body": "Mój długi wpis o ułamkach zwykłych."},
        ("Jak uczyć ułamków?", "Mój długi wpis o ułamkach zwykłych."),
    ),
    "thread-reply": UploadForm(
        "files",
        lambda w: reverse(
            "forums:thread_reply", kwargs={"network_slug": w.network.slug, "pk": w.thread.pk}
        ),
        {"body": "Moja odpowiedź o ułamkach dziesiętnych."},
        ("Moja odpowiedź o ułamkach dziesiętnych.",),
    ),
    "avatar": UploadForm(
        "avatar",
        lambda w: reverse("accounts:profile_edit"),
        PROFILE,
        (PROFILE["institution_name"], PROFILE["bio"]),
        avatar=True,
    ),
}


@pytest.fixture
def world(client) -> World:
    network, _coordinator = network_with_coordinator()
    member = member_of(network)
    resource = resource_share(network=network, author=member)
    thread = thread_with_posts(network, member)
    client.force_login(member)
    return World(member=member, network=network, resource=resource, thread=thread)


def post(client, form: UploadForm, world: World, upload):
    return client.post(form.url(world), {**form.data, form.field: upload})


def _refusal_problems(client, form: UploadForm, world: World, label: str) -> list[str]:
    """What is wrong with how one field refused one hostile file (nothing, when all is well)."""
    name, build, code = corpus.HOSTILE[label]
    before = form.stored(world)
    response = post(client, form, world, corpus.upload(name, build()))
    if response.status_code != 200:
        return [f"{label}: answered {response.status_code}, not the form again"]
    problems = []
    errors = response.context["form"].errors.as_data().get(form.field, [])
    codes = {error.code for error in errors}
    # The avatar takes pictures only: a non-picture may be refused as the wrong type first.
    if codes != {code} and not (form.avatar and codes == {"file_type"}):
        problems.append(f"{label}: refused as {codes or 'nothing'}, expected {code}")
    html = response.content.decode()
    for message in response.context["form"].errors.get(form.field, []):
        if name not in message:
            problems.append(f"{label}: the message does not name the file: {message}")
        if escape(message) not in html:
            problems.append(f"{label}: the message is not on the page: {message}")
    problems += [f"{label}: lost {typed!r}" for typed in form.kept if escape(typed) not in html]
    if form.stored(world) != before:
        problems.append(f"{label}: something was stored")
    return problems


@pytest.mark.parametrize("form_name", FORMS)
def test_every_upload_field_refuses_the_hostile_corpus_and_keeps_the_rest(client, world, form_name):
    # One test a field, the corpus walked inside it: a page of errors names every file that got in.
    problems = [
        problem
        for label in corpus.HOSTILE
        for problem in _refusal_problems(client, FORMS[form_name], world, label)
    ]
    assert problems == []


def _accepted(client, form: UploadForm, world: World, upload) -> str | None:
    before = form.stored(world)
    response = post(client, form, world, upload)
    if response.status_code != 302:
        return f"{upload.name}: refused: {response.context['form'].errors.get(form.field)}"
    if form.stored(world) == before:
        return f"{upload.name}: accepted but not stored"
    return None


@pytest.mark.parametrize("form_name", [name for name, form in FORMS.items() if not form.avatar])
def test_every_document_field_accepts_every_allowed_type(client, world, form_name):
    problems = [
        _accepted(client, FORMS[form_name], world, build())
        for build in corpus.VALID_DOCUMENTS.values()
    ]
    assert [problem for problem in problems if problem] == []


@pytest.mark.parametrize("kind", corpus.VALID_AVATARS)
def test_the_avatar_accepts_every_picture_type(client, world, kind):
    assert _accepted(client, FORMS["avatar"], world, corpus.VALID_AVATARS[kind]()) is None
    with Image.open(world.member.avatar.path) as image:
        assert image.format == "WEBP"


@pytest.mark.parametrize("kind", ["pdf", "docx", "txt", "mp3"])
def test_the_avatar_refuses_documents_naming_what_it_takes(client, world, kind):
    response = post(client, FORMS["avatar"], world, corpus.VALID_DOCUMENTS[kind]())
    (error,) = response.context["form"].errors.as_data()["avatar"]
    assert error.code == "file_type"
    assert error.params["allowed"] == "JPEG, PNG, WebP, GIF"


@pytest.mark.parametrize("form_name", FORMS)
def test_a_file_over_the_limit_is_refused_naming_the_limit(client, world, settings, form_name):
    settings.UPLOAD_MAX_BYTES = settings.UPLOAD_AVATAR_MAX_BYTES = 2048
    form = FORMS[form_name]
    big = corpus.upload("duzy.png", corpus.noisy_image("PNG", (100, 100)))
    response = post(client, form, world, big)
    (error,) = response.context["form"].errors.as_data()[form.field]
    assert error.code == "too_big"
    assert "2,0" in response.context["form"].errors[form.field][0]  # "2,0 KB", said in Polish


def test_the_pixel_flood_is_refused_from_its_header_without_decoding(monkeypatch):
    decoded = []
    monkeypatch.setattr(Image.Image, "load", lambda self: decoded.append(self))
    monkeypatch.setattr("PIL.ImageFile.ImageFile.load", lambda self: decoded.append(self))
    for policy in (None, AVATAR):
        kwargs = {"policy": policy} if policy else {}
        with pytest.raises(Exception) as refusal:
            check_upload(corpus.upload("plakat.png", corpus.pixel_flood()), **kwargs)
        assert refusal.value.code == "too_many_pixels"
    assert decoded == []


def test_a_picture_just_over_the_pixel_limit_is_refused_by_its_header_size(settings, monkeypatch):
    settings.UPLOAD_IMAGE_MAX_PIXELS = 10_000
    monkeypatch.setattr("PIL.ImageFile.ImageFile.load", lambda self: pytest.fail("decoded"))
    with pytest.raises(Exception) as refusal:
        check_upload(corpus.upload("obraz.png", corpus.image("PNG", (101, 100))))
    assert refusal.value.code == "too_many_pixels"
    assert refusal.value.params == {
        "name": "obraz.png",
        "width": 101,
        "height": 100,
        "limit": 0.01,
    }


def test_an_attachment_picture_is_opened_once_for_both_sizes(client, world, monkeypatch):
    opened = []
    real_open = Image.open

    def counting_open(*args, **kwargs):
        opened.append(args)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(Image, "open", counting_open)
    upload = corpus.upload("plakat.png", corpus.image("PNG", (3000, 2000)))
    response = post(client, FORMS["thread-create"], world, upload)
    assert response.status_code == 302
    assert len(opened) == 1
    attachment = Attachment.objects.get()
    with real_open(attachment.file.path) as stored, real_open(attachment.thumbnail.path) as thumb:
        assert stored.size == (2400, 1600)
        assert thumb.size == (480, 320)


def test_more_attachments_than_allowed_are_refused_and_the_post_kept(client, world):
    files = [corpus.VALID_DOCUMENTS["pdf"]() for _ in range(11)]
    response = client.post(
        FORMS["thread-create"].url(world), {"title": "T", "body": "Mój wpis", "files": files}
    )
    (error,) = response.context["form"].errors.as_data()["files"]
    assert error.code == "too_many_files"
    assert "Mój wpis" in response.content.decode()


def test_several_refused_files_are_each_named(client, world):
    files = [
        corpus.upload("pierwszy.pdf", corpus.HTML),
        corpus.VALID_DOCUMENTS["pdf"](),
        corpus.upload("drugi.txt", corpus.SHELL),
    ]
    response = post(client, FORMS["material-add"], world, files)
    messages = response.context["form"].errors["files"]
    assert len(messages) == 2
    assert "pierwszy.pdf" in messages[0] and "drugi.txt" in messages[1]
    assert ResourceFile.objects.count() == 1  # only the one shared by the fixture


def test_a_text_file_in_a_polish_code_page_is_stored_as_utf8(client, world):
    upload = corpus.VALID_DOCUMENTS["txt-cp1250"]()
    assert _accepted(client, FORMS["thread-create"], world, upload) is None
    attachment = Attachment.objects.get()
    assert attachment.file.read().decode("utf-8") == "Ćwiczenia z ułamków"
    assert attachment.content_type == "text/plain; charset=utf-8"


def _project_forms() -> set[type]:
    project_apps = [
        config
        for config in apps.get_app_configs()
        if config.path.startswith(str(settings.BASE_DIR))
    ]
    for config in project_apps:
        if importlib.util.find_spec(f"{config.name}.forms"):
            importlib.import_module(f"{config.name}.forms")
    found, pending = set(), [django_forms.BaseForm]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.split(".")[0] in {c.name for c in project_apps}:
                found.add(subclass)
    return found


def test_every_file_field_of_the_site_goes_through_the_one_check_and_this_corpus():
    """A new file field anywhere must be an UploadField and join FORMS above."""
    file_fields = {
        (form.__name__, name)
        for form in _project_forms()
        for name, field in getattr(form, "base_fields", {}).items()
        if isinstance(field, django_forms.FileField)
    }
    assert file_fields == {
        ("ProfileForm", "avatar"),
        ("ReplyForm", "files"),
        ("ThreadForm", "files"),
        ("ReplaceFileForm", "file"),
        ("ResourceForm", "files"),
    }
    for form in _project_forms():
        for field in getattr(form, "base_fields", {}).values():
            if isinstance(field, django_forms.FileField):
                assert isinstance(field, UploadField)


@pytest.mark.parametrize("label", ["svg-with-script", "pixel-flood", "exe-as-docx"])
def test_the_admin_avatar_field_refuses_the_corpus_too(admin_client, label):
    person = User.objects.create_user("ala@example.org", "x", display_name="Ala")
    name, build, _code = corpus.HOSTILE[label]
    url = reverse("admin:accounts_user_change", args=[person.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update(
        email=person.email, date_joined_0="2026-01-01", date_joined_1="10:00:00", language=""
    )
    data["avatar"] = corpus.upload(name, build())
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "avatar" in response.context["adminform"].form.errors
    person.refresh_from_db()
    assert not person.avatar


def test_the_services_store_only_checked_files(world):
    from accounts.services import user_update_profile
    from forums.services import thread_reply
    from resources.services import resource_create

    raw = corpus.VALID_DOCUMENTS["pdf"]()
    with pytest.raises(TypeError, match="check_upload"):
        thread_reply(thread=world.thread, author=world.member, body="x", files=[raw])
    with pytest.raises(TypeError, match="check_upload"):
        resource_create(network=world.network, author=world.member, uploads=[raw], **MATERIAL)
    with pytest.raises(TypeError, match="check_upload"):
        user_update_profile(user=world.member, data={}, avatar=raw)
