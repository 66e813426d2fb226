import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.tests.factories import UserFactory
from forums import services
from forums.models import ModerationAction, ModerationLog, Post, Thread
from forums.tests.factories import member_of, pdf_upload, png_upload, thread_with_posts

pytestmark = pytest.mark.django_db


def url(name, network, **kwargs):
    return reverse(f"forums:{name}", kwargs={"network_slug": network.slug, **kwargs})


@pytest.fixture
def people(network, coordinator, member, outsider):
    return {
        "outsider": outsider,
        "member": member,
        "coordinator": coordinator,
        "staff": UserFactory(is_staff=True, is_superuser=True),
    }


def pages(network, thread):
    post = thread.posts.get(number=1)
    return {
        "thread_list": url("thread_list", network),
        "search": url("thread_list", network) + "?q=wpis",
        "thread_create": url("thread_create", network),
        "thread_detail": url("thread_detail", network, pk=thread.pk),
        "thread_reply": url("thread_reply", network, pk=thread.pk),
        "first_unread": url("thread_first_unread", network, pk=thread.pk),
        "permalink": url("post_permalink", network, pk=post.pk),
        "mentions": url("mentions", network) + "?q=Os",
        "report": url("post_report", network, pk=post.pk),
    }


MEMBER_PAGES = [
    "thread_list",
    "search",
    "thread_create",
    "thread_detail",
    "thread_reply",
    "mentions",
]
REDIRECTS = ["first_unread", "permalink"]


@pytest.mark.parametrize("page", MEMBER_PAGES + REDIRECTS + ["report"])
def test_anonymous_visitor_is_sent_to_log_in(client, network, thread, page):
    response = client.get(pages(network, thread)[page])
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["outsider", "staff"])
@pytest.mark.parametrize("page", MEMBER_PAGES + REDIRECTS + ["report"])
def test_non_members_get_404_even_staff(client, network, thread, people, who, page):
    client.force_login(people[who])
    assert client.get(pages(network, thread)[page]).status_code == 404


@pytest.mark.parametrize("who", ["member", "coordinator"])
@pytest.mark.parametrize("page", MEMBER_PAGES)
def test_members_and_coordinators_see_discussion_pages(client, network, thread, people, who, page):
    client.force_login(people[who])
    assert client.get(pages(network, thread)[page]).status_code == 200


@pytest.mark.parametrize("who", ["member", "coordinator"])
def test_permalink_lands_on_the_right_page(client, network, member, people, who):
    thread = thread_with_posts(network, member, replies=64)
    post = thread.posts.get(number=61)
    client.force_login(people[who])
    response = client.get(url("post_permalink", network, pk=post.pk))
    assert response["Location"] == f"{thread.get_absolute_url()}?page=3#post-{post.pk}"
    page = client.get(f"{thread.get_absolute_url()}?page=3")
    assert f'id="post-{post.pk}"' in page.content.decode()


def test_hidden_network_threads_answer_404_to_outsiders(client, outsider):
    from forums.tests.factories import network_with_coordinator

    network, coordinator = network_with_coordinator(visibility="hidden")
    thread = thread_with_posts(network, coordinator)
    client.force_login(outsider)
    assert client.get(thread.get_absolute_url()).status_code == 404
    assert client.get(url("thread_list", network)).status_code == 404


def test_report_page_is_for_members_other_than_the_author(
    client, network, thread, member, other_member
):
    post = thread.posts.get(number=1)
    client.force_login(member)
    assert client.get(url("post_report", network, pk=post.pk)).status_code == 403
    client.force_login(other_member)
    assert client.get(url("post_report", network, pk=post.pk)).status_code == 200


# --- moderation pages --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"), [("outsider", 404), ("staff", 404), ("member", 404), ("coordinator", 200)]
)
def test_moderation_page_is_for_coordinators_only(client, network, people, who, status):
    client.force_login(people[who])
    assert client.get(url("moderation", network)).status_code == status


def test_moderation_page_queries_do_not_grow(
    client, network, coordinator, member, django_assert_max_num_queries
):
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        assert client.get(url("moderation", network)).status_code == 200
    thread = thread_with_posts(network, member, replies=5)
    for post in thread.posts.all()[:3]:
        services.post_hide(post=post, by=coordinator, reason="Poza tematem")
    with django_assert_max_num_queries(12):
        assert client.get(url("moderation", network)).status_code == 200


@pytest.mark.parametrize(
    ("who", "status"), [("outsider", 404), ("staff", 404), ("member", 404), ("coordinator", 200)]
)
def test_post_history_is_for_coordinators_only(
    client, network, thread, member, people, who, status
):
    post = thread.posts.get(number=1)
    services.post_edit(post=post, by=member, body="Poprawiony wpis")
    client.force_login(people[who])
    assert client.get(url("post_history", network, pk=post.pk)).status_code == status


