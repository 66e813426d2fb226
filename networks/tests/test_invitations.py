"""An invitation is for the address it was sent to: a forwarded link grants nothing."""

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.tests.factories import UserFactory
from networks import permissions, services
from networks.models import InvitationStatus, Membership, Role
from networks.templatetags.networks import masked_email
from notifications.models import Notification

pytestmark = pytest.mark.django_db

INVITED = "anna.nowak@szkola.example.org"


@pytest.fixture
def invitation(network, coordinator):
    return services.invitation_create(
        network=network, by=coordinator, email=INVITED, role=Role.COORDINATOR
    )


def _url(invitation) -> str:
    return reverse("networks:invitation", kwargs={"token": invitation.token})


def _nothing_granted(invitation, person) -> None:
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING
    assert invitation.accepted_by is None
    assert not Membership.objects.filter(network=invitation.network, user=person).exists()


def test_the_invited_address_is_shown_partly_masked():
    assert masked_email(INVITED) == "a***@s***.example.org"
    assert masked_email("x@localhost") == "x***@l***"
    assert masked_email("broken") == "***"


def test_someone_else_logged_in_sees_why_and_cannot_accept(client, invitation, outsider):
    client.force_login(outsider)
    response = client.get(_url(invitation))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="invitation-other-address"' in content
    assert "a***@s***.example.org" in content
    assert INVITED not in content  # the full address is not handed to a forwarded link
    assert 'value="accept"' not in content
    assert reverse("account_email") in content  # where to add and confirm an address

    response = client.post(_url(invitation), {"answer": "accept"})
    assert response.status_code == 403
    assert 'id="invitation-other-address"' in response.content.decode()
    _nothing_granted(invitation, outsider)


def test_someone_else_cannot_decline_it_for_the_invited_person(client, invitation, outsider):
    client.force_login(outsider)
    assert client.post(_url(invitation), {"answer": "decline"}).status_code == 403
    _nothing_granted(invitation, outsider)


def test_the_invited_address_not_yet_confirmed_is_refused(client, invitation):
    person = UserFactory(email=INVITED, verified_email=False)
    EmailAddress.objects.create(user=person, email=INVITED, verified=False, primary=True)
    client.force_login(person)
    assert 'value="accept"' not in client.get(_url(invitation)).content.decode()
    assert client.post(_url(invitation), {"answer": "accept"}).status_code == 403
    _nothing_granted(invitation, person)
    with pytest.raises(PermissionDenied):
        services.invitation_answer(invitation=invitation, user=person, accept=True)
    _nothing_granted(invitation, person)


def test_the_service_refuses_an_account_without_the_address(invitation, outsider):
    assert not permissions.can_answer_invitation(outsider, invitation)
    with pytest.raises(PermissionDenied):
        services.invitation_answer(invitation=invitation, user=outsider, accept=True)
    _nothing_granted(invitation, outsider)


def test_the_confirmed_invited_address_accepts_and_gets_the_invited_role(client, invitation):
    person = UserFactory(email="anna@dom.example.org")
    # The invited address is a second, confirmed address of the account (any letter case).
    EmailAddress.objects.create(user=person, email=INVITED.upper(), verified=True)
    client.force_login(person)
    assert 'value="accept"' in client.get(_url(invitation)).content.decode()
    response = client.post(_url(invitation), {"answer": "accept"})
    assert response.status_code == 302
    membership = Membership.objects.get(network=invitation.network, user=person)
    assert membership.role == Role.COORDINATOR
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.accepted_by == person


def test_the_invited_person_may_decline(client, invitation):
    person = UserFactory(email=INVITED)
    client.force_login(person)
    assert client.post(_url(invitation), {"answer": "decline"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    assert not Membership.objects.filter(network=invitation.network, user=person).exists()


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_answering_an_invitation_marks_its_notification_read(client, network, coordinator, answer):
    person = UserFactory(email=INVITED)
    invitation = services.invitation_create(
        network=network, by=coordinator, email=INVITED, role=Role.PARTICIPANT
    )
    other = Notification.objects.create(
        recipient=person, category="membership", text="Inna sprawa", item_key="x:1"
    )
    assert Notification.objects.get(recipient=person, item_key__startswith="networks.invitation")
    client.force_login(person)
    client.post(_url(invitation), {"answer": answer})
    notification = Notification.objects.get(item_key=f"networks.invitation:{invitation.pk}")
    assert notification.read_at is not None
    other.refresh_from_db()
    assert other.read_at is None
