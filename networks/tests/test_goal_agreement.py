"""Agreeing goals together: one changeable answer per member per goal; objections need a
comment, which only the coordinators see with the counts of where the group stands."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from networks import services
from networks.models import GoalAgreement, GoalStatus
from networks.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

PEOPLE = ["anonymous", "outsider", "member", "expert", "coordinator", "staff"]


@pytest.fixture
def goal(network, coordinator):
    return services.goal_save(network=network, by=coordinator, title="Dwadzieścia scenariuszy")


def _agree_url(network, goal):
    return reverse("networks:goal_agree", kwargs={"slug": network.slug, "pk": goal.pk})


def test_a_member_answers_once_and_may_change_their_mind(goal, member):
    services.goal_agreement_set(goal=goal, user=member, agrees=True)
    services.goal_agreement_set(goal=goal, user=member, agrees=False, comment="Za ambitnie")
    answer = GoalAgreement.objects.get(goal=goal)
    assert (answer.user, answer.agrees, answer.comment) == (member, False, "Za ambitnie")


def test_objecting_without_a_comment_is_refused(goal, member):
    with pytest.raises(ValidationError) as error:
        services.goal_agreement_set(goal=goal, user=member, agrees=False, comment="  ")
    assert "comment" in error.value.message_dict
    assert not GoalAgreement.objects.exists()


def test_outsiders_and_dropped_goals_take_no_answers(network, coordinator, goal, outsider, member):
    with pytest.raises(PermissionDenied):
        services.goal_agreement_set(goal=goal, user=outsider, agrees=True)
    services.goal_save(network=network, by=coordinator, goal=goal, status=GoalStatus.DROPPED)
    with pytest.raises(PermissionDenied):
        services.goal_agreement_set(goal=goal, user=member, agrees=True)


def test_member_agrees_through_the_plan_page(client, network, goal, member):
    client.force_login(member)
    page = client.get(reverse("networks:plan", kwargs={"slug": network.slug})).content.decode()
    assert f'action="{_agree_url(network, goal)}"' in page
    prefix = f"goal-{goal.pk}"
    response = client.post(_agree_url(network, goal), {f"{prefix}-agrees": "1"})
    assert response.status_code == 302
    assert GoalAgreement.objects.get(goal=goal, user=member).agrees is True


def test_an_objection_without_a_comment_keeps_the_form_and_says_why(client, network, goal, member):
    client.force_login(member)
    prefix = f"goal-{goal.pk}"
    response = client.post(_agree_url(network, goal), {f"{prefix}-agrees": "0"})
    assert response.status_code == 400
    goal_form = next(g for g in response.context["goals"] if g.pk == goal.pk).agreement_form
    assert goal_form.errors["comment"]
    assert goal_form["agrees"].value() == "0"
    assert not GoalAgreement.objects.exists()


def test_coordinator_sees_counts_and_the_comments_of_those_who_object(
    client, network, coordinator, goal, member
):
    other = MembershipFactory(network=network).user
    services.goal_agreement_set(goal=goal, user=member, agrees=True)
    services.goal_agreement_set(goal=goal, user=other, agrees=False, comment="Zbyt wiele naraz")
    client.force_login(coordinator)
    response = client.get(reverse("networks:plan", kwargs={"slug": network.slug}))
    shown = next(g for g in response.context["goals"] if g.pk == goal.pk)
    assert (shown.agree_count, shown.object_count) == (1, 1)
    page = response.content.decode()
    assert "Zbyt wiele naraz" in page and other.public_name in page


def test_members_do_not_see_the_objections_of_others(client, network, goal, member):
    other = MembershipFactory(network=network).user
    services.goal_agreement_set(goal=goal, user=other, agrees=False, comment="Zbyt wiele naraz")
    client.force_login(member)
    page = client.get(reverse("networks:plan", kwargs={"slug": network.slug})).content.decode()
    assert "Zbyt wiele naraz" not in page


@pytest.mark.parametrize("who", PEOPLE)
def test_agreeing_with_a_goal_answers_each_person(client, people, network, goal, who):
    if people[who] is not None:
        client.force_login(people[who])
    plan = client.get(reverse("networks:plan", kwargs={"slug": network.slug}))
    response = client.post(_agree_url(network, goal), {f"goal-{goal.pk}-agrees": "1"})
    expected = {
        "anonymous": 302,
        "outsider": 404,
        "staff": 404,
    }.get(who, 302)
    assert response.status_code == expected
    saved = GoalAgreement.objects.filter(goal=goal).exists()
    assert saved == (who in ("member", "expert", "coordinator"))
    if who in ("member", "expert", "coordinator"):
        assert f'action="{_agree_url(network, goal)}"' in plan.content.decode()
    else:
        assert plan.status_code in (302, 404)
        assert goal.title not in plan.content.decode()


def test_plan_page_with_agreement_asks_a_fixed_number_of_queries(
    client, network, coordinator, django_assert_max_num_queries
):
    from accounts.tests.factories import UserFactory
    from networks.models import Membership

    def fill(size):
        users = UserFactory.create_batch(size)
        Membership.objects.bulk_create([Membership(network=network, user=u) for u in users])
        for number in range(size):
            goal = services.goal_save(network=network, by=coordinator, title=f"Cel {number}")
            for user in users:
                services.goal_agreement_set(goal=goal, user=user, agrees=False, comment="Nie")

    client.force_login(coordinator)
    url = reverse("networks:plan", kwargs={"slug": network.slug})
    fill(1)
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    fill(10)
    with django_assert_max_num_queries(len(small)):
        client.get(url)


def test_a_proposed_goal_becomes_agreed_once_a_majority_agrees_and_stays_so(
    network, coordinator, member
):
    other = MembershipFactory(network=network).user
    network.refresh_from_db()  # three members: a majority is two
    goal = services.goal_save(network=network, by=coordinator, title="Lekcje pokazowe")
    services.goal_agreement_set(goal=goal, user=member, agrees=True)
    goal.refresh_from_db()
    assert goal.status == GoalStatus.PROPOSED
    services.goal_agreement_set(goal=goal, user=other, agrees=True)
    goal.refresh_from_db()
    assert goal.status == GoalStatus.AGREED
    # Someone changing their mind does not undo it: the status is then the coordinators' call.
    services.goal_agreement_set(goal=goal, user=other, agrees=False, comment="Jednak nie")
    goal.refresh_from_db()
    assert goal.status == GoalStatus.AGREED


def test_a_goal_in_progress_is_not_set_back_to_agreed(network, coordinator, member):
    goal = services.goal_save(
        network=network, by=coordinator, title="Scenariusze", status=GoalStatus.IN_PROGRESS
    )
    services.goal_agreement_set(goal=goal, user=member, agrees=True)
    services.goal_agreement_set(goal=goal, user=coordinator, agrees=True)
    goal.refresh_from_db()
    assert goal.status == GoalStatus.IN_PROGRESS
