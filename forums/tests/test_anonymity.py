"""The author of an anonymous post is known to nobody but its author, unless a logged reveal.

Every route that shows, lists, filters, logs, counts or e-mails posts is checked here:
the thread page, the thread list, search, the moderation queue and log, reports, the
admin (lists, filters, search, change pages, the activity log), statistics, in-app
notifications, digests and the e-mails in the outbox. The one way to learn the author
is the reveal, which needs a reason, is logged and tells the author.
"""

from datetime import date, datetime, time

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.tests.factories import UserFactory
from evaluation import statistics
from forums import permissions, selectors, services, views
from forums.digest import threads_and_replies
from forums.models import (
    ModerationAction,
    ModerationLog,
    PostRevision,
    ReadState,
    Subscription,
)
from forums.tests.factories import member_of, thread_with_posts
from networks.models import ActivityKind, ActivityLog, Role
from notifications.models import Category, EmailRecord, Frequency, Notification
from notifications.services import preferences_update

pytestmark = pytest.mark.django_db

SECRET_NAME = "Zofia Tajemnicza"
SECRET_EMAIL = "zofia.tajemnicza@example.org"


def url(name, network, **kwargs):
    return reverse(f"forums:{name}", kwargs={"network_slug": network.slug, **kwargs})


@pytest.fixture
def author(network):
    return member_of(network, display_name=SECRET_NAME, email=SECRET_EMAIL)


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


def anonymous_post(thread):
    return thread.posts.get(is_anonymous=True)


@pytest.fixture(autouse=True)
def _replies_by_email_at_once(other_member, author):
    # E-mails are the route most easily overlooked: everyone gets them at once here.
    for person in (other_member, author):
        preferences_update(
            user=person,
            frequencies={
                Category.REPLY: Frequency.IMMEDIATELY,
                Category.MENTION: Frequency.IMMEDIATELY,
            },
        )


def post_anonymously(thread, author, body, captured):
    with captured(execute=True):
        return services.thread_reply(thread=thread, author=author, body=body, anonymous=True)


def assert_not_named(text: str, author) -> None:
    assert SECRET_NAME not in text
    assert SECRET_EMAIL not in text
    assert reverse("networks:person", kwargs={"pk": author.pk}) not in text


# --- what members and coordinators see ------------------------------------------------------------


@pytest.fixture
def thread(network, other_member, author, django_capture_on_commit_callbacks):
    """A named thread by another member (who follows it) with an anonymous reply by the author."""
    thread = thread_with_posts(network, other_member, title="Trudna sprawa w szkole")
    post_anonymously(
        thread,
        author,
        "Mówię to anonimowo: dyrekcja nie pomaga.",
        django_capture_on_commit_callbacks,
    )
    return thread


@pytest.mark.parametrize("who", ["other_member", "coordinator"])
def test_thread_page_and_thread_list_show_anonymous_participant(
    client, network, thread, author, other_member, coordinator, who
):
    client.force_login({"other_member": other_member, "coordinator": coordinator}[who])
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "dyrekcja nie pomaga" in page
    assert_not_named(page, author)
    thread_with_posts(network, author, title="Anonimowy wątek", anonymous=True)
    listing = client.get(url("thread_list", network)).content.decode()
    assert "Anonimowy wątek" in listing
    assert_not_named(listing, author)


def test_search_results_do_not_name_the_author(client, network, thread, author, coordinator):
    client.force_login(coordinator)
    response = client.get(url("thread_list", network) + "?q=dyrekcja")
    page = response.content.decode()
    assert "dyrekcja" in page.lower()
    assert_not_named(page, author)


def test_quoting_ones_own_anonymous_post_does_not_sign_the_quote(thread, author):
    post = anonymous_post(thread)
    post.thread = thread
    body = views._quote_initial(author, post)["body"]
    assert gettext("Anonymous participant") in body
    assert gettext("You (anonymous participant)") not in body