def test_history_shows_the_earlier_version(client, network, thread, member, coordinator):
    post = thread.posts.get(number=1)
    services.post_edit(post=post, by=member, body="Poprawiony wpis")
    client.force_login(coordinator)
    content = client.get(url("post_history", network, pk=post.pk)).content.decode()
    assert "Pierwszy wpis" in content and "Poprawiony wpis" in content


@pytest.mark.parametrize(
    ("who", "status"), [("outsider", 404), ("member", 403), ("coordinator", 302)]
)
def test_pin_and_lock_are_for_coordinators(client, network, thread, people, who, status):
    client.force_login(people[who])
    response = client.post(url("thread_moderate", network, pk=thread.pk), {"action": "pin"})
    assert response.status_code == status
    thread.refresh_from_db()
    assert thread.is_pinned is (status == 302)


@pytest.mark.parametrize(
    ("who", "status"), [("outsider", 404), ("member", 403), ("coordinator", 200)]
)
def test_move_page_is_for_coordinators(client, network, thread, people, who, status):
    client.force_login(people[who])
    assert client.get(url("thread_move", network, pk=thread.pk)).status_code == status


@pytest.mark.parametrize(
    ("who", "status"), [("outsider", 404), ("member", 403), ("coordinator", 200)]
)
def test_hide_page_is_for_coordinators(client, network, thread, people, who, status):
    client.force_login(people[who])
    post = thread.posts.get(number=1)
    assert client.get(url("post_hide", network, pk=post.pk)).status_code == status


@pytest.mark.parametrize(("who", "status"), [("outsider", 404), ("other", 403), ("author", 200)])
def test_edit_and_delete_pages_are_for_the_author(
    client, network, thread, member, other_member, outsider, who, status
):
    person = {"outsider": outsider, "other": other_member, "author": member}[who]
    client.force_login(person)
    post = thread.posts.get(number=1)
    assert client.get(url("post_edit", network, pk=post.pk)).status_code == status
    assert client.get(url("post_delete", network, pk=post.pk)).status_code == status


# --- writing through the views -------------------------------------------------------------------


def test_member_starts_a_thread_with_an_image_and_a_document(client, network, member):
    client.force_login(member)
    response = client.post(
        url("thread_create", network),
        {"title": "Karty pracy", "body": "Zobaczcie", "files": [png_upload(), pdf_upload()]},
    )
    thread = Thread.objects.get(title="Karty pracy")
    assert response.status_code == 302
    attachments = list(thread.posts.get().attachments.all())
    assert [a.is_image for a in attachments] == [True, False]
    assert attachments[0].thumbnail


