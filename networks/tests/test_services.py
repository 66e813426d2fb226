import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.tests.factories import UserFactory
from networks import services
from networks.models import (
    ActivityKind,
    ActivityLog,
    InvitationStatus,
    JoinPolicy,
    Membership,
    Network,
    RequestStatus,
    Role,
    Stage,
)
from networks.tests.factories import MembershipFactory, NetworkFactory, TopicFactory
from notifications.models import Notification


def _network_fields(**overrides):
    fields = {
        "name": "Matematyka przez zabawę",
        "topic": TopicFactory(),
        "description": "Uczymy **matematyki** w klasach 1–3.<script>alert(1)</script>",
        "institution_name": "ODN Lublin",
        "institution_type": "teacher_training_centre",
        "visibility": "public",
        "join_policy": JoinPolicy.OPEN,
    }
    return {**fields, **overrides}


def test_creator_becomes_the_coordinator_of_a_new_network(coordinator):
    network = services.network_create(creator=coordinator, **_network_fields())
    membership = Membership.objects.get(network=network, user=coordinator)
    assert membership.role == Role.COORDINATOR
    assert network.member_count == 1
    assert network.slug == "matematyka-przez-zabawe"
    assert "<strong>matematyki</strong>" in network.description_html
    assert "<script" not in network.description_html
    assert network.stage_changes.count() == 1


def test_same_name_gets_a_distinct_address(coordinator):
    first = services.network_create(creator=coordinator, **_network_fields())
    second = services.network_create(creator=coordinator, **_network_fields())
    assert first.slug != second.slug


def test_people_without_the_capability_cannot_create_networks(outsider):
    with pytest.raises(PermissionDenied):
        services.network_create(creator=outsider, **_network_fields())


def test_network_is_found_by_a_word_in_another_form(coordinator):
    services.network_create(creator=coordinator, **_network_fields())
    from networks.selectors import catalogue

    assert catalogue(outsider_or_anon(), text="matematyka").count() == 1
    assert catalogue(outsider_or_anon(), text="zabawa").count() == 1
    assert catalogue(outsider_or_anon(), text="fizyka").count() == 0


def outsider_or_anon():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_joining_an_open_network_counts_the_member(network, outsider):
    services.network_join(network=network, user=outsider)
    network.refresh_from_db()
    assert network.member_count == 2
    assert ActivityLog.objects.filter(network=network, kind=ActivityKind.JOINED).count() == 1


def test_a_network_on_request_cannot_be_joined_directly(coordinator, outsider):
    network = NetworkFactory(coordinator=coordinator, join_policy=JoinPolicy.REQUEST)
    with pytest.raises(PermissionDenied):
        services.network_join(network=network, user=outsider)


def test_request_approved_with_a_message_makes_a_member_and_tells_them(coordinator, outsider):
    network = NetworkFactory(coordinator=coordinator, join_policy=JoinPolicy.REQUEST)
    request = services.join_request_create(network=network, user=outsider, message="Uczę w SP 5")
    assert Notification.objects.filter(recipient=coordinator).count() == 1
    services.join_request_decide(
        join_request=request, by=coordinator, approve=True, message="Witamy!"
    )
    assert Membership.objects.filter(network=network, user=outsider).exists()
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED
    assert Notification.objects.filter(recipient=outsider).count() == 1


def test_declined_request_leaves_the_person_outside(coordinator, outsider):
    network = NetworkFactory(coordinator=coordinator, join_policy=JoinPolicy.REQUEST)
    request = services.join_request_create(network=network, user=outsider)
    services.join_request_decide(join_request=request, by=coordinator, approve=False)
    assert not Membership.objects.filter(network=network, user=outsider).exists()
    with pytest.raises(ValidationError):
        services.join_request_decide(join_request=request, by=coordinator, approve=True)


def test_a_second_pending_request_is_refused(coordinator, outsider):
    network = NetworkFactory(coordinator=coordinator, join_policy=JoinPolicy.REQUEST)
    services.join_request_create(network=network, user=outsider)
    with pytest.raises(ValidationError):
        services.join_request_create(network=network, user=outsider)


def test_only_coordinators_decide_requests(coordinator, member, outsider):
    network = NetworkFactory(coordinator=coordinator, join_policy=JoinPolicy.REQUEST)
    MembershipFactory(network=network, user=member)
    request = services.join_request_create(network=network, user=outsider)
    with pytest.raises(PermissionDenied):
        services.join_request_decide(join_request=request, by=member, approve=True)


def test_invitation_to_an_address_without_an_account_is_emailed(
    network, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            network=network, by=coordinator, email="Nowa@Example.org", message="Zapraszam"
        )
    assert invitation.email == "nowa@example.org"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nowa@example.org"]
    assert invitation.token in mail.outbox[0].body


