"""The thread page's cached pieces: every change shows at once, to the right people only.

Each test warms the caches with a first view (often another person's), changes the post,
thread or person through the services, and looks again. `cold()` renders the same page with
emptied caches: a cached page must be that page exactly (tokens aside).
"""

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import fragments as core_fragments
from forums import fragments, selectors, services
from forums.models import Attachment, Post, ReadState
from forums.tests.factories import member_of, pdf_upload, thread_with_posts
from networks.models import Role
from networks.tests.factories import NetworkFactory
from notifications.models import Category
from notifications.services import notifications_mark_all_read, notify

pytestmark = pytest.mark.django_db

BADGE = re.compile(r'rounded-pill text-bg-light">(\d+)<')
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")([^"]+)"')


def view(client, user, thread, page=None) -> str:
    client.force_login(user)
    path = thread.get_absolute_url() + (f"?page={page}" if page else "")
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def without_tokens(html: str) -> str:
    return TOKEN.sub(r"\1TOKEN", html)


def cold(client, user, thread, page=None) -> str:
    """The page as it renders with nothing cached."""
    _clear_caches()
    return view(client, user, thread, page)


def article(html: str, post) -> str:
    match = re.search(rf'<article[^>]*id="post-{post.pk}".*?</article>', html, re.S)
    assert match, f"post {post.pk} not on the page"
    return match.group(0)


@pytest.fixture
def reply(thread, other_member):
    return services.thread_reply(thread=thread, author=other_member, body="Odpowiedź do zmiany")


# --- what a post shows changes at once -----------------------------------------------------


def test_an_edited_post_shows_its_new_text_at_once(client, thread, member, other_member, reply):
    assert "Odpowiedź do zmiany" in view(client, member, thread)
    services.post_edit(post=reply, by=other_member, body="Poprawiona odpowiedź")
    html = view(client, member, thread)
    assert "Poprawiona odpowiedź" in html
    assert "Odpowiedź do zmiany" not in html
    assert without_tokens(html) == without_tokens(cold(client, member, thread))


def test_a_hidden_post_is_hidden_from_members_at_once_and_shown_again(
    client, thread, member, coordinator, reply
):
    view(client, member, thread)
    view(client, coordinator, thread)
    services.post_hide(post=reply, by=coordinator, reason="Poza tematem")
    seen_by_member = article(view(client, member, thread), reply)
    assert "Odpowiedź do zmiany" not in seen_by_member
    assert "Poza tematem" in seen_by_member
    seen_by_coordinator = article(view(client, coordinator, thread), reply)
    assert "Odpowiedź do zmiany" in seen_by_coordinator
    assert 'value="unhide"' in seen_by_coordinator
    services.post_unhide(post=reply, by=coordinator)
    assert "Odpowiedź do zmiany" in article(view(client, member, thread), reply)


def test_a_post_approved_by_a_coordinator_shows_to_members_at_once(
    client, network, thread, member, coordinator
):
    services.forum_settings_update(network=network, by=coordinator, approve_first_posts=True)
    newcomer = member_of(network)
    pending = services.thread_reply(thread=thread, author=newcomer, body="Czekam na zgodę")
    assert "Czekam na zgodę" not in view(client, member, thread)
    waiting = article(view(client, coordinator, thread), pending)
    assert 'value="approve"' in waiting
    services.post_approve(post=pending, by=coordinator)
    assert "Czekam na zgodę" in view(client, member, thread)
    assert 'value="approve"' not in article(view(client, coordinator, thread), pending)


def test_a_deleted_post_shows_as_deleted_at_once(client, thread, member, other_member, reply):
    view(client, member, thread)
    services.post_delete(post=reply, by=other_member)
    html = article(view(client, member, thread), reply)
    assert "Odpowiedź do zmiany" not in html
    assert "deleted by its author" in html or "usunięty" in html


def test_a_renamed_author_shows_at_once(client, thread, member, other_member, reply):
    view(client, member, thread)
    other_member.display_name = "Nowe Nazwisko"
    other_member.save(update_fields=["display_name"])
    assert "Nowe Nazwisko" in article(view(client, member, thread), reply)


