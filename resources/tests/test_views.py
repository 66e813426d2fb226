"""Who gets what from every materials page: anonymous, outsider, member, coordinator, staff.

A material one may not see answers 404 (a network-only material does not exist for
outsiders; staff are outsiders on the site unless they curate a submitted one); an
action one may not take answers 403.
"""

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from core.uploads import check_upload
from networks.models import ActivityKind, ActivityLog
from notifications.models import Notification
from resources import services
from resources.models import Bookmark, Rating, Resource, Status
from resources.tests.factories import pdf_file, png_file, resource_published, resource_share

pytestmark = pytest.mark.django_db
PEOPLE = ["anonymous", "outsider", "member", "coordinator", "staff"]


def _login(client, people, who):
    if people[who] is not None:
        client.force_login(people[who])


def _expect(response, expected):
    if expected == "login":
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    else:
        assert response.status_code == expected, response.content[:500]


@pytest.fixture
def network_only(network, member):
    return resource_share(network=network, author=member, files=[pdf_file(), png_file()])


@pytest.fixture
def public(network, member, coordinator):
    return resource_published(
        network=network, author=member, coordinator=coordinator, files=[pdf_file(), png_file()]
    )


@pytest.fixture
def submitted(network, member):
    resource = resource_share(network=network, author=member)
    return services.resource_submit(resource=resource, by=member)


# --- pages anyone may open -------------------------------------------------------