def test_edit_history_of_an_anonymous_post_names_nobody(
    client, network, thread, author, coordinator
):
    post = anonymous_post(thread)
    post.thread = thread
    services.post_edit(post=post, by=author, body="Poprawiony tekst")
    assert PostRevision.objects.get(post=post).edited_by is None
    client.force_login(coordinator)
    page = client.get(url("post_history", network, pk=post.pk)).content.decode()
    assert "Mówię to anonimowo" in page
    assert_not_named(page, author)


# --- moderation without knowing the author -------------------------------------------------------


@pytest.fixture
def pending_anonymous_thread(network, coordinator):
    services.forum_settings_update(network=network, by=coordinator, approve_first_posts=True)
    newcomer = member_of(
        network, display_name="Nowa Osoba Sekretna", email="nowa.sekret@example.org"
    )
    thread = services.thread_create(
        network=network,
        author=newcomer,
        title="Pierwszy wpis anonimowo",
        body="Czekam na zatwierdzenie",
        anonymous=True,
    )
    return thread, newcomer


def test_moderation_queue_does_not_name_the_author_of_a_pending_anonymous_post(
    client, network, coordinator, pending_anonymous_thread
):
    thread, newcomer = pending_anonymous_thread
    client.force_login(coordinator)
    page = client.get(url("moderation", network)).content.decode()
    assert "Czekam na zatwierdzenie" in page
    assert "Nowa Osoba Sekretna" not in page and "nowa.sekret@example.org" not in page
    assert gettext("Anonymous participant") in page
    # Nothing was revealed, so nothing is logged as a reveal.
    assert not ModerationLog.objects.filter(action=ModerationAction.REVEAL).exists()


def test_coordinator_approves_an_anonymous_first_post_without_learning_who_wrote_it(
    client, network, coordinator, pending_anonymous_thread, django_capture_on_commit_callbacks
):
    thread, newcomer = pending_anonymous_thread
    post = thread.posts.get()
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("post_decide", network, pk=post.pk), {"decision": "approve", "next": "moderation"}
        )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.is_published
    page = client.get(url("moderation", network)).content.decode()
    assert "Nowa Osoba Sekretna" not in page
    # Counted in the statistics, but with nobody and no post on the entries.
    entries = ActivityLog.objects.filter(kind__in=[ActivityKind.POST, ActivityKind.THREAD])
    assert entries.count() == 2
    assert (
        not entries.filter(user=newcomer).exists() and not entries.exclude(object_key="").exists()
    )