def test_a_changed_attachment_shows_at_once(client, network, member, other_member):
    thread = thread_with_posts(network, member, files=[pdf_upload("pierwszy.pdf")])
    first = thread.posts.get(number=1)
    assert "pierwszy.pdf" in view(client, other_member, thread)
    attachment = first.attachments.get()
    Attachment.objects.create(
        post=first,
        file=attachment.file.name,
        name="drugi.pdf",
        content_type="application/pdf",
        size=1234,
    )
    html = article(view(client, other_member, thread), first)
    assert "pierwszy.pdf" in html and "drugi.pdf" in html
    attachment.delete()
    html = article(view(client, other_member, thread), first)
    assert "pierwszy.pdf" not in html and "drugi.pdf" in html


def test_a_moved_thread_links_its_posts_in_the_new_network(client, network, thread, coordinator):
    target = NetworkFactory(coordinator=coordinator)
    view(client, coordinator, thread)
    services.thread_move(thread=thread, by=coordinator, to_network=target, reason="Tu pasuje")
    thread.network = target
    html = view(client, coordinator, thread)
    post = thread.posts.get(number=1)
    assert reverse(
        "forums:post_permalink", kwargs={"network_slug": target.slug, "pk": post.pk}
    ) in article(html, post)
    assert f"/{network.slug}/" not in article(html, post)


# --- anonymous posts -------------------------------------------------------------------------


@pytest.fixture
def anonymous_reply(thread, other_member):
    other_member.display_name = "Zofia Tajemnicza"
    other_member.save(update_fields=["display_name"])
    return services.thread_reply(
        thread=thread, author=other_member, body="Wpis bez nazwiska", anonymous=True
    )


def test_the_authors_own_view_of_an_anonymous_post_never_reaches_others(
    client, thread, member, other_member, coordinator, anonymous_reply
):
    own = article(view(client, other_member, thread), anonymous_reply)
    assert "post_edit" not in own  # the URL names are not in the HTML; the paths are
    assert (
        reverse(
            "forums:post_edit",
            kwargs={"network_slug": thread.network.slug, "pk": anonymous_reply.pk},
        )
        in own
    )
    for reader in (member, coordinator):
        html = article(view(client, reader, thread), anonymous_reply)
        assert "Zofia Tajemnicza" not in html
        assert "/edytuj/" not in html
        assert html != own


def test_a_reveal_shows_the_name_to_nobody_on_the_thread_page(
    client, thread, member, coordinator, anonymous_reply
):
    view(client, member, thread)  # read: the next views show no "new" badges
    before = article(view(client, coordinator, thread), anonymous_reply)
    assert "/autor/" in before  # the reveal link, for coordinators
    services.author_reveal(post=anonymous_reply, by=coordinator, reason="Groźby wobec ucznia")
    for reader in (coordinator, member):
        html = view(client, reader, thread)
        assert "Zofia Tajemnicza" not in html
        assert without_tokens(html) == without_tokens(cold(client, reader, thread))


def test_no_key_holds_the_author_of_an_anonymous_post(anonymous_reply, thread, member):
    thread = selectors.get_thread_for_member(member, thread.network.slug, thread.pk, reading=True)
    page = selectors.thread_page(member, thread, 1)
    post = next(p for p in page.posts if p.pk == anonymous_reply.pk)
    key = fragments.post_key(post, core_fragments.key_hasher("forums.post", thread.network.slug))
    post.author.display_name = "Ktoś Inny"
    assert (
        fragments.post_key(post, core_fragments.key_hasher("forums.post", thread.network.slug))
        == key
    )


# --- each reader gets their own page ---------------------------------------------------------


@pytest.mark.parametrize("first", ["member", "coordinator"])
def test_a_coordinators_and_a_members_pages_are_as_without_the_cache(
    client, thread, member, other_member, coordinator, reply, first
):
    services.post_edit(post=reply, by=other_member, body="Zmieniona odpowiedź")
    readers = {"member": member, "coordinator": coordinator, "author": other_member}
    for who in readers.values():
        view(client, who, thread)  # read: the next views show no "new" badges
    expected = {name: without_tokens(cold(client, who, thread)) for name, who in readers.items()}
    _clear_caches()
    order = [first, *(name for name in readers if name != first)]
    for name in order:
        assert without_tokens(view(client, readers[name], thread)) == expected[name]
    for name in reversed(order):
        assert without_tokens(view(client, readers[name], thread)) == expected[name]
    assert expected["member"] != expected["coordinator"]
    member_post, coordinator_post = (
        article(expected[name], reply) for name in ("member", "coordinator")
    )
    assert "/zglos/" in member_post and "/ukryj/" not in member_post
    assert "/ukryj/" in coordinator_post and "/historia/" in coordinator_post


