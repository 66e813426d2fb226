import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from forums import services
from forums.digest import threads_and_replies
from forums.models import (
    ModerationAction,
    ModerationLog,
    Post,
    PostStatus,
    ReadState,
    Subscription,
)
from forums.selectors import network_unread_count, thread_page
from forums.tests.factories import member_of, network_with_coordinator, thread_with_posts
from networks.models import ActivityKind, ActivityLog
from notifications.models import Category, Notification

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


def test_posting_is_counted_in_the_activity_log(network, member):
    thread = thread_with_posts(network, member, replies=1)
    kinds = sorted(ActivityLog.objects.filter(network=network).values_list("kind", flat=True))
    assert kinds == sorted([ActivityKind.THREAD, ActivityKind.POST, ActivityKind.POST])
    assert ActivityLog.objects.filter(object_key=f"forums.thread:{thread.pk}").exists()


def test_anonymous_post_log_entry_does_not_name_the_post(network, member):
    thread_with_posts(network, member, anonymous=True)
    assert set(ActivityLog.objects.values_list("object_key", flat=True)) == {""}


def test_anonymous_posting_is_refused_where_the_network_does_not_allow_it(member):
    network, _coordinator = network_with_coordinator(allow_anonymous_posts=False)
    person = member_of(network)
    with pytest.raises(ValidationError):
        services.thread_create(network=network, author=person, title="T", body="B", anonymous=True)


def test_outsider_cannot_post(network, outsider):
    with pytest.raises(PermissionDenied):
        services.thread_create(network=network, author=outsider, title="T", body="B")


def test_archived_network_refuses_posts(network, member, coordinator):
    from networks.services import network_archive

    thread = thread_with_posts(network, member)
    network_archive(network=network, by=coordinator)
    with pytest.raises(PermissionDenied):
        services.thread_reply(thread=thread, author=member, body="x")


def test_posting_follows_the_thread(network, member, other_member, thread):
    services.thread_reply(thread=thread, author=other_member, body="Odpowiedź")
    assert Subscription.objects.filter(thread=thread, user=other_member).exists()


def test_followers_are_notified_of_replies_and_mentioned_members_of_mentions(
    commit, network, member, other_member, thread
):
    third = member_of(network, display_name="Ewa Trzecia")
    post = commit(
        services.thread_reply,
        thread=thread,
        author=other_member,
        body=f"Dzięki! @{third.display_name} spójrz",
    )
    reply = Notification.objects.get(recipient=member)
    assert reply.category == Category.REPLY and reply.item_key == f"forums.post:{post.pk}"
    assert other_member.display_name in reply.message
    mention = Notification.objects.get(recipient=third)
    assert mention.category == Category.MENTION
    assert not Notification.objects.filter(recipient=other_member).exists()
    assert "<strong>@Ewa Trzecia</strong>" in post.body_html


def test_mentioning_a_non_member_notifies_nobody(commit, network, member, outsider, thread):
    commit(
        services.thread_reply, thread=thread, author=member, body=f"@{outsider.display_name} hej"
    )
    assert not Notification.objects.filter(recipient=outsider).exists()


def test_anonymous_reply_notification_does_not_name_the_author(
    commit, network, member, other_member, thread
):
    commit(services.thread_reply, thread=thread, author=other_member, body="Sekret", anonymous=True)
    notification = Notification.objects.get(recipient=member)
    assert other_member.display_name not in notification.message
    assert "author" not in notification.params


def test_edit_keeps_the_earlier_version_and_marks_the_post(network, member, thread):
    post = thread.posts.get(number=1)
    services.post_edit(post=post, by=member, body="Nowa treść", title="Nowy tytuł")
    post.refresh_from_db()
    thread.refresh_from_db()
    assert post.edited_at is not None and post.revisions.get().body == "Pierwszy wpis"
    assert thread.title == "Nowy tytuł"


def test_only_the_author_edits_or_deletes(network, other_member, coordinator, thread):
    post = thread.posts.get(number=1)
    for person in (other_member, coordinator):
        with pytest.raises(PermissionDenied):
            services.post_edit(post=post, by=person, body="x")
        with pytest.raises(PermissionDenied):
            services.post_delete(post=post, by=person)


def test_delete_is_soft_and_the_thread_stays_readable(network, member, other_member):
    thread = thread_with_posts(network, member, replies=2)
    first = thread.posts.get(number=1)
    services.post_delete(post=first, by=member)
    page = thread_page(other_member, thread, 1)
    assert [p.number for p in page.posts] == [1, 2, 3]
    assert page.posts[0].is_deleted


def test_first_posts_wait_for_approval_when_the_network_asks(
    commit, network, coordinator, member, other_member
):
    services.forum_settings_update(network=network, by=coordinator, approve_first_posts=True)
    thread = services.thread_create(network=network, author=member, title="Nowy", body="Pierwszy")
    assert thread.status == PostStatus.PENDING
    assert thread_page(other_member, thread, 1).posts == []
    commit(services.post_approve, post=thread.posts.get(), by=coordinator)
    thread.refresh_from_db()
    assert thread.status == PostStatus.PUBLISHED
    second = services.thread_reply(thread=thread, author=member, body="Drugi")
    assert second.status == PostStatus.PUBLISHED
    assert ModerationLog.objects.filter(action=ModerationAction.APPROVE).exists()


