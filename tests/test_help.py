"""Help at /pomoc/: every guide answers everyone in Polish and English, with its headings and
its pictures, and the pages it explains link to it."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.tests.factories import UserFactory
from core.help import GUIDES
from forums.services.posting import thread_create
from networks.models import Role
from networks.tests.factories import MembershipFactory, NetworkFactory

pytestmark = pytest.mark.django_db

# Each guide's title and one of its section headings (English msgids, shown translated).
HEADINGS = {
    "pierwsze-kroki": ["First steps: your account", "Answer an invitation"],
    "koordynator": ["For coordinators: running a network", "2. Invite people"],
    "nauczyciel": ["For teachers: discussing and sharing", "2. Write in a thread"],
    "bibliotekarz": ["For librarians: using the bank", "1. Search the bank"],
}


@pytest.fixture
def cast(db):
    coordinator = UserFactory()
    network = NetworkFactory(coordinator=coordinator)
    member = MembershipFactory(network=network, role=Role.PARTICIPANT).user
    return {
        "anonymous": None,
        "outsider": UserFactory(),
        "member": member,
        "coordinator": coordinator,
        "staff": UserFactory(is_staff=True, is_superuser=True),
    }


def _as(client, person, language):
    if person is not None:
        client.force_login(person)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language


@pytest.mark.parametrize("who", ["anonymous", "outsider", "member", "coordinator", "staff"])
@pytest.mark.parametrize("language", ["pl", "en"])
def test_help_index_lists_every_guide_for_everyone(
    client, cast, who, language, django_assert_max_num_queries
):
    _as(client, cast[who], language)
    with django_assert_max_num_queries(3):
        response = client.get(reverse("help:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{language}"' in html
    for guide in GUIDES:
        assert reverse("help:guide", kwargs={"slug": guide.slug}) in html
    with translation.override(language):
        assert str(GUIDES[1].title) in html


@pytest.mark.parametrize("who", ["anonymous", "outsider", "member", "coordinator", "staff"])
@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize("slug", list(HEADINGS))
def test_each_guide_answers_everyone_with_its_headings_and_pictures(
    client, cast, who, language, slug, django_assert_max_num_queries
):
    _as(client, cast[who], language)
    with django_assert_max_num_queries(3):
        response = client.get(reverse("help:guide", kwargs={"slug": slug}))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{language}"' in html
    with translation.override(language):
        headings = [translation.gettext(heading) for heading in HEADINGS[slug]]
    assert f"<h1>{headings[0]}</h1>" in html
    assert f">{headings[1]}</h2>" in html
    images = [part.split('"')[0] for part in html.split(f'src="/static/help/{language}/')[1:]]
    assert images, "every guide is illustrated"
    for image in images:
        assert (Path(settings.BASE_DIR) / "static" / "help" / language / image).is_file()
    assert 'alt=""' not in html


def test_the_guides_cover_every_role_of_the_brief():
    assert [guide.slug for guide in GUIDES] == list(HEADINGS)


def test_an_unknown_guide_is_404(client):
    assert client.get(reverse("help:guide", kwargs={"slug": "nie-ma"})).status_code == 404


def test_screenshots_stay_small():
    from PIL import Image

    for path in (Path(settings.BASE_DIR) / "static" / "help").rglob("*.png"):
        assert path.stat().st_size < 120_000, path
        assert Image.open(path).width <= 1000, path


def test_footer_and_menu_link_to_help(client):
    html = client.get(reverse("home")).content.decode()
    assert html.count(f'href="{reverse("help:index")}"') == 2


def test_the_coordination_page_links_to_the_coordinators_guide(client, cast):
    network = cast["coordinator"].memberships.get().network
    client.force_login(cast["coordinator"])
    html = client.get(reverse("networks:manage", kwargs={"slug": network.slug})).content.decode()
    assert reverse("help:guide", kwargs={"slug": "koordynator"}) in html


def test_the_thread_page_links_to_the_teachers_guide(client, cast):
    network = cast["coordinator"].memberships.get().network
    thread = thread_create(network=network, author=cast["member"], title="Pytanie", body="Treść")
    client.force_login(cast["member"])
    url = reverse("forums:thread_detail", kwargs={"network_slug": network.slug, "pk": thread.pk})
    assert reverse("help:guide", kwargs={"slug": "nauczyciel"}) in client.get(url).content.decode()


def test_the_bank_links_to_the_librarians_guide(client):
    html = client.get(reverse("resources:bank")).content.decode()
    assert reverse("help:guide", kwargs={"slug": "bibliotekarz"}) in html


def test_my_networks_links_to_the_first_steps_guide(client, cast):
    client.force_login(cast["member"])
    html = client.get(reverse("networks:mine")).content.decode()
    assert reverse("help:guide", kwargs={"slug": "pierwsze-kroki"}) in html