@pytest.mark.parametrize("who", PEOPLE)
def test_bank_and_exports_are_open_to_everyone(client, people, public, who):
    _login(client, people, who)
    for name in ("resources:bank", "resources:export_csv", "resources:export_ris"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert public.title in response.content.decode()


@pytest.mark.parametrize("who", PEOPLE)
def test_published_material_and_its_files_are_open_to_everyone(client, people, public, who):
    _login(client, people, who)
    assert client.get(public.get_absolute_url()).status_code == 200
    for file in public.files.all():
        assert client.get(reverse("resources:download", args=[file.pk])).status_code == 200
    image = public.files.get(kind="webp")
    assert client.get(reverse("resources:thumbnail", args=[image.pk])).status_code == 200


PRIVATE = {
    # what: (anonymous, outsider, member, coordinator, staff)
    "detail": (404, 404, 200, 200, 404),
    "download": (404, 404, 200, 200, 404),
    "thumbnail": (404, 404, 200, 200, 404),
    "edit": ("login", 404, 200, 403, 404),
    "replace_file": ("login", 404, 200, 403, 404),
}


@pytest.mark.parametrize("page", PRIVATE)
@pytest.mark.parametrize("who", PEOPLE)
def test_network_only_material_is_for_members_only(client, people, network_only, page, who):
    image = network_only.files.get(kind="webp")
    urls = {
        "detail": network_only.get_absolute_url(),
        "download": reverse("resources:download", args=[image.pk]),
        "thumbnail": reverse("resources:thumbnail", args=[image.pk]),
        "edit": reverse("resources:edit", args=[network_only.pk]),
        "replace_file": reverse("resources:replace_file", args=[image.pk]),
    }
    _login(client, people, who)
    _expect(client.get(urls[page]), PRIVATE[page][PEOPLE.index(who)])


NETWORK_PAGES = {
    "network_list": ("login", 404, 200, 200, 404),
    "add": ("login", 404, 200, 200, 404),
}


@pytest.mark.parametrize("page", NETWORK_PAGES)
@pytest.mark.parametrize("who", PEOPLE)
def test_network_pages_are_for_members(client, people, network, page, who):
    _login(client, people, who)
    url = reverse(f"resources:{page}", kwargs={"network_slug": network.slug})
    _expect(client.get(url), NETWORK_PAGES[page][PEOPLE.index(who)])


PERSONAL_PAGES = {
    "my_networks": ("login", 200, 200, 200, 200),
    "shelf": ("login", 200, 200, 200, 200),
    "curation_queue": ("login", 403, 403, 200, 200),
}


@pytest.mark.parametrize("page", PERSONAL_PAGES)
@pytest.mark.parametrize("who", PEOPLE)
def test_personal_pages(client, people, network, page, who):
    _login(client, people, who)
    _expect(client.get(reverse(f"resources:{page}")), PERSONAL_PAGES[page][PEOPLE.index(who)])


@pytest.mark.parametrize("who", PEOPLE)
def test_person_page_shows_what_they_gave_to_whoever_may_see_it(
    client, people, public, network_only, member, who
):
    _login(client, people, who)
    response = client.get(reverse("resources:person", args=[member.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert public.get_absolute_url() in content
    shows_private = network_only.get_absolute_url() in content
    assert shows_private == (who in ("member", "coordinator"))


def test_person_who_gave_nothing_visible_has_no_page(client, outsider, network_only, member):
    client.force_login(outsider)
    assert client.get(reverse("resources:person", args=[member.pk])).status_code == 404


def test_submitted_material_is_visible_to_a_staff_curator(client, staff_user, submitted):
    client.force_login(staff_user)
    response = client.get(submitted.get_absolute_url())
    assert response.status_code == 200
    assert "Decyzja" in response.content.decode() or "decision" in response.content.decode()


# --- actions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    list(zip(PEOPLE, ("login", 404, 302, 403, 404), strict=True)),
)
def test_only_the_author_submits(client, people, network_only, who, expected):
    _login(client, people, who)
    _expect(client.post(reverse("resources:submit", args=[network_only.pk])), expected)
    status = Resource.objects.get(pk=network_only.pk).status
    assert (status == Status.SUBMITTED) == (expected == 302)


@pytest.mark.parametrize(
    ("who", "expected"),
    list(zip(PEOPLE, ("login", 404, 403, 302, 302), strict=True)),
)
def test_coordinator_or_staff_publishes(client, people, submitted, who, expected):
    _login(client, people, who)
    url = reverse("resources:curate", args=[submitted.pk])
    _expect(client.post(url, {"decision": "publish"}), expected)
    status = Resource.objects.get(pk=submitted.pk).status
    assert (status == Status.PUBLISHED) == (expected == 302)


def test_returning_without_a_comment_shows_an_error(client, coordinator, submitted):
    client.force_login(coordinator)
    response = client.post(reverse("resources:curate", args=[submitted.pk]), {"decision": "return"})
    assert response.status_code == 400
    assert Resource.objects.get(pk=submitted.pk).status == Status.SUBMITTED


def test_returning_with_a_comment(client, coordinator, submitted):
    client.force_login(coordinator)
    response = client.post(
        reverse("resources:curate", args=[submitted.pk]),
        {"decision": "return", "comment": "Brakuje źródeł."},
    )
    assert response.status_code == 302
    assert Resource.objects.get(pk=submitted.pk).status == Status.RETURNED


@pytest.mark.parametrize(
    ("who", "expected"),
    list(zip(PEOPLE, ("login", 302, 403, 302, 302), strict=True)),
)
def test_everyone_but_the_author_rates(client, people, public, who, expected):
    _login(client, people, who)
    response = client.post(reverse("resources:rate", args=[public.pk]), {"stars": "4"})
    _expect(response, expected)
    assert Rating.objects.count() == (1 if expected == 302 else 0)


def test_rating_through_htmx_returns_the_partial(client, outsider, public):
    client.force_login(outsider)
    response = client.post(
        reverse("resources:rate", args=[public.pk]), {"stars": "5"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert 'id="rating-box"' in response.content.decode()


@pytest.mark.parametrize(
    ("who", "expected"),
    list(zip(PEOPLE, ("login", 302, 302, 302, 302), strict=True)),
)
def test_anyone_logged_in_bookmarks_a_public_material(client, people, public, who, expected):
    _login(client, people, who)
    _expect(client.post(reverse("resources:bookmark", args=[public.pk])), expected)
    assert Bookmark.objects.count() == (1 if expected == 302 else 0)


def test_outsider_cannot_bookmark_a_network_only_material(client, outsider, network_only):
    client.force_login(outsider)
    assert client.post(reverse("resources:bookmark", args=[network_only.pk])).status_code == 404


def test_shelf_lists_my_bookmarks(client, outsider, public):
    services.bookmark_toggle(resource=public, user=outsider)
    client.force_login(outsider)
    assert public.title in client.get(reverse("resources:shelf")).content.decode()


# --- adding, editing, files ------------------------------------------------------------


def test_member_shares_a_material_with_a_pdf(client, network, member):
    client.force_login(member)
    response = client.post(
        reverse("resources:add", kwargs={"network_slug": network.slug}),
        {
            "title": "Scenariusz: ułamki",
            "description": "Opis",
            "resource_type": "lesson_scenario",
            "levels": ["primary_4_8"],
            "licence": "cc-by",
            "tags": "ułamki, gry",
            "files": [pdf_file()],
        },
    )
    resource = Resource.objects.get()
    assert response.status_code == 302 and response["Location"] == resource.get_absolute_url()
    assert resource.tags == ["ułamki", "gry"]
    assert resource.status == Status.NETWORK
    assert ActivityLog.objects.filter(kind=ActivityKind.UPLOAD, user=member).exists()


def test_author_uploads_a_new_version_and_still_sees_the_old_one(client, member, network_only):
    client.force_login(member)
    old = network_only.files.get(kind="pdf")
    response = client.post(
        reverse("resources:replace_file", args=[old.pk]), {"file": pdf_file(name="v2.pdf")}
    )
    assert response.status_code == 302
    page = client.get(network_only.get_absolute_url()).content.decode()
    assert reverse("resources:download", args=[old.pk]) in page
    assert client.get(reverse("resources:download", args=[old.pk])).status_code == 200


def test_earlier_version_is_hidden_from_other_members(client, member, coordinator, network_only):
    old = network_only.files.get(kind="pdf")
    services.resource_file_replace(
        resource_file=old,
        by=member,
        upload=check_upload(pdf_file(name="v2.pdf")),
    )
    client.force_login(coordinator)
    assert client.get(reverse("resources:download", args=[old.pk])).status_code == 404


def test_download_is_served_safely_and_counted_once_a_day(client, outsider, public):
    client.force_login(outsider)
    file = public.files.get(kind="pdf")
    url = reverse("resources:download", args=[file.pk])
    response = client.get(url)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename=" in response["Content-Disposition"]
    client.get(url)
    public.refresh_from_db()
    assert public.download_count == 1
    logged = ActivityLog.objects.get(kind=ActivityKind.DOWNLOAD)
    assert logged.network_id == public.network_id and logged.user == outsider


def test_public_page_is_indexable_with_licence_metadata(client, public):
    content = client.get(public.get_absolute_url()).content.decode()
    assert 'rel="license"' in content
    assert "og:title" in content
    assert "noindex" not in content


def test_network_only_page_is_not_indexable(client, member, network_only):
    client.force_login(member)
    assert "noindex" in client.get(network_only.get_absolute_url()).content.decode()


# --- query budgets -------------------------------------------------------------------


def _more_resources(network, author, count):
    from resources.tests.factories import ResourceFactory

    ResourceFactory.create_batch(count, network=network, author=author)


@pytest.mark.parametrize("count", [3, 60])
def test_bank_page_query_count_does_not_grow(
    client, network, member, django_assert_max_num_queries, count
):
    _more_resources(network, member, count)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("resources:bank"), {"q": "scenariusze lekcji"}).status_code == 200
    client.force_login(member)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("resources:bank"), {"level": "primary_1_3"}).status_code == 200


@pytest.mark.parametrize("count", [1, 25])
def test_material_page_query_count_does_not_grow(
    client, network, member, coordinator, django_assert_max_num_queries, count
):
    from accounts.tests.factories import UserFactory

    resource = resource_published(network=network, author=member, coordinator=coordinator)
    for _number in range(count):
        services.resource_rate(resource=resource, user=UserFactory(), stars=4, comment="Dobre")
    client.force_login(coordinator)
    with django_assert_max_num_queries(20):
        assert client.get(resource.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("count", [2, 40])
@pytest.mark.parametrize(
    "name", ["my_networks", "shelf", "curation_queue", "network_list", "person"]
)
def test_list_pages_query_count_does_not_grow(
    client, network, member, coordinator, django_assert_max_num_queries, count, name
):
    from resources.tests.factories import ResourceFactory

    resources = ResourceFactory.create_batch(count, network=network, author=member)
    for resource in resources:
        services.bookmark_toggle(resource=resource, user=coordinator)
    Resource.objects.filter(pk__in=[r.pk for r in resources[: count // 2]]).update(
        status=Status.SUBMITTED
    )
    client.force_login(coordinator)
    kwargs = {
        "network_list": {"network_slug": network.slug},
        "person": {"user_pk": member.pk},
    }.get(name, {})
    with django_assert_max_num_queries(16):
        assert client.get(reverse(f"resources:{name}", kwargs=kwargs)).status_code == 200


def test_rating_through_htmx_updates_the_average_too(client, outsider, public):
    client.force_login(outsider)
    response = client.post(
        reverse("resources:rate", args=[public.pk]), {"stars": "4"}, HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    average = content.split('id="rating-summary"', 1)[1]
    assert average.startswith(' hx-swap-oob="true">')
    assert "4,0/5 (1)" in average.split("</span>", 1)[0]


@pytest.fixture
def returned(client, coordinator, submitted):
    return services.resource_return(resource=submitted, by=coordinator, comment="Brakuje źródeł.")


def test_a_returned_material_is_not_resubmitted_without_saying_what_changed(
    client, member, returned
):
    client.force_login(member)
    page = client.get(returned.get_absolute_url()).content.decode()
    assert 'name="note"' in page
    response = client.post(reverse("resources:submit", args=[returned.pk]), {"note": "  "})
    assert response.status_code == 400
    assert _("Say what you changed since the material was returned.") in response.content.decode()
    assert Resource.objects.get(pk=returned.pk).status == Status.RETURNED


def test_the_curator_reads_what_changed_on_resubmission(client, member, coordinator, returned):
    client.force_login(member)
    response = client.post(
        reverse("resources:submit", args=[returned.pk]), {"note": "Dodałam źródła na końcu."}
    )
    assert response.status_code == 302
    assert Resource.objects.get(pk=returned.pk).status == Status.SUBMITTED
    told = Notification.objects.filter(recipient=coordinator).latest("pk")
    assert told.params["note"] == "Dodałam źródła na końcu."
    client.force_login(coordinator)
    page = client.get(returned.get_absolute_url()).content.decode()
    curation = page.split('id="curation-heading"', 1)[1]
    assert "Dodałam źródła na końcu." in curation


def test_a_first_submission_needs_no_note(client, member, network_only):
    client.force_login(member)
    assert 'name="note"' not in client.get(network_only.get_absolute_url()).content.decode()
    assert client.post(reverse("resources:submit", args=[network_only.pk])).status_code == 302
    assert Resource.objects.get(pk=network_only.pk).status == Status.SUBMITTED


@pytest.mark.parametrize(
    ("who", "linked"),
    [
        ("anonymous", False),
        ("outsider", False),
        ("member", False),
        ("coordinator", True),
        ("staff", True),
    ],
)
def test_the_bank_links_curators_to_the_review_queue(client, people, who, linked):
    _login(client, people, who)
    content = client.get(reverse("resources:bank")).content.decode()
    assert (reverse("resources:curation_queue") in content) == linked


def test_on_a_phone_the_bank_filters_fold_behind_a_button(client, public):
    content = client.get(reverse("resources:bank")).content.decode()
    assert 'data-bs-target="#bank-filters"' in content
    assert 'class="collapse d-lg-block' in content