def test_a_post_waiting_for_approval_notifies_nobody_and_is_not_counted(
    commit, network, coordinator, member, other_member
):
    thread = thread_with_posts(network, member)
    services.forum_settings_update(network=network, by=coordinator, approve_first_posts=True)
    newcomer = member_of(network)
    post = commit(
        services.thread_reply,
        thread=thread,
        author=newcomer,
        body=f"Dzień dobry @{other_member.display_name}",
    )
    assert post.status == PostStatus.PENDING and post.number == 2
    assert not Notification.objects.exists()  # neither the follower nor the one mentioned
    assert not ActivityLog.objects.filter(object_key=f"forums.post:{post.pk}").exists()
    # Yet its author follows the thread and has read it up to their post, as for any post.
    assert Subscription.objects.filter(thread=thread, user=newcomer).exists()
    assert ReadState.objects.get(thread=thread, user=newcomer).last_read_number == 2
    thread.refresh_from_db()
    assert thread.last_number == 2 and thread.post_count == 1


def test_coordinators_posts_never_wait(network, coordinator):
    services.forum_settings_update(network=network, by=coordinator, approve_first_posts=True)
    thread = services.thread_create(network=network, author=coordinator, title="T", body="B")
    assert thread.status == PostStatus.PUBLISHED


def test_hide_needs_a_reason_and_is_logged(network, coordinator, member, thread):
    post = thread.posts.get()
    with pytest.raises(ValidationError):
        services.post_hide(post=post, by=coordinator, reason=" ")
    with pytest.raises(PermissionDenied):
        services.post_hide(post=post, by=member, reason="nie")
    services.post_hide(post=post, by=coordinator, reason="Dane osobowe ucznia")
    entry = ModerationLog.objects.get(action=ModerationAction.HIDE)
    assert entry.reason == "Dane osobowe ucznia" and entry.actor == coordinator


def test_move_only_to_a_network_the_coordinator_coordinates(network, coordinator, member, thread):
    foreign, _other = network_with_coordinator()
    with pytest.raises(PermissionDenied):
        services.thread_move(thread=thread, by=coordinator, to_network=foreign)
    mine, _ = network_with_coordinator()
    from networks.tests.factories import MembershipFactory

    MembershipFactory(network=mine, user=coordinator, role="coordinator")
    services.thread_move(thread=thread, by=coordinator, to_network=mine, reason="Lepiej pasuje")
    thread.refresh_from_db()
    assert thread.network_id == mine.pk
    actions = set(ModerationLog.objects.values_list("network_id", "action"))
    assert actions == {(network.pk, "move_out"), (mine.pk, "move_in")}


def test_report_notifies_coordinators_and_can_be_dismissed(
    commit, network, coordinator, member, other_member, thread
):
    post = thread.posts.get()
    report = commit(services.post_report, post=post, by=other_member, reason="Reklama")
    assert Notification.objects.filter(recipient=coordinator).exists()
    with pytest.raises(ValidationError):
        services.post_report(post=post, by=other_member, reason="Znowu")
    with pytest.raises(PermissionDenied):
        services.report_dismiss(report=report, by=member)
    services.report_dismiss(report=report, by=coordinator)
    assert ModerationLog.objects.filter(action=ModerationAction.DISMISS_REPORT).exists()


def test_members_cannot_report_their_own_posts(member, thread):
    with pytest.raises(PermissionDenied):
        services.post_report(post=thread.posts.get(), by=member, reason="x")


def test_reveal_is_for_coordinators_and_staff_and_is_logged(
    network, coordinator, member, other_member, staff_user
):
    thread = thread_with_posts(network, member, anonymous=True)
    post = thread.posts.get()
    with pytest.raises(PermissionDenied):
        services.author_reveal(post=post, by=other_member, reason="Ciekawość")
    assert services.author_reveal(post=post, by=coordinator, reason="Groźby") == member
    assert services.author_reveal(post=post, by=staff_user, reason="Zgłoszenie policji") == member
    assert ModerationLog.objects.filter(action=ModerationAction.REVEAL).count() == 2


def test_unread_counts_per_thread_and_network(network, member, other_member):
    thread = thread_with_posts(network, member, replies=4)
    assert network_unread_count(other_member, network) == 5
    assert network_unread_count(member, network) == 0
    services.thread_mark_read(thread=thread, user=other_member, number=3)
    assert network_unread_count(other_member, network) == 2
    services.thread_mark_read(thread=thread, user=other_member, number=1)  # never goes back
    assert network_unread_count(other_member, network) == 2


