"""Edits made in the admin keep what the services derive and go through the same services."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from allauth.account import app_settings as allauth_settings
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from forums.models import ModerationAction, ModerationLog, Post, Thread
from forums.tests.factories import network_with_coordinator, thread_with_posts
from networks import meetings
from networks.models import Answer, MeetingReminder, Membership, Network
from networks.selectors import catalogue
from networks.tests.factories import MeetingFactory, MembershipFactory, NetworkFactory
from resources.models import Resource
from resources.tests.factories import resource_share
from tests.admin_form import form_data

pytestmark = pytest.mark.django_db


def _save_in_admin(model, instance):
    """What the admin does after saving the object itself: its related objects."""
    form = SimpleNamespace(instance=instance, save_m2m=lambda: None)
    request = RequestFactory().post("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    admin.site._registry[model].save_related(request, form, formsets=[], change=True)


def test_network_edited_in_admin_is_found_and_rendered_anew():
    network = NetworkFactory()
    network.description = "Uczymy **astronomii** w plenerze."
    network.save()
    _save_in_admin(Network, network)
    network.refresh_from_db()
    assert "<strong>astronomii</strong>" in network.description_html
    assert list(catalogue(AnonymousUser(), text="astronomia")) == [network]


def test_material_edited_in_admin_is_found_and_rendered_anew():
    network = NetworkFactory()
    member = MembershipFactory(network=network).user
    resource = resource_share(network=network, author=member)
    resource.description = "Karta pracy o *wulkanach*."
    resource.save()
    _save_in_admin(Resource, resource)
    resource.refresh_from_db()
    assert "<em>wulkanach</em>" in resource.description_html
    assert Resource.objects.filter(pk=resource.pk, search_vector="wulkan").exists()


def test_post_text_cannot_be_changed_in_admin():
    post_admin = admin.site._registry[Post]
    assert "body" in post_admin.get_readonly_fields(RequestFactory().get("/"))


# --- The admin goes through the services ------------------------------------------------


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def _change(client, obj, **changes):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    data = {**form_data(client.get(url).content.decode()), **changes}
    return client.post(url, data)


def test_meeting_rescheduled_in_admin_moves_reminders_and_raises_the_sequence(staff_client):
    network = NetworkFactory()
    person = MembershipFactory(network=network).user
    meeting = MeetingFactory(network=network)
    meetings.rsvp_answer(meeting=meeting, user=person, answer=Answer.YES)
    new_start = timezone.localtime(meeting.starts_at + timedelta(days=3)).replace(
        second=0, microsecond=0
    )
    # The end an hour later, on the next day when the start is after 23:00.
    new_end = timezone.localtime(new_start + timedelta(hours=1))
    response = _change(
        staff_client,
        meeting,
        starts_at_0=new_start.strftime("%Y-%m-%d"),
        starts_at_1=new_start.strftime("%H:%M:%S"),
        ends_at_0=new_end.strftime("%Y-%m-%d"),
        ends_at_1=new_end.strftime("%H:%M:%S"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting.refresh_from_db()
    assert meeting.starts_at == new_start
    assert meeting.sequence == 1
    due = set(MeetingReminder.objects.filter(user=person).values_list("due_at", flat=True))
    assert due == {new_start - timedelta(days=1), new_start - timedelta(hours=1)}


def test_the_admin_meeting_form_shows_the_services_rules(staff_client):
    meeting = MeetingFactory()
    response = _change(staff_client, meeting, online_url="")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["online_url"] == [
        "Podaj link do spotkania online."
    ]
    meeting.refresh_from_db()
    assert meeting.online_url and meeting.sequence == 0


def test_membership_removed_and_added_in_admin_refreshes_the_member_count(staff_client):
    network = NetworkFactory()
    leaving = MembershipFactory(network=network)
    MembershipFactory(network=network)
    newcomer = UserFactory()
    url = reverse("admin:networks_network_change", args=[network.pk])
    data = form_data(staff_client.get(url).content.decode())
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("memberships-") and key.endswith("-id") and value == str(leaving.pk)
    )
    data[f"memberships-{index}-DELETE"] = "on"
    total = int(data["memberships-TOTAL_FORMS"])
    data.update(
        {
            f"memberships-{total}-user": str(newcomer.pk),
            f"memberships-{total}-role": "participant",
            f"memberships-{total}-network": str(network.pk),
            "memberships-TOTAL_FORMS": str(total + 1),
        }
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302
    network.refresh_from_db()
    assert network.member_count == Membership.objects.filter(network=network).count() == 2
    assert Membership.objects.filter(network=network, user=newcomer).exists()


def test_thread_locked_in_admin_is_written_to_the_moderation_log(staff_client, staff_user):
    network, coordinator = network_with_coordinator()
    thread = thread_with_posts(network, coordinator)
    response = _change(staff_client, thread, is_locked="on")
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.is_locked
    log = ModerationLog.objects.get(thread=thread)
    assert (log.action, log.actor) == (ModerationAction.LOCK, staff_user)


def test_thread_status_cannot_be_changed_in_admin():
    thread_admin = admin.site._registry[Thread]
    assert "status" in thread_admin.get_readonly_fields(RequestFactory().get("/"))


def _failed_login_limit() -> int:
    # allauth's "login_failed" rate, e.g. "10/m/ip,5/300s/key": the per-address amount.
    per_key = next(
        rate
        for rate in allauth_settings.RATE_LIMITS["login_failed"].split(",")
        if rate.endswith("/key")
    )
    return int(per_key.split("/")[0])


def test_admin_login_is_locked_after_as_many_failures_as_the_sites_login(client):
    from accounts.tests.factories import PASSWORD

    UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    # Django's own admin login form takes no password any more: it leads to the site's login.
    response = client.post(
        reverse("admin:login"), {"username": "admin@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get(reverse("admin:index")).status_code == 302

    login_url = client.get(reverse("admin:index"), follow=True).redirect_chain[-1][0]
    assert login_url.startswith(reverse("account_login"))
    for _attempt in range(_failed_login_limit()):
        client.post(login_url, {"login": "admin@example.org", "password": "zle-haslo"})
    response = client.post(login_url, {"login": "admin@example.org", "password": PASSWORD})
    assert "Zbyt wiele nieudanych prób logowania" in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302


def test_admin_login_lets_staff_in_through_the_sites_login(client):
    from accounts.tests.factories import PASSWORD

    UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    login_url = client.get(reverse("admin:index"), follow=True).redirect_chain[-1][0]
    response = client.post(login_url, {"login": "admin@example.org", "password": PASSWORD})
    assert response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_admin_login_refuses_a_signed_in_person_who_is_not_staff(client):
    client.force_login(UserFactory())
    assert client.get(reverse("admin:login")).status_code == 403
