"""The stage checklist across apps: evaluation and resources tick their tasks from real data,
link them to their tools, and the coordination page asks it in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from evaluation import services as evaluation_services
from evaluation.tests.factories import make_survey
from networks import meetings, services, stage_tasks
from networks.models import Membership, Role, Stage
from networks.outcomes import outcome_record
from networks.tests.factories import MeetingFactory, MembershipFactory, NetworkFactory
from resources.stage_tasks import MATERIALS_FOR_TASK
from resources.tests.factories import resource_share

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return UserFactory(can_create_networks=True)


@pytest.fixture
def network(coordinator):
    return NetworkFactory(coordinator=coordinator)


def _item(network, key):
    items = {
        item.task.key: item for stage in stage_tasks.checklist(network) for item in stage.items
    }
    return items[key]


def _closed_survey(network, coordinator, template):
    survey = make_survey(network, coordinator, template=template)
    return evaluation_services.survey_close(survey=survey, by=coordinator)


@pytest.mark.parametrize(
    "task, template",
    [("needs_survey", "needs"), ("formative_survey", "formative"), ("final_survey", "final")],
)
def test_survey_tasks_tick_once_a_survey_from_their_template_has_closed(
    network, coordinator, task, template
):
    assert stage_tasks.is_automatic(task)
    make_survey(network, coordinator, template="meeting")  # another kind does not count
    survey = make_survey(network, coordinator, template=template)
    assert not _item(network, task).done  # still open
    evaluation_services.survey_close(survey=survey, by=coordinator)
    assert _item(network, task).done


def test_a_survey_of_another_network_does_not_tick_the_task(network, coordinator):
    other = NetworkFactory(coordinator=coordinator)
    _closed_survey(other, coordinator, "needs")
    assert not _item(network, "needs_survey").done
    assert _item(other, "needs_survey").done


def test_survey_tasks_link_to_a_draft_from_their_template(network):
    tool = _item(network, "needs_survey").tool
    assert tool.url == reverse(
        "evaluation:survey_from_template", kwargs={"network_slug": network.slug}
    )
    assert tool.post == {"template": "needs"}
    assert _item(network, "final_survey").tool.post == {"template": "final"}


def test_the_needs_survey_button_on_the_checklist_makes_the_draft(client, network, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("networks:manage", kwargs={"slug": network.slug})).content.decode()
    action = reverse("evaluation:survey_from_template", kwargs={"network_slug": network.slug})
    assert f'action="{action}"' in page and 'name="template" value="needs"' in page
    response = client.post(action, {"template": "needs"})
    assert response.status_code == 302
    assert network.surveys.get().template_key == "needs"


def test_materials_are_shared_once_the_network_holds_enough(network, coordinator):
    member = MembershipFactory(network=network).user
    for number in range(MATERIALS_FOR_TASK - 1):
        resource_share(
            network=network, author=member, files=[], external_url=f"https://example.org/{number}"
        )
    assert not _item(network, "materials_shared").done
    resource_share(network=network, author=member, files=[], external_url="https://example.org/x")
    assert _item(network, "materials_shared").done
    assert _item(network, "materials_shared").tool.url == reverse(
        "resources:add", kwargs={"network_slug": network.slug}
    )


def test_moving_on_with_every_task_of_the_stage_done_asks_no_confirmation(
    client, network, coordinator
):
    _closed_survey(network, coordinator, "needs")
    services.stage_task_tick(network=network, by=coordinator, task_key="recruitment", done=True)
    client.force_login(coordinator)
    response = client.post(
        reverse("networks:stage", kwargs={"slug": network.slug}), {"stage": Stage.TOPIC_AND_GOAL}
    )
    assert response.status_code == 302
    network.refresh_from_db()
    assert network.stage == Stage.TOPIC_AND_GOAL


def _fill(network, coordinator, size: int):
    """`size` members, materials, goals with answers, meetings with attendance, surveys, ticks."""
    users = UserFactory.create_batch(size)
    Membership.objects.bulk_create([Membership(network=network, user=u) for u in users])
    services.network_members_refresh(network=network)
    for number in range(size):
        resource_share(
            network=network, author=users[number], files=[], external_url=f"https://e.org/{number}"
        )
        goal = services.goal_save(network=network, by=coordinator, title=f"Cel {number}")
        services.goal_agreement_set(goal=goal, user=users[number], agrees=False, comment="Nie")
        start = timezone.now() - timedelta(days=number + 1)
        meeting = MeetingFactory(
            network=network, starts_at=start, ends_at=start + timedelta(hours=1)
        )
        meetings.attendance_record(meeting=meeting, by=coordinator, present=users)
    for template in ("needs", "formative", "final"):
        _closed_survey(network, coordinator, template)
    for number in range(size):
        outcome_record(
            network=network,
            author=users[number],
            title=f"Wdrożenie {number}",
            description="Opis",
            applied_on=timezone.localdate(),
        )
    for key in ("recruitment", "experts_invited"):
        services.stage_task_tick(network=network, by=coordinator, task_key=key, done=True)


def _count_queries(client, url, django_assert_max_num_queries, budget):
    cache.clear()  # no request finds the person's unread count cached
    with django_assert_max_num_queries(budget) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_coordination_page_asks_the_checklist_in_fixed_queries(
    client, coordinator, django_assert_max_num_queries
):
    small, large = NetworkFactory(coordinator=coordinator), NetworkFactory(coordinator=coordinator)
    _fill(small, coordinator, 1)
    _fill(large, coordinator, 30)
    client.force_login(coordinator)
    url = lambda network: reverse("networks:manage", kwargs={"slug": network.slug})  # noqa: E731
    counts = [
        _count_queries(client, url(network), django_assert_max_num_queries, 20)
        for network in (small, large)
    ]
    assert counts[0] == counts[1], counts
    print("coordination page queries:", counts)


def test_staff_who_coordinate_nothing_get_no_checklist(client, network):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    response = client.get(reverse("networks:manage", kwargs={"slug": network.slug}))
    assert response.status_code == 404


def test_expert_is_not_shown_the_checklist(client, network):
    expert = MembershipFactory(network=network, role=Role.EXPERT).user
    client.force_login(expert)
    response = client.get(reverse("networks:manage", kwargs={"slug": network.slug}))
    assert response.status_code == 403
    assert b"task-needs_survey" not in response.content
