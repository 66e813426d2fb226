"""Invitations waiting for a person are found after login, on whatever device the link was opened.

They stay bound to the invited address: only an account holding it, confirmed, sees
and answers them (the rule of permissions.can_answer_invitation).
"""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import PASSWORD, UserFactory
from networks import permissions, services
from networks.models import Invitation, InvitationStatus, Membership
from networks.selectors import has_pending_invitations, pending_invitations

pytestmark = pytest.mark.django_db

INVITED = "ewa.nowak@szkola.example.org"
MINE = reverse("networks:mine")


@pytest.fixture
def invitation(network, coordinator):
    return services.invitation_create(network=network, by=coordinator, email=INVITED)


def test_an_invitation_to_a_confirmed_second_address_is_pending_for_the_person(invitation):
    person = UserFactory(email="ewa@dom.example.org")
    EmailAddress.objects.create(user=person, email=INVITED.upper(), verified=True)
    assert pending_invitations(person) == [invitation]
    assert has_pending_invitations(person)
    assert all(permissions.can_answer_invitation(person, found) for found in [invitation])


def test_an_invitation_to_an_unconfirmed_address_is_not_shown(invitation):
    person = UserFactory(email="ewa@dom.example.org")
    EmailAddress.objects.create(user=person, email=INVITED, verified=False)
    assert pending_invitations(person) == []
    assert not has_pending_invitations(person)


def test_someone_else_does_not_see_the_invitation(invitation, outsider):
    assert pending_invitations(outsider) == []


@pytest.mark.parametrize("closed", ["answered", "revoked", "expired", "archived"])
def test_closed_invitations_are_not_pending(invitation, coordinator, network, closed):
    person = UserFactory(email=INVITED)
    if closed == "answered":
        services.invitation_answer(invitation=invitation, user=person, accept=False)
    elif closed == "revoked":
        services.invitation_revoke(invitation=invitation, by=coordinator)
    elif closed == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(
            created_at=timezone.now() - Invitation.INVITATION_VALID_FOR - timedelta(minutes=1)
        )
    else:
        services.network_archive(network=network, by=coordinator)
    assert pending_invitations(person) == []


def test_my_networks_lists_the_invitation_with_accept_and_decline(
    client, invitation, django_assert_max_num_queries
):
    person = UserFactory(email=INVITED)
    client.force_login(person)
    with django_assert_max_num_queries(12):
        html = client.get(MINE).content.decode()
    assert invitation.network.name in html
    assert f'action="{reverse("networks:invitation", kwargs={"token": invitation.token})}"' in html
    assert 'value="accept"' in html and 'value="decline"' in html


def test_my_networks_does_not_list_an_invitation_to_an_unconfirmed_main_address(client, invitation):
    person = UserFactory(email=INVITED, verified_email=False)
    client.force_login(person)
    assert invitation.network.name not in client.get(MINE).content.decode()


def test_accepting_from_the_list_makes_the_person_a_member(client, invitation):
    person = UserFactory(email=INVITED)
    client.force_login(person)
    url = reverse("networks:invitation", kwargs={"token": invitation.token})
    response = client.post(url, {"answer": "accept"})
    assert response.status_code == 302
    assert Membership.objects.filter(network=invitation.network, user=person).exists()
    assert pending_invitations(person) == []


def test_declining_from_the_list_closes_it(client, invitation):
    person = UserFactory(email=INVITED)
    client.force_login(person)
    url = reverse("networks:invitation", kwargs={"token": invitation.token})
    client.post(url, {"answer": "decline"})
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    assert not Membership.objects.filter(network=invitation.network, user=person).exists()


def test_own_profile_shows_the_waiting_invitation_and_others_profiles_do_not(
    client, invitation, network
):
    person = UserFactory(email=INVITED)
    client.force_login(person)
    assert "invitations-heading" in client.get(reverse("accounts:profile")).content.decode()
    client.force_login(UserFactory())
    html = client.get(reverse("networks:person", kwargs={"pk": person.pk})).content.decode()
    assert "invitations-heading" not in html


def test_login_without_next_lands_on_the_waiting_invitations(client, invitation):
    UserFactory(email=INVITED)
    response = client.post(reverse("account_login"), {"login": INVITED, "password": PASSWORD})
    assert response["Location"] == f"{MINE}#invitations"


def test_login_with_next_goes_where_asked(client, invitation):
    UserFactory(email=INVITED)
    response = client.post(
        f"{reverse('account_login')}?next=/materialy/", {"login": INVITED, "password": PASSWORD}
    )
    assert response["Location"] == "/materialy/"


def test_login_with_nothing_waiting_lands_on_the_home_page(client):
    UserFactory(email="nikt@example.org")
    response = client.post(
        reverse("account_login"), {"login": "nikt@example.org", "password": PASSWORD}
    )
    assert response["Location"] == reverse("home")


def test_invitation_opened_on_one_device_is_found_after_signing_up_on_another(
    invitation, django_capture_on_commit_callbacks
):
    phone = Client()
    # On the phone: the link from the e-mail is opened, but nobody signs up there.
    opened = phone.get(reverse("networks:invitation", kwargs={"token": invitation.token}))
    assert opened.status_code == 200

    laptop = Client()
    with django_capture_on_commit_callbacks(execute=True):
        laptop.post(
            reverse("account_signup"),
            {
                "display_name": "Ewa Nowak",
                "email": INVITED,
                "password1": "Trudne-haslo-2026",
                "password2": "Trudne-haslo-2026",
            },
        )
    # The laptop never saw the link, so the address is confirmed by e-mail first.
    body = mail.outbox[-1].body
    confirm = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", body).group(1)
    response = laptop.post(confirm)
    assert response["Location"] == f"{MINE}#invitations"
    html = laptop.get(MINE).content.decode()
    assert invitation.network.name in html
    response = laptop.post(
        reverse("networks:invitation", kwargs={"token": invitation.token}), {"answer": "accept"}
    )
    assert Membership.objects.filter(network=invitation.network, user__email=INVITED).exists()