def test_coordinator_handles_a_report_of_an_anonymous_post_without_learning_who_wrote_it(
    client, network, thread, author, coordinator, member, django_capture_on_commit_callbacks
):
    post = anonymous_post(thread)
    post.thread = thread
    with django_capture_on_commit_callbacks(execute=True):
        services.post_report(post=post, by=member, reason="Obraźliwy wpis")
    client.force_login(coordinator)
    page = client.get(url("moderation", network)).content.decode()
    assert "Obraźliwy wpis" in page
    assert_not_named(page, author)
    reported = Notification.objects.get(recipient=coordinator, category=Category.MODERATION)
    assert_not_named(reported.message + str(reported.params), author)
    response = client.post(url("post_hide", network, pk=post.pk), {"reason": "Obraźliwy"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.is_hidden and not post.reports.filter(resolved_at__isnull=True).exists()
    assert_not_named(client.get(url("moderation", network)).content.decode(), author)


def test_moderation_page_query_count_does_not_grow_with_queue_and_log(
    client, network, coordinator, member, django_assert_max_num_queries
):
    def add(count):
        services.forum_settings_update(network=network, by=coordinator, approve_first_posts=True)
        for _ in range(count):
            newcomer = member_of(network)
            services.thread_create(
                network=network, author=newcomer, title="Czeka", body="x", anonymous=True
            )
            named = thread_with_posts(network, coordinator, anonymous=True)
            post = named.posts.get()
            services.post_report(post=post, by=member, reason="Zgłaszam")
            services.author_reveal(post=post, by=coordinator, reason="Powód")

    client.force_login(coordinator)
    add(1)
    with django_assert_max_num_queries(10) as small:
        assert client.get(url("moderation", network)).status_code == 200
    add(6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url("moderation", network))
    assert page.status_code == 200


# --- the reveal ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("outsider", 404), ("staff", 404), ("member", 403), ("coordinator", 200)],
)
def test_reveal_page_is_for_coordinators_and_hidden_from_non_members(
    client, network, thread, author, member, coordinator, outsider, staff, who, status
):
    person = {"outsider": outsider, "staff": staff, "member": member, "coordinator": coordinator}
    client.force_login(person[who])
    post = anonymous_post(thread)
    response = client.get(url("post_reveal", network, pk=post.pk))
    assert response.status_code == status
    assert_not_named(response.content.decode(), author)
    posted = client.post(url("post_reveal", network, pk=post.pk), {"reason": "Powód"})
    assert posted.status_code == status
    if who == "coordinator":
        assert SECRET_NAME in posted.content.decode()
    else:
        assert_not_named(posted.content.decode(), author)
        assert not ModerationLog.objects.filter(action=ModerationAction.REVEAL).exists()


def test_visitor_who_is_not_logged_in_is_sent_to_log_in_from_the_reveal_page(
    client, network, thread
):
    response = client.get(url("post_reveal", network, pk=anonymous_post(thread).pk))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_author_of_a_named_post_cannot_be_revealed(client, network, thread, coordinator):
    client.force_login(coordinator)
    named = thread.posts.get(number=1)
    assert client.get(url("post_reveal", network, pk=named.pk)).status_code == 403


def test_reveal_without_a_reason_is_refused_and_nothing_is_revealed(
    client, network, thread, author, coordinator
):
    client.force_login(coordinator)
    response = client.post(
        url("post_reveal", network, pk=anonymous_post(thread).pk), {"reason": " "}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert_not_named(response.content.decode(), author)
    assert not ModerationLog.objects.filter(action=ModerationAction.REVEAL).exists()


def test_coordinator_reveals_with_a_reason_it_is_logged_and_the_author_is_told(
    client,
    network,
    thread,
    author,
    coordinator,
    other_member,
    django_capture_on_commit_callbacks,
):
    post = anonymous_post(thread)
    client.force_login(coordinator)
    form_page = client.get(url("post_reveal", network, pk=post.pk)).content.decode()
    assert 'name="reason"' in form_page and SECRET_NAME not in form_page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("post_reveal", network, pk=post.pk), {"reason": "Wpis zawiera groźby karalne"}
        )
    assert response.status_code == 200
    assert SECRET_NAME in response.content.decode()

    entry = ModerationLog.objects.get(action=ModerationAction.REVEAL)
    assert (entry.actor, entry.post, entry.reason) == (
        coordinator,
        post,
        "Wpis zawiera groźby karalne",
    )
    assert entry.created_at is not None

    told = Notification.objects.get(recipient=author, item_key=f"forums.reveal:{entry.pk}")
    assert coordinator.public_name in told.message and "groźby karalne" in told.message
    [email] = [message for message in mail.outbox if message.to == [author.email]]
    assert coordinator.public_name in email.subject + email.body
    assert "groźby karalne" in email.subject + email.body
    # Only the author is told; the e-mail goes to nobody else.
    assert all(message.to == [author.email] for message in mail.outbox)


def test_after_a_reveal_only_the_revealer_sees_the_name_in_their_log_entry(
    client, network, thread, author, coordinator, other_member
):
    post = anonymous_post(thread)
    post.thread = thread
    services.author_reveal(post=post, by=coordinator, reason="Groźby")
    second = member_of(network, role=Role.COORDINATOR)

    client.force_login(coordinator)
    own_log = client.get(url("moderation", network)).content.decode()
    assert SECRET_NAME in own_log
    assert_not_named(client.get(thread.get_absolute_url()).content.decode(), author)

    for person in (second, other_member):
        client.force_login(person)
        assert_not_named(client.get(thread.get_absolute_url()).content.decode(), author)
    client.force_login(second)
    other_log = client.get(url("moderation", network)).content.decode()
    assert "Groźby" in other_log
    assert_not_named(other_log, author)


def test_author_is_told_of_a_reveal_even_with_e_mail_switched_off(
    network, thread, author, coordinator, django_capture_on_commit_callbacks
):
    preferences_update(user=author, frequencies={Category.MODERATION: Frequency.NEVER})
    post = anonymous_post(thread)
    post.thread = thread
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.author_reveal(post=post, by=coordinator, reason="Groźby")
    assert [message.to for message in mail.outbox] == [[author.email]]
    assert Notification.objects.filter(recipient=author, category=Category.MODERATION).exists()


# --- permissions ---------------------------------------------------------------------------------


def test_only_coordinators_and_staff_may_reveal(
    network, thread, author, member, coordinator, outsider, staff
):
    from django.contrib.auth.models import AnonymousUser

    post = anonymous_post(thread)
    post.thread = thread
    assert permissions.can_reveal_post_author(coordinator, post)
    assert permissions.can_reveal_post_author(staff, post)
    for person in (AnonymousUser(), outsider, member, author):
        assert not permissions.can_reveal_post_author(person, post)
    assert not permissions.can_reveal_post_author(coordinator, thread.posts.get(number=1))


# --- notifications, digests and e-mail ------------------------------------------------------------


def test_followers_notifications_and_e_mails_do_not_name_the_author(
    network, thread, author, other_member
):
    post = anonymous_post(thread)
    notifications = Notification.objects.filter(item_key=f"forums.post:{post.pk}")
    assert notifications.filter(recipient=other_member).exists()
    for notification in notifications:
        assert_not_named(notification.message + str(notification.params), author)
    # (The author's own copy greets them by name; that one is theirs alone.)
    records = EmailRecord.objects.filter(item_key=f"forums.post:{post.pk}").exclude(user=author)
    assert records.filter(user=other_member).exists()
    for record in records:
        assert_not_named(record.subject + record.body_text + record.body_html, author)
        assert_not_named(str(record.headers), author)
    for message in mail.outbox:
        if message.to != [author.email]:
            assert_not_named(message.subject + message.body + message.from_email, author)
            assert_not_named(" ".join(message.reply_to) + str(message.extra_headers), author)


def test_the_author_follows_too_and_is_notified_like_every_follower(
    network, thread, author, other_member
):
    # Leaving the author out would name them: the one follower without a notification.
    post = anonymous_post(thread)
    followers = set(Subscription.objects.filter(thread=thread).values_list("user", flat=True))
    notified = set(
        Notification.objects.filter(item_key=f"forums.post:{post.pk}").values_list(
            "recipient", flat=True
        )
    )
    assert author.pk in followers and followers == notified
    emailed = set(
        EmailRecord.objects.filter(item_key=f"forums.post:{post.pk}").values_list("user", flat=True)
    )
    assert emailed == notified


def test_people_mentioned_in_an_anonymous_post_are_not_told_who_wrote_it(
    network, thread, author, coordinator, django_capture_on_commit_callbacks
):
    post = post_anonymously(
        thread,
        author,
        f"@{coordinator.display_name} proszę o pomoc",
        django_capture_on_commit_callbacks,
    )
    mention = Notification.objects.get(recipient=coordinator, category=Category.MENTION)
    assert_not_named(mention.message + str(mention.params), author)
    assert mention.item_key == f"forums.post:{post.pk}"


def test_digests_do_not_name_the_author_and_list_the_post_to_the_author_too(
    network, thread, author, other_member
):
    since = timezone.now() - timezone.timedelta(hours=1)
    key = f"forums.post:{anonymous_post(thread).pk}"
    for person in (other_member, author):
        items = threads_and_replies(person, since, timezone.now())
        assert key in {item.key for item in items}
        for item in items:
            assert_not_named(f"{item.title} {item.summary}", author)


# --- the admin -----------------------------------------------------------------------------------


def admin_url(model, view="changelist", *args):
    return reverse(f"admin:{model}_{view}", args=args)


def test_admin_post_list_and_change_page_show_anonymous_participant(client, thread, author, staff):
    post = anonymous_post(thread)
    post.thread = thread
    services.post_edit(post=post, by=author, body="Poprawka")
    client.force_login(staff)
    listing = client.get(admin_url("forums_post"))
    assert listing.status_code == 200
    assert_not_named(listing.content.decode(), author)
    change = client.get(admin_url("forums_post", "change", post.pk))
    assert change.status_code == 200
    page = change.content.decode()
    assert "Poprawka" in page and "Mówię to anonimowo" in page  # the text and its revision
    assert_not_named(page, author)
    assert reverse("admin:forums_post_reveal", args=[post.pk]) in page


@pytest.mark.parametrize(
    ("model", "lookup"),
    [
        ("forums_post", "author"),
        ("forums_post", "author__id__exact"),
        ("forums_post", "author__email"),
        ("forums_post", "thread__author"),
        ("forums_post", "revisions__edited_by"),
        ("forums_thread", "author"),
        ("forums_thread", "posts__author"),
        ("forums_report", "post__author"),
        ("forums_moderationlog", "post__author"),
    ],
)
def test_admin_refuses_to_filter_by_author(client, thread, author, staff, model, lookup):
    client.force_login(staff)
    client.raise_request_exception = False
    value = author.email if lookup.endswith("email") else author.pk
    response = client.get(admin_url(model), {lookup: value, "is_anonymous__exact": "1"})
    # Django answers a refused lookup as a suspicious request: 400 and no list.
    assert response.status_code == 400
    assert_not_named(response.content.decode(), author)


def test_admin_search_does_not_find_posts_by_their_author(client, thread, author, staff):
    client.force_login(staff)
    for text in (SECRET_NAME, SECRET_EMAIL):
        response = client.get(admin_url("forums_post"), {"q": text})
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == []


def test_admin_thread_change_page_of_an_anonymous_thread_names_nobody(
    client, network, author, staff
):
    anonymous = thread_with_posts(network, author, title="Anonimowy", anonymous=True)
    client.force_login(staff)
    assert_not_named(client.get(admin_url("forums_thread")).content.decode(), author)
    page = client.get(admin_url("forums_thread", "change", anonymous.pk)).content.decode()
    assert "Anonimowy" in page
    assert_not_named(page, author)


def test_admin_activity_log_has_no_entry_tying_the_author_to_the_post(
    client, network, thread, author, staff
):
    client.force_login(staff)
    response = client.get(reverse("admin:networks_activitylog_changelist"))
    assert response.status_code == 200
    assert_not_named(response.content.decode(), author)
    assert not ActivityLog.objects.filter(user=author).exists()
    [entry] = ActivityLog.objects.filter(kind=ActivityKind.POST, user__isnull=True)
    local = timezone.localtime(entry.created_at)
    assert (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)
    assert entry.object_key == ""
    change = client.get(reverse("admin:networks_activitylog_change", args=[entry.pk]))
    assert_not_named(change.content.decode(), author)


def test_staff_reveal_in_the_admin_needs_a_reason_is_logged_and_tells_the_author(
    client, network, thread, author, staff, django_capture_on_commit_callbacks
):
    post = anonymous_post(thread)
    reveal = reverse("admin:forums_post_reveal", args=[post.pk])
    client.force_login(staff)
    form = client.get(reveal)
    assert form.status_code == 200
    assert_not_named(form.content.decode(), author)
    refused = client.post(reveal, {"reason": ""})
    assert refused.status_code == 200 and refused.context["form"].errors
    assert not ModerationLog.objects.filter(action=ModerationAction.REVEAL).exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reveal, {"reason": "Wniosek prokuratury"})
    assert SECRET_NAME in done.content.decode()
    entry = ModerationLog.objects.get(action=ModerationAction.REVEAL)
    assert (entry.actor, entry.reason) == (staff, "Wniosek prokuratury")
    assert Notification.objects.filter(recipient=author, item_key=f"forums.reveal:{entry.pk}")
    assert [message.to for message in mail.outbox] == [[author.email]]
    # The moderation log in the admin names the author to the revealer only.
    assert SECRET_NAME in client.get(admin_url("forums_moderationlog")).content.decode()
    other_staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(other_staff)
    assert_not_named(client.get(admin_url("forums_moderationlog")).content.decode(), author)
    change = client.get(admin_url("forums_moderationlog", "change", entry.pk))
    assert change.status_code == 200
    assert_not_named(change.content.decode(), author)


