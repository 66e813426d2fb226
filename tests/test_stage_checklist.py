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


def _queries(django_assert_max_num_queries, budget: int, request, network) -> int:
    cache.clear()  # no request finds the person's unread count cached
    with django_assert_max_num_queries(budget) as captured:
        response = request(network)
    assert response.status_code == 200
    return len(captured)


def test_pages_with_the_checklist_and_the_statistics_ask_fixed_queries(
    client, coordinator, django_assert_max_num_queries
):
    """Members, materials, goals, meetings with attendance, outcomes, surveys: 1 of each, then
    30; the coordination page, the confirmation of a stage change (both ask the checklist) and
    the statistics page ask the same number of queries for both networks."""
    small, large = NetworkFactory(coordinator=coordinator), NetworkFactory(coordinator=coordinator)
    _fill(small, coordinator, 1)
    _fill(large, coordinator, 30)
    client.force_login(coordinator)
    pages = {
        "coordination": (
            12,
            lambda n: client.get(reverse("networks:manage", kwargs={"slug": n.slug})),
        ),
        # Goals not agreed and no plan: moving on lists the open tasks and asks to confirm.
        "stage confirmation": (
            10,
            lambda n: client.post(
                reverse("networks:stage", kwargs={"slug": n.slug}),
                {"stage": Stage.REFLECTION, "note": "Sieć kontynuuje pracę z zeszłego roku"},
            ),
        ),
        "statistics": (
            10,
            lambda n: client.get(reverse("evaluation:statistics", kwargs={"network_slug": n.slug})),
        ),
    }
    counts = {
        name: [
            _queries(django_assert_max_num_queries, budget, request, network)
            for network in (small, large)
        ]
        for name, (budget, request) in pages.items()
    }
    print("queries (1 and 30 of everything):", counts)
    assert all(small_count == large_count for small_count, large_count in counts.values()), counts


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


def test_deciding_the_future_links_to_the_annual_report(network):
    tool = _item(network, "future_decided").tool
    assert tool.url == reverse("evaluation:annual_report", kwargs={"network_slug": network.slug})
    assert not tool.post


def test_a_done_survey_task_no_longer_offers_to_make_another_draft(client, network, coordinator):
    client.force_login(coordinator)
    url = reverse("networks:manage", kwargs={"slug": network.slug})
    assert 'name="template" value="needs"' in client.get(url).content.decode()
    _closed_survey(network, coordinator, "needs")
    page = client.get(url).content.decode()
    assert 'name="template" value="needs"' not in page
    assert 'name="template" value="final"' in page  # the open ones still do
    task = page[page.index('id="task-needs_survey"') :]
    surveys = reverse("evaluation:survey_list", kwargs={"network_slug": network.slug})
    assert f'href="{surveys}"' in task[: task.index("</li>")]  # where the done one is found


@pytest.mark.parametrize("who", ["anonymous", "outsider", "member", "coordinator", "staff"])
def test_the_network_page_leads_coordinators_to_the_tasks_of_the_current_stage(
    client, network, coordinator, who
):
    services.network_change_stage(network=network, by=coordinator, stage=Stage.TOPIC_AND_GOAL)
    person = {
        "anonymous": None,
        "outsider": UserFactory(),
        "member": MembershipFactory(network=network).user,
        "coordinator": coordinator,
        "staff": UserFactory(is_staff=True, is_superuser=True),
    }[who]
    if person is not None:
        client.force_login(person)
    page = client.get(network.get_absolute_url()).content.decode()
    tasks = reverse("networks:manage", kwargs={"slug": network.slug}) + "#stage-1-tasks"
    assert (tasks in page) == (who == "coordinator")