def test_refused_upload_keeps_everything_typed(client, network, member):
    client.force_login(member)
    from django.core.files.uploadedfile import SimpleUploadedFile

    svg = SimpleUploadedFile(
        "x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"
    )
    response = client.post(
        url("thread_create", network),
        {"title": "Mój tytuł", "body": "Mój długi tekst", "files": [svg]},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Mój tytuł" in content and "Mój długi tekst" in content
    assert "SVG" in content
    assert not Thread.objects.exists()


def test_too_large_upload_says_the_limit(client, network, member, settings):
    settings.UPLOAD_MAX_BYTES = 10
    client.force_login(member)
    response = client.post(
        url("thread_create", network), {"title": "T", "body": "B", "files": [pdf_upload()]}
    )
    assert response.status_code == 200
    assert not Thread.objects.exists()


def test_reply_with_a_quote_links_to_the_quoted_post(client, network, thread, other_member):
    quoted = thread.posts.get(number=1)
    client.force_login(other_member)
    form = client.get(url("thread_reply", network, pk=thread.pk) + f"?quote={quoted.pk}")
    assert "&gt; Pierwszy wpis" in form.content.decode()
    client.post(
        url("thread_reply", network, pk=thread.pk),
        {"body": "> Pierwszy wpis\n\nZgadzam się", "quoted": quoted.pk},
    )
    reply = thread.posts.get(number=2)
    assert reply.quoted_id == quoted.pk
    assert "<blockquote>" in reply.body_html


def test_locked_thread_refuses_member_replies_but_not_coordinators(
    client, network, thread, coordinator, other_member
):
    services.thread_lock(thread=thread, by=coordinator, locked=True)
    client.force_login(other_member)
    assert client.post(url("thread_reply", network, pk=thread.pk), {"body": "x"}).status_code == 403
    client.force_login(coordinator)
    assert (
        client.post(url("thread_reply", network, pk=thread.pk), {"body": "Zamykam"}).status_code
        == 302
    )


def test_empty_reply_shows_an_error(client, network, thread, other_member):
    client.force_login(other_member)
    response = client.post(url("thread_reply", network, pk=thread.pk), {"body": ""})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()


def test_preview_renders_sanitised_markdown_without_storing(client, network, member):
    client.force_login(member)
    response = client.post(url("preview", network), {"body": "**mocno** <script>alert(1)</script>"})
    content = response.content.decode()
    assert "<strong>mocno</strong>" in content and "<script>alert" not in content
    assert not Post.objects.exists()


def test_mention_suggestions_list_only_members(client, network, member):
    member_of(network, display_name="Zofia Członkini")
    UserFactory(display_name="Zofia Obca")
    client.force_login(member)
    content = client.get(url("mentions", network) + "?q=Zof").content.decode()
    assert "Zofia Członkini" in content and "Zofia Obca" not in content


def test_follow_button_toggles_with_htmx(client, network, thread, other_member):
    client.force_login(other_member)
    response = client.post(
        url("thread_follow", network, pk=thread.pk), {"follow": "1"}, HTTP_HX_REQUEST="true"
    )
    assert thread.subscriptions.filter(user=other_member).exists()
    assert 'aria-pressed="true"' in response.content.decode()


def test_first_unread_jumps_to_the_first_post_not_read(client, network, member, other_member):
    thread = thread_with_posts(network, member, replies=40)
    client.force_login(other_member)
    client.get(thread.get_absolute_url())  # reads page 1: posts 1–30
    response = client.get(url("thread_first_unread", network, pk=thread.pk))
    first_unread = thread.posts.get(number=31)
    assert response["Location"] == f"{thread.get_absolute_url()}?page=2#post-{first_unread.pk}"


def test_thread_list_shows_unread_markers(client, network, other_member, thread):
    # other_member joined before the thread was started, so it is news to them.
    client.force_login(other_member)
    content = client.get(url("thread_list", network)).content.decode()
    assert "forum-unread-badge" in content
    client.get(thread.get_absolute_url())
    content = client.get(url("thread_list", network)).content.decode()
    assert "forum-unread-badge" not in content


def test_mark_everything_read(client, network, thread, other_member):
    client.force_login(other_member)
    client.post(url("network_mark_read", network))
    assert "forum-unread-badge" not in client.get(url("thread_list", network)).content.decode()


def test_search_finds_inflected_polish_words_with_highlight(client, network, member):
    thread_with_posts(
        network, member, title="Matematyka w klasie 2", body="Otwarte źródła i karty pracy"
    )
    client.force_login(member)
    content = client.get(url("thread_list", network) + "?q=matematyki").content.decode()
    assert "<mark>Matematyka</mark>" in content
    content = client.get(url("thread_list", network) + "?q=zrodla").content.decode()
    assert "<mark>źródła</mark>" in content


def test_search_does_not_show_hidden_posts_or_other_networks(client, network, member, coordinator):
    from forums.tests.factories import network_with_coordinator

    thread = thread_with_posts(network, member, body="Tajemnica matematyczna")
    services.post_hide(post=thread.posts.get(), by=coordinator, reason="spam")
    elsewhere, other_coordinator = network_with_coordinator()
    thread_with_posts(elsewhere, other_coordinator, body="matematyka gdzie indziej")
    client.force_login(member)
    content = client.get(url("thread_list", network) + "?q=matematyka").content.decode()
    assert "Tajemnica" not in content and "gdzie indziej" not in content


# --- attachments -----------------------------------------------------------------------


@pytest.fixture
def image_attachment(network, member):
    thread = thread_with_posts(network, member, files=[png_upload()])
    return thread.posts.get().attachments.get()


@pytest.mark.parametrize(
    ("who", "status"), [("outsider", 404), ("staff", 404), ("member", 200), ("coordinator", 200)]
)
def test_attachments_are_served_to_members_only(
    client, network, image_attachment, people, who, status
):
    client.force_login(people[who])
    for name in ("attachment", "attachment_thumbnail"):
        response = client.get(url(name, network, pk=image_attachment.pk))
        assert response.status_code == status
        if status == 200:
            assert response["X-Content-Type-Options"] == "nosniff"
            assert "sandbox" in response["Content-Security-Policy"]
            assert response["Content-Type"] == "image/webp"


def test_attachment_of_a_deleted_post_is_gone(client, network, member, image_attachment):
    services.post_delete(post=image_attachment.post, by=member)
    client.force_login(member)
    assert client.get(url("attachment", network, pk=image_attachment.pk)).status_code == 404


def test_document_is_served_as_a_download(client, network, member):
    thread = thread_with_posts(network, member, files=[pdf_upload()])
    attachment = thread.posts.get().attachments.get()
    client.force_login(member)
    response = client.get(url("attachment", network, pk=attachment.pk))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"


def test_anonymous_visitor_cannot_fetch_attachments(client, network, image_attachment):
    assert client.get(url("attachment", network, pk=image_attachment.pk)).status_code == 302


def test_thread_list_shows_all_unread_or_followed_threads(client, network, member, other_member):
    from forums import services
    from forums.tests.factories import thread_with_posts

    mine = thread_with_posts(network, other_member, title="Mój wątek")  # I follow what I start
    read = thread_with_posts(network, member, title="Przeczytany wątek")
    unread = thread_with_posts(network, member, title="Nowy wątek")
    client.force_login(other_member)
    client.get(read.get_absolute_url())  # reading marks it read
    services.thread_follow(thread=read, user=other_member, follow=False)
    path = url("thread_list", network)

    def titles(query=""):
        page = client.get(path + query).content.decode()
        return {t.title for t in (mine, read, unread) if t.title in page}

    assert titles() == {"Mój wątek", "Przeczytany wątek", "Nowy wątek"}
    assert titles("?pokaz=nieprzeczytane") == {"Nowy wątek"}
    assert titles("?pokaz=obserwowane") == {"Mój wątek"}
    assert titles("?pokaz=cokolwiek") == {"Mój wątek", "Przeczytany wątek", "Nowy wątek"}


def test_followed_view_explains_how_to_follow_when_empty(client, network, member):
    client.force_login(member)
    page = client.get(url("thread_list", network) + "?pokaz=obserwowane").content.decode()
    assert "Nie obserwujesz" in page


def test_named_authors_link_to_their_profile_and_anonymous_ones_do_not(
    client, network, member, other_member
):
    from forums.tests.factories import thread_with_posts

    named = thread_with_posts(network, member, title="Podpisany")
    hidden = thread_with_posts(network, member, title="Anonimowy", anonymous=True)
    profile = reverse("networks:person", kwargs={"pk": member.pk})
    client.force_login(other_member)
    assert profile in client.get(named.get_absolute_url()).content.decode()
    assert profile not in client.get(hidden.get_absolute_url()).content.decode()


def test_rejecting_a_post_with_a_reason_no_database_can_hold_still_rejects_it(
    client, network, coordinator, thread
):
    services.forum_settings_update(network=network, by=coordinator, approve_first_posts=True)
    newcomer = member_of(network)
    pending = services.thread_reply(thread=thread, author=newcomer, body="Pierwszy wpis")
    client.force_login(coordinator)
    response = client.post(
        url("post_decide", network, pk=pending.pk), {"decision": "reject", "reason": "a\x00b"}
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == "rejected"
    assert ModerationLog.objects.get(post=pending, action=ModerationAction.REJECT).reason == ""


def test_mention_suggestions_ignore_characters_no_name_holds(network, member):
    from forums.mentions import mention_suggestions

    member_of(network, display_name="Zofia Członkini")
    assert mention_suggestions(network, "\x00") == []
    assert [p.display_name for p in mention_suggestions(network, "Zof\x00")] == ["Zofia Członkini"]


def test_the_preview_tells_the_author_a_mention_names_nobody_or_several(client, network, member):
    member_of(network, display_name="Piotr Nowak")
    member_of(network, display_name="Piotr Zieliński")
    client.force_login(member)
    content = client.post(url("preview", network), {"body": "@Piotr i @Zenon"}).content.decode()
    assert "@Piotr" in content and "Piotr Nowak, Piotr Zieliński" in content
    assert (
        _("Nobody in this network is called %(mention)s: nobody was notified of it.")
        % {"mention": "@Zenon"}
        in content
    )


def test_posting_a_mention_that_names_nobody_leaves_a_message(client, network, thread, member):
    client.force_login(member)
    response = client.post(
        url("thread_reply", network, pk=thread.pk), {"body": "@Zenon, zobacz"}, follow=True
    )
    notices = [str(message) for message in response.context["messages"]]
    assert notices == [
        _("Nobody in this network is called %(mention)s: nobody was notified of it.")
        % {"mention": "@Zenon"}
    ]


def test_the_attachment_help_is_in_the_reader_language(client, network, member):
    client.force_login(member)
    client.cookies["django_language"] = "en"
    content = client.get(url("thread_create", network)).content.decode()
    help_text = content.split('id="id_files_helptext"', 1)[1].split("</div>", 1)[0]
    assert "Up to" in help_text and "Allowed:" in help_text