def test_a_new_member_starts_with_nothing_unread_and_can_read_everything(client, network, member):
    from datetime import timedelta

    from django.utils import timezone

    from forums import selectors
    from networks.models import Membership
    from networks.tests.factories import MembershipFactory

    thread = thread_with_posts(network, member, replies=4)
    newcomer = MembershipFactory(network=network).user
    # Joined after the posts were written.
    Membership.objects.filter(user=newcomer).update(joined_at=timezone.now() + timedelta(seconds=1))
    assert network_unread_count(newcomer, network) == 0
    assert selectors.first_unread_post(newcomer, thread) is None
    later = services.thread_reply(thread=thread, author=member, body="Nowość po dołączeniu")
    Post.objects.filter(pk=later.pk).update(created_at=timezone.now() + timedelta(seconds=2))
    assert network_unread_count(newcomer, network) == 1
    assert selectors.first_unread_post(newcomer, thread).pk == later.pk
    page = thread_page(newcomer, thread, "1")
    assert [post.number for post in page.posts if post.is_new] == [later.number]
    assert len(page.posts) == 6  # the history stays readable
    client.force_login(newcomer)
    listing = client.get(reverse("forums:thread_list", kwargs={"network_slug": network.slug}))
    assert "1 nowy" in listing.content.decode()


def test_digest_lists_new_threads_and_replies_by_others_and_anonymous_ones_to_all(
    network, member, other_member, django_assert_max_num_queries
):
    from datetime import timedelta

    from django.utils import timezone

    since = timezone.now() - timedelta(minutes=1)
    thread = thread_with_posts(network, member, replies=1)
    services.thread_reply(thread=thread, author=other_member, body="Anonimowo", anonymous=True)
    with django_assert_max_num_queries(2):
        items = threads_and_replies(other_member, since, timezone.now())
    # Their own anonymous reply is listed too: a digest without it would name its author.
    assert len(items) == 3
    assert {item.key for item in items} == {f"forums.post:{p.pk}" for p in thread.posts.all()}
    everything = threads_and_replies(member, since, timezone.now())
    assert len(everything) == 1 and other_member.display_name not in everything[0].summary


def test_digest_section_and_menu_are_registered():
    from networks.navigation import sections
    from notifications.digest import registered_sections

    assert "forums:thread_list" in [s.url_name for s in sections()]
    assert "forums.posts" in [s.key for s in registered_sections()]


def test_seed_demo_is_idempotent(db):
    from django.apps import apps

    from forums.models import Thread

    config = apps.get_app_config("forums")
    config.seed_demo()
    config.seed_demo()
    assert Thread.objects.count() == 0  # the seeded networks do not exist in this test


def test_e_mails_about_one_thread_name_it_so_mail_clients_group_them(
    commit, network, member, other_member, thread
):
    from notifications.models import EmailRecord, Frequency, Preference

    Preference.objects.create(user=member, category=Category.REPLY, frequency=Frequency.IMMEDIATELY)
    commit(services.thread_reply, thread=thread, author=other_member, body="Pierwsza")
    commit(services.thread_reply, thread=thread, author=other_member, body="Druga")
    first, second = EmailRecord.objects.filter(user=member).order_by("pk")
    assert first.headers["References"] == second.headers["References"]
    assert first.headers["In-Reply-To"] == first.headers["References"]
    assert first.headers["References"].startswith(f"<sieci.forum-thread.{thread.pk}@")
    assert first.message_id != second.message_id


def test_a_post_is_numbered_written_and_read_in_one_statement_as_the_orm_would_write_it(
    network, member, other_member
):
    from django.db import connection

    from forums.models import Post, ReadState

    thread = services.thread_create(
        network=network, author=member, title="Ocenianie kształtujące", body="Pierwszy wpis"
    )
    reply = services.thread_reply(
        thread=thread, author=other_member, body="Odpowiedź z **tekstem**"
    )
    thread.refresh_from_db()
    assert (thread.last_number, thread.post_count) == (2, 2)
    stored = Post.objects.get(pk=reply.pk)
    assert (stored.number, reply.number) == (2, 2)
    assert thread.last_post_at == stored.created_at == reply.created_at
    # The defaults a post starts with, as Post() has them.
    fresh = Post()
    for name in ("edited_at", "deleted_at", "hidden_at", "hidden_by_id", "hidden_reason"):
        assert getattr(stored, name) == getattr(fresh, name)
    assert stored.body_html == reply.body_html and "<strong>tekstem</strong>" in stored.body_html
    # The search document: the thread's title with the first post only.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT number, search_vector::text FROM forums_post WHERE thread_id = %s ORDER BY number",
            [thread.pk],
        )
        vectors = dict(cursor.fetchall())
    assert "'ocenianie'" in vectors[1] and "'ocenianie'" not in vectors[2]
    assert "'odpowiedz'" in vectors[2] and "'tekstem'" in vectors[2]
    # Each author has read up to their own post.
    assert ReadState.objects.get(user=other_member, thread=thread).last_read_number == 2
    assert ReadState.objects.get(user=member, thread=thread).last_read_number == 1