def test_each_coordinator_gets_their_own_csrf_token_in_cached_forms(
    client, network, thread, coordinator, reply
):
    second = member_of(network, role=Role.COORDINATOR)
    services.post_hide(post=reply, by=coordinator, reason="Poza tematem")
    for reader in (coordinator, second):
        client.logout()
        html = view(client, reader, thread)
        assert core_fragments.csrf_placeholder() not in html
        form = re.search(r'value="unhide"', article(html, reply))
        assert form
        tokens = {m.group(2) for m in TOKEN.finditer(html)}
        cookie = client.cookies["csrftoken"].value
        assert {_unmask_cipher_token(t) for t in tokens} == {cookie}


def test_every_field_of_a_post_is_either_in_the_key_or_never_shown():
    fields = {field.name for field in Post._meta.concrete_fields}
    assert fields == fragments.RENDERED_FIELDS | fragments.NOT_RENDERED_FIELDS
    assert not fragments.RENDERED_FIELDS & fragments.NOT_RENDERED_FIELDS


# --- the page's frame ------------------------------------------------------------------------


def test_the_notification_badge_changes_at_once(client, thread, member):
    assert not BADGE.search(view(client, member, thread))
    notify(recipients=[member], category=Category.REPLY, text="Nowy wpis %(x)s", params={"x": 1})
    html = view(client, member, thread)
    assert BADGE.search(html).group(1) == "1"
    notifications_mark_all_read(user=member)
    assert not BADGE.search(view(client, member, thread))


def test_the_menus_follow_the_person_and_their_role(client, network, thread, member, coordinator):
    manage = reverse("networks:manage", kwargs={"slug": network.slug})
    assert manage not in view(client, member, thread)
    assert manage in view(client, coordinator, thread)
    member.display_name = "Inna Nazwa"
    member.save(update_fields=["display_name"])
    assert "Inna Nazwa" in view(client, member, thread).split("</header>")[0]
    membership = network.memberships.get(user=member)
    membership.role = Role.COORDINATOR
    membership.save(update_fields=["role"])
    assert manage in view(client, member, thread)


def test_the_reply_form_follows_the_networks_anonymity_setting(client, network, thread, member):
    assert 'name="anonymous"' in view(client, member, thread)
    network.allow_anonymous_posts = False
    network.save(update_fields=["allow_anonymous_posts"])
    assert 'name="anonymous"' not in view(client, member, thread)


# --- queries ---------------------------------------------------------------------------------


def _queries(client, path) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def _clear_caches():
    for alias in ("fragments", "fragments_local", "default"):
        caches[alias].clear()


@pytest.mark.parametrize("who", ["member", "coordinator"])
def test_thread_page_queries_are_the_same_for_1_and_30_posts(
    client, network, member, other_member, coordinator, who, django_assert_max_num_queries
):
    """First views (nothing cached, the read position written): session, person, the thread
    with its network, the membership, read state and following (one query), posts, the
    unread notifications, the read position. Views of what was read: no write, the count
    from the cache."""
    reader = {"member": other_member, "coordinator": coordinator}[who]
    one = thread_with_posts(network, member)
    full = thread_with_posts(network, member, replies=29)
    client.force_login(reader)
    first_views = []
    for thread in (one, full):
        _clear_caches()
        with django_assert_max_num_queries(6):
            first_views.append(_queries(client, thread.get_absolute_url()))
    assert len(first_views[0]) == len(first_views[1])
    for thread in (one, full):
        with django_assert_max_num_queries(4):
            again = _queries(client, thread.get_absolute_url())
        assert not [sql for sql in again if "INSERT" in sql or "UPDATE" in sql]


def test_reading_further_still_moves_the_read_position(client, network, member, other_member):
    thread = thread_with_posts(network, member, replies=40)
    view(client, other_member, thread)
    assert ReadState.objects.get(user=other_member, thread=thread).last_read_number == 30
    view(client, other_member, thread, page=2)
    assert ReadState.objects.get(user=other_member, thread=thread).last_read_number == 41
    view(client, other_member, thread, page=1)
    assert ReadState.objects.get(user=other_member, thread=thread).last_read_number == 41
