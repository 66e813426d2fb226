import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from notifications.models import Category, Frequency
from notifications.selectors import preferences_for_user, unread_count
from notifications.tests.factories import NotificationFactory
from notifications.unsubscribe import SCOPE_DIGEST, unsubscribe_token

pytestmark = pytest.mark.django_db

LOGIN_REQUIRED = [
    ("get", "notifications:list", []),
    ("get", "notifications:preferences", []),
    ("post", "notifications:mark_all_read", []),
    ("post", "notifications:open", [1]),
]


@pytest.mark.parametrize(("method", "name", "args"), LOGIN_REQUIRED)
def test_anonymous_is_sent_to_log_in(client, method, name, args):
    response = getattr(client, method)(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("count", [3, 60])
def test_list_shows_my_notifications_newest_first_in_few_queries(
    client, user, count, django_assert_max_num_queries
):
    NotificationFactory.create_batch(count, recipient=user, params={"name": "Ewa", "thread": "T"})
    NotificationFactory(recipient=user, text="Newest %(name)s", params={"name": "Jan"})
    NotificationFactory(text="Someone else's", params={})
    client.force_login(user)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("notifications:list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Newest Jan" in html
    assert html.index("Newest Jan") < html.index("Ewa replied in T")
    assert "Someone else" not in html
    assert html.count("list-group-item-primary") == min(count + 1, 20)
    assert f'{count + 1}<span class="visually-hidden">' in html  # the nav badge


def test_second_page(client, user):
    NotificationFactory.create_batch(25, recipient=user)
    client.force_login(user)
    response = client.get(reverse("notifications:list"), {"page": 2})
    assert response.content.decode().count("/otworz/") == 5


def test_opening_marks_read_and_goes_to_the_item(client, user):
    notification = NotificationFactory(recipient=user, url="/sieci/4/")
    client.force_login(user)
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == "/sieci/4/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_never_redirects_off_site(client, user):
    notification = NotificationFactory(recipient=user, url="https://evil.example.com/")
    client.force_login(user)
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_someone_elses_notification_is_not_found(client, user):
    other = NotificationFactory()
    client.force_login(user)
    assert client.post(reverse("notifications:open", args=[other.pk])).status_code == 404


def test_mark_all_read(client, user):
    NotificationFactory.create_batch(3, recipient=user)
    client.force_login(user)
    response = client.post(reverse("notifications:mark_all_read"), follow=True)
    assert response.status_code == 200
    assert unread_count(user=user) == 0


def test_preferences_page_shows_defaults_and_saves(client, user, django_assert_max_num_queries):
    client.force_login(user)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("notifications:preferences"))
    html = response.content.decode()
    assert 'name="mention"' in html
    assert "<label" in html
    data = dict.fromkeys(Category.values, Frequency.WEEKLY)
    data[Category.MENTION] = Frequency.NEVER
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    preferences = preferences_for_user(user=user)
    assert preferences[Category.MENTION] == Frequency.NEVER
    assert preferences[Category.REPLY] == Frequency.WEEKLY


def test_preferences_reject_an_invalid_choice(client, user):
    client.force_login(user)
    data = dict.fromkeys(Category.values, "hourly")
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 200
    assert preferences_for_user(user=user)[Category.REPLY] == Frequency.DAILY


def test_unsubscribe_link_works_logged_out(client, user, django_assert_max_num_queries):
    url = reverse(
        "notifications:unsubscribe", args=[unsubscribe_token(user_id=user.pk, scope="reply")]
    )
    with django_assert_max_num_queries(2):
        response = client.get(url)
    assert response.status_code == 200
    assert preferences_for_user(user=user)[Category.REPLY] == Frequency.DAILY  # GET changes nothing
    response = client.post(url)
    assert response.status_code == 200
    assert preferences_for_user(user=user)[Category.REPLY] == Frequency.NEVER


def test_one_click_unsubscribe_post_needs_no_csrf_token(user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    url = reverse(
        "notifications:unsubscribe", args=[unsubscribe_token(user_id=user.pk, scope=SCOPE_DIGEST)]
    )
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    preferences = preferences_for_user(user=user)
    assert preferences[Category.REPLY] == Frequency.NEVER
    assert preferences[Category.MENTION] == Frequency.IMMEDIATELY


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_forged_or_tampered_token_is_not_found(client, user, method):
    token = unsubscribe_token(user_id=user.pk, scope="all")
    other = UserFactory()
    payload, _sep, signature = token.rpartition(":")
    tampered = unsubscribe_token(user_id=other.pk, scope="all").rpartition(":")[0] + ":" + signature
    for bad in ["forged", tampered, token + "x"]:
        response = getattr(client, method)(reverse("notifications:unsubscribe", args=[bad]))
        assert response.status_code == 404
    assert preferences_for_user(user=user)[Category.REPLY] == Frequency.DAILY


def test_token_for_another_purpose_is_refused(client, user):
    from django.core import signing

    token = signing.dumps({"u": user.pk, "s": "all"}, salt="something.else")
    assert client.get(reverse("notifications:unsubscribe", args=[token])).status_code == 404


def test_nav_has_no_badge_without_unread_notifications(client, user):
    client.force_login(user)
    html = client.get(reverse("notifications:list")).content.decode()
    assert reverse("notifications:list") in html
    assert "badge" not in html
