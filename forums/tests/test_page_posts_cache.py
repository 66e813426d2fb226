"""A thread page's posts, cached under the thread's ThreadVersion (kept by database
triggers): whatever writes a post, an attachment or an author's name, even past the
services, shows at once; what one reader may not see never reaches them from a page that
another reader's visit cached; no author's e-mail or password hash is cached."""

import pickle

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from forums import services
from forums.models import Attachment, Post, PostStatus, ThreadVersion
from forums.tests.factories import thread_with_posts
from forums.tests.test_fragments import article, cold, view, without_tokens

pytestmark = pytest.mark.django_db


@pytest.fixture
def reply(thread, other_member):
    return services.thread_reply(thread=thread, author=other_member, body="Pierwsza wersja")


def _version(thread) -> int:
    return ThreadVersion.objects.get(thread_id=thread.pk).version


def test_a_second_view_reads_no_post_from_the_database(client, thread, member, reply):
    view(client, member, thread)
    with CaptureQueriesContext(connection) as captured:
        view(client, member, thread)
    assert not [q for q in captured if 'FROM "forums_post"' in q["sql"]]


def test_every_write_to_a_post_changes_the_version_and_none_repeats(thread, other_member, reply):
    seen = {_version(thread)}
    services.post_edit(post=reply, by=other_member, body="Druga wersja")
    seen.add(_version(thread))
    Post.objects.filter(pk=reply.pk).update(body_html="<p>Trzecia</p>")
    seen.add(_version(thread))
    Post.objects.filter(pk=reply.pk).delete()
    seen.add(_version(thread))
    assert len(seen) == 4


def test_a_post_changed_past_the_services_shows_at_once(client, thread, member, reply):
    assert "Pierwsza wersja" in view(client, member, thread)
    Post.objects.filter(pk=reply.pk).update(body_html="<p>Zmienione w powłoce</p>")
    html = view(client, member, thread)
    assert "Zmienione w powłoce" in html and "Pierwsza wersja" not in html


def test_an_author_renamed_past_the_services_shows_at_once(
    client, thread, member, other_member, reply
):
    view(client, member, thread)
    User.objects.filter(pk=other_member.pk).update(display_name="Nowe Nazwisko")
    assert "Nowe Nazwisko" in article(view(client, member, thread), reply)


def test_a_login_does_not_change_the_versions(thread, other_member, reply):
    before = _version(thread)
    User.objects.filter(pk=other_member.pk).update(last_login="2026-12-01T10:00:00Z")
    assert _version(thread) == before


def test_an_attachment_added_past_the_services_shows_at_once(client, thread, member, reply):
    view(client, member, thread)
    Attachment.objects.create(post=reply, file="x/plan.pdf", name="plan-zajec.pdf", size=10)
    assert "plan-zajec.pdf" in article(view(client, member, thread), reply)


def test_a_quoted_post_renumbered_in_another_thread_shows_its_number_where_quoted(
    client, network, thread, member, other_member, reply
):
    quoting = services.thread_reply(thread=thread, author=member, body="Cytuję", quoted=reply)
    elsewhere = thread_with_posts(network, member, title="Inny wątek")
    Post.objects.filter(pk=reply.pk).update(thread=elsewhere, number=50)
    assert "wpis nr 50<" in article(view(client, member, thread), quoting)
    # Only the quoted post's own thread is written to; the quoting page shows it at once.
    Post.objects.filter(pk=reply.pk).update(number=77)
    assert "wpis nr 77<" in article(view(client, member, thread), quoting)


def test_a_waiting_post_cached_for_a_coordinator_is_never_shown_to_other_members(
    client, thread, member, other_member, coordinator, reply
):
    Post.objects.filter(pk=reply.pk).update(status=PostStatus.PENDING)
    assert "Pierwsza wersja" in view(client, coordinator, thread)  # cached with it
    assert f'id="post-{reply.pk}"' not in view(client, member, thread)
    assert "Pierwsza wersja" in view(client, other_member, thread)  # the author sees it
    html = view(client, member, thread)
    assert without_tokens(html) == without_tokens(cold(client, member, thread))


def test_no_author_e_mail_or_password_is_cached(client, thread, member, other_member, reply):
    view(client, member, thread)
    cached = [
        pickle.loads(value)  # noqa: S301 (our own test cache)
        for key, value in caches["fragments_local"]._cache.items()
        if "page-posts" in key
    ]
    assert cached
    for posts in cached:
        for post in posts:
            assert post.author.get_deferred_fields() >= {"email", "password"}


@pytest.fixture
def anonymous_reply(network, thread, other_member):
    network.allow_anonymous_posts = True
    network.save()
    return services.thread_reply(
        thread=thread, author=other_member, body="Anonimowo", anonymous=True
    )


def _cached_pages() -> list:
    return [key for key in caches["fragments_local"]._cache if "page-posts" in key]


def test_a_page_with_an_anonymous_post_is_never_cached(
    client, thread, member, other_member, anonymous_reply
):
    assert "Anonimowo" in view(client, member, thread)
    view(client, member, thread)
    assert _cached_pages() == []
    assert other_member.display_name not in article(view(client, member, thread), anonymous_reply)


def test_renaming_someone_does_not_touch_threads_they_wrote_in_anonymously(
    network, member, other_member
):
    network.allow_anonymous_posts = True
    network.save()
    hidden_in = services.thread_create(
        network=network, author=member, title="Inny", body="Początek"
    )
    services.thread_reply(thread=hidden_in, author=other_member, body="Sekret", anonymous=True)
    before = _version(hidden_in)
    User.objects.filter(pk=other_member.pk).update(display_name="Ktoś Nowy")
    # A database reader watching the numbers must not learn where she wrote anonymously.
    assert _version(hidden_in) == before