def test_admin_reveal_of_a_named_post_is_refused(client, thread, staff):
    client.force_login(staff)
    named = thread.posts.get(number=1)
    assert client.get(reverse("admin:forums_post_reveal", args=[named.pk])).status_code == 403


# --- statistics and what a reader of the database finds ------------------------------------------


def test_statistics_count_anonymous_posts_but_not_their_authors(
    network, thread, author, other_member
):
    today = timezone.localdate()
    stats = statistics.activity_statistics(network=network, start=date(today.year, 1, 1), end=today)
    # Two posts (the named first post and the anonymous reply); one person who wrote posts.
    assert stats.totals["posts"] == 2
    assert stats.totals["posters"] == 1
    balance = statistics.personal_balance(user=author, network=network, start=today, end=today)
    assert balance.gave_total == 0
    [row] = statistics.per_network_totals(start=today, end=today)
    assert row["posts"] == 2 and row["people"] == 1


def test_no_table_but_the_post_ties_the_author_to_the_anonymous_post_with_a_time(
    network, thread, author
):
    post = anonymous_post(thread)
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    assert not ActivityLog.objects.filter(user=author).exists()
    read = ReadState.objects.get(user=author, thread=thread)
    follow = Subscription.objects.get(user=author, thread=thread)
    assert read.updated_at == midnight and follow.created_at == midnight
    assert not PostRevision.objects.filter(edited_by=author).exists()
    assert post.author == author  # the post keeps its author: they edit and delete it


def test_the_data_migration_takes_the_author_out_of_old_entries(network, thread, author):
    from importlib import import_module
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    post = anonymous_post(thread)
    old = ActivityLog.objects.create(
        network=network, user=author, kind=ActivityKind.POST, object_key=""
    )
    PostRevision.objects.create(post=post, body="a", body_html="a", edited_by=author)
    named = ActivityLog.objects.create(
        network=network, user=author, kind=ActivityKind.POST, object_key="forums.post:1"
    )
    migration = import_module("forums.migrations.0003_anonymise_existing_anonymous_posts")
    migration.anonymise(apps, SimpleNamespace(connection=connection))
    old.refresh_from_db()
    named.refresh_from_db()
    assert old.user is None and timezone.localtime(old.created_at).hour == 0
    assert named.user == author
    assert not PostRevision.objects.filter(edited_by=author).exists()


def test_thread_page_of_the_author_says_it_is_theirs(client, thread, author):
    client.force_login(author)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert gettext("You (anonymous participant)") in page
    assert selectors.author_label(author, anonymous_post(thread)) == gettext(
        "You (anonymous participant)"
    )