def test_invitation_to_an_existing_account_reaches_them(
    network, coordinator, outsider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(network=network, by=coordinator, email=outsider.email)
    assert [message.to for message in mail.outbox] == [[outsider.email]]
    assert Notification.objects.filter(recipient=outsider).exists()


def test_accepting_an_invitation_gives_the_invited_role_once(network, coordinator):
    invitation = services.invitation_create(
        network=network, by=coordinator, email="ekspert@example.org", role=Role.EXPERT
    )
    person = UserFactory(email="ekspert@example.org")
    services.invitation_answer(invitation=invitation, user=person, accept=True)
    assert Membership.objects.get(network=network, user=person).role == Role.EXPERT
    assert invitation.status == InvitationStatus.ACCEPTED
    with pytest.raises(ValidationError):
        services.invitation_answer(invitation=invitation, user=person, accept=True)


def test_members_and_pending_addresses_are_not_invited_twice(network, coordinator, member):
    with pytest.raises(ValidationError):
        services.invitation_create(network=network, by=coordinator, email=member.email)
    services.invitation_create(network=network, by=coordinator, email="a@example.org")
    with pytest.raises(ValidationError):
        services.invitation_create(network=network, by=coordinator, email="A@example.org")


def test_revoked_invitation_no_longer_works(network, coordinator, outsider):
    invitation = services.invitation_create(network=network, by=coordinator, email=outsider.email)
    services.invitation_revoke(invitation=invitation, by=coordinator)
    with pytest.raises(ValidationError):
        services.invitation_answer(invitation=invitation, user=outsider, accept=True)


def test_leaving_is_always_possible_except_for_the_last_coordinator(network, coordinator, member):
    services.membership_leave(membership=Membership.objects.get(network=network, user=member))
    network.refresh_from_db()
    assert network.member_count == 1
    with pytest.raises(ValidationError):
        services.membership_leave(
            membership=Membership.objects.get(network=network, user=coordinator)
        )


def test_a_coordinator_hands_over_then_leaves(network, coordinator, member):
    membership = Membership.objects.get(network=network, user=member)
    services.membership_change_role(membership=membership, by=coordinator, role=Role.COORDINATOR)
    own = Membership.objects.get(network=network, user=coordinator)
    services.membership_leave(membership=own)
    assert not Membership.objects.filter(network=network, user=coordinator).exists()


def test_the_last_coordinator_cannot_demote_themselves(network, coordinator):
    own = Membership.objects.get(network=network, user=coordinator)
    with pytest.raises(ValidationError):
        services.membership_change_role(membership=own, by=coordinator, role=Role.PARTICIPANT)


def test_coordinator_removes_a_member(network, coordinator, member):
    membership = Membership.objects.get(network=network, user=member)
    services.membership_remove(membership=membership, by=coordinator)
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_stage_moves_on_and_back_with_its_history(network, coordinator):
    services.network_change_stage(network=network, by=coordinator, stage=Stage.WORKING, note="Ok")
    services.network_change_stage(
        network=network, by=coordinator, stage=Stage.TOPIC_AND_GOAL, note="Cele od nowa"
    )
    network.refresh_from_db()
    assert network.stage == Stage.TOPIC_AND_GOAL
    history = list(network.stage_changes.values_list("from_stage", "to_stage"))
    assert history == [(Stage.WORKING, Stage.TOPIC_AND_GOAL), (Stage.PROBING, Stage.WORKING)]
    with pytest.raises(ValidationError):
        services.network_change_stage(network=network, by=coordinator, stage=network.stage)


def test_members_cannot_move_the_stage(network, member):
    with pytest.raises(PermissionDenied):
        services.network_change_stage(network=network, by=member, stage=Stage.WORKING)


def test_archived_network_is_read_only_but_readable(network, coordinator, member):
    services.network_archive(network=network, by=coordinator)
    from networks import permissions

    assert permissions.can_view_network_content(member, network)
    assert not permissions.can_contribute(member, network)
    assert not permissions.can_manage_network(coordinator, network)
    with pytest.raises(PermissionDenied):
        services.plan_comment_create(network=network, author=member, body="Hej")
    services.network_archive(network=network, by=coordinator, archived=False)
    assert permissions.can_contribute(member, network)


def test_goals_plan_and_comments(network, coordinator, member):
    goal = services.goal_save(network=network, by=coordinator, title="20 scenariuszy")
    import datetime

    activity = services.activity_plan_save(
        network=network,
        by=coordinator,
        title="Warsztaty",
        starts_on=datetime.date(2027, 1, 10),
        goal=goal,
    )
    comment = services.plan_comment_create(network=network, author=member, body=" Zgoda ")
    assert activity.goal == goal
    assert comment.body == "Zgoda"
    with pytest.raises(PermissionDenied):
        services.goal_save(network=network, by=member, title="Mój cel")
    other_goal = services.goal_save(
        network=NetworkFactory(coordinator=coordinator), by=coordinator, title="Obcy"
    )
    with pytest.raises(ValidationError):
        services.activity_plan_save(
            network=network,
            by=coordinator,
            title="X",
            starts_on=datetime.date(2027, 1, 10),
            goal=other_goal,
        )


def test_visits_are_counted_once_a_day(network, member):
    membership = Membership.objects.get(network=network, user=member)
    services.membership_mark_visited(membership=membership)
    services.membership_mark_visited(membership=membership)
    assert ActivityLog.objects.filter(network=network, kind=ActivityKind.VISIT).count() == 1


def test_hidden_networks_are_listed_only_for_their_members(coordinator, outsider):
    hidden = NetworkFactory(coordinator=coordinator, visibility="hidden")
    assert hidden in Network.objects.visible_to(coordinator)
    assert hidden not in Network.objects.visible_to(outsider)
    assert hidden not in Network.objects.visible_to(outsider_or_anon())


def test_invitation_to_someone_who_wants_no_invitation_email_is_only_shown_in_the_app(
    network, coordinator, outsider, django_capture_on_commit_callbacks
):
    from notifications.models import Category, Frequency
    from notifications.services import preferences_update

    preferences_update(user=outsider, frequencies={Category.INVITATION: Frequency.NEVER})
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(network=network, by=coordinator, email=outsider.email)
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=outsider).exists()
