"""The stage checklist: tasks tick themselves from real data or by hand; stage changes' rules."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from networks import meetings, services, stage_tasks
from networks.models import Stage, StageChange, StageTaskTick
from networks.tests.factories import MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _item(network, key):
    for stage in stage_tasks.checklist(network):
        for item in stage.items:
            if item.task.key == key:
                return item
    raise AssertionError(key)


def test_every_stage_has_tasks_and_every_task_a_known_stage():
    stages = {task.stage for task in stage_tasks.TASKS}
    assert stages == set(Stage.values)
    assert len(stage_tasks.TASKS_BY_KEY) == len(stage_tasks.TASKS)


def test_registering_a_check_for_an_unknown_task_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        stage_tasks.register_check("no_such_task", lambda: None)


def test_goals_are_agreed_when_a_majority_of_members_agrees_with_every_goal(
    network, coordinator, member
):
    other = MembershipFactory(network=network).user
    network.refresh_from_db()  # three members: a majority is two
    assert not _item(network, "goals_agreed").done  # no goals yet
    first = services.goal_save(network=network, by=coordinator, title="Scenariusze")
    second = services.goal_save(network=network, by=coordinator, title="Lekcje pokazowe")
    services.goal_agreement_set(goal=first, user=member, agrees=True)
    services.goal_agreement_set(goal=first, user=other, agrees=True)
    services.goal_agreement_set(goal=second, user=member, agrees=True)
    services.goal_agreement_set(goal=second, user=other, agrees=False, comment="Za dużo")
    assert not _item(network, "goals_agreed").done
    services.goal_agreement_set(goal=second, user=coordinator, agrees=True)
    assert _item(network, "goals_agreed").done


def test_agreement_of_someone_who_left_does_not_count(network, coordinator, member):
    goal = services.goal_save(network=network, by=coordinator, title="Scenariusze")
    leaver = MembershipFactory(network=network).user
    network.refresh_from_db()
    services.goal_agreement_set(goal=goal, user=leaver, agrees=True)
    services.goal_agreement_set(goal=goal, user=member, agrees=True)
    assert _item(network, "goals_agreed").done
    services.membership_leave(membership=leaver.memberships.get(network=network))
    services.goal_agreement_set(goal=goal, user=member, agrees=True)
    network.refresh_from_db()
    assert not _item(network, "goals_agreed").done  # 1 of 2 is not a majority


def test_plan_is_made_with_one_activity(network, coordinator):
    assert not _item(network, "plan_made").done
    services.activity_plan_save(
        network=network, by=coordinator, title="Warsztaty", starts_on=timezone.localdate()
    )
    assert _item(network, "plan_made").done


def test_first_meeting_is_held_once_a_past_meeting_has_attendance(network, coordinator, member):
    start = timezone.now() - timedelta(days=1)
    meeting = MeetingFactory(network=network, starts_at=start, ends_at=start + timedelta(hours=1))
    MeetingFactory(network=network)  # one ahead does not count
    assert not _item(network, "first_meeting").done
    meetings.attendance_record(meeting=meeting, by=coordinator, present=[member])
    assert _item(network, "first_meeting").done


def test_a_task_no_app_checks_is_ticked_by_hand_with_who_and_when(network, coordinator):
    assert not stage_tasks.is_automatic("experts_invited")
    services.stage_task_tick(network=network, by=coordinator, task_key="experts_invited", done=True)
    item = _item(network, "experts_invited")
    assert item.done and item.ticked_by == coordinator and item.ticked_at is not None
    services.stage_task_tick(
        network=network, by=coordinator, task_key="experts_invited", done=False
    )
    assert not _item(network, "experts_invited").done


def test_automatic_tasks_and_unknown_tasks_cannot_be_ticked_by_hand(network, coordinator):
    for key in ("goals_agreed", "nonsense"):
        with pytest.raises(ValidationError):
            services.stage_task_tick(network=network, by=coordinator, task_key=key, done=True)
    assert not StageTaskTick.objects.exists()


def test_members_cannot_tick_tasks(network, member):
    with pytest.raises(PermissionDenied):
        services.stage_task_tick(network=network, by=member, task_key="recruitment", done=True)


def test_coordinator_ticks_a_task_through_the_page(client, network, coordinator):
    client.force_login(coordinator)
    url = reverse("networks:stage_task_tick", kwargs={"slug": network.slug, "key": "recruitment"})
    response = client.post(url, {"done": "1"}, follow=True)
    assert StageTaskTick.objects.filter(network=network, task_key="recruitment").exists()
    page = response.content.decode()
    task = page[page.index('id="task-recruitment"') :]
    task = task[: task.index("</li>")]
    assert coordinator.public_name in task and 'name="done" value="0"' in task


# --- changing the stage ------------------------------------------------------------------


def test_moving_on_one_stage_needs_no_note(network, coordinator):
    services.network_change_stage(network=network, by=coordinator, stage=Stage.TOPIC_AND_GOAL)
    assert network.stage == Stage.TOPIC_AND_GOAL


def test_skipping_a_stage_without_a_note_is_refused(network, coordinator):
    with pytest.raises(ValidationError) as error:
        services.network_change_stage(network=network, by=coordinator, stage=Stage.WORKING)
    assert "note" in error.value.message_dict
    network.refresh_from_db()
    assert network.stage == Stage.PROBING
    services.network_change_stage(
        network=network, by=coordinator, stage=Stage.WORKING, note="Cel znamy z poprzedniego roku"
    )
    assert network.stage == Stage.WORKING


def test_going_back_without_a_note_is_refused(network, coordinator):
    services.network_change_stage(network=network, by=coordinator, stage=Stage.TOPIC_AND_GOAL)
    with pytest.raises(ValidationError):
        services.network_change_stage(
            network=network, by=coordinator, stage=Stage.PROBING, note="   "
        )


def test_skipping_through_the_page_without_a_note_shows_the_error(client, network, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("networks:stage", kwargs={"slug": network.slug}),
        {"stage": Stage.APPLYING, "note": "", "confirmed": "1"},
    )
    assert response.status_code == 400
    assert response.context["stage_form"].errors["note"]
    assert 'aria-invalid="true"' in response.content.decode() or "is-invalid" in (
        response.content.decode()
    )
    network.refresh_from_db()
    assert network.stage == Stage.PROBING


NOTE_NEEDED = "Napisz, dlaczego sieć pomija etap lub wraca do wcześniejszego"


def _stage_form(page: str) -> str:
    start = page.index('aria-labelledby="stage-heading"')
    return page[start : page.index("</form>", start)]


def test_skipping_through_the_page_says_why_in_polish_and_keeps_the_choice(
    client, network, coordinator
):
    client.force_login(coordinator)
    response = client.post(
        reverse("networks:stage", kwargs={"slug": network.slug}),
        {"stage": Stage.APPLYING, "note": "  "},
    )
    assert response.status_code == 400
    form = _stage_form(response.content.decode())
    assert NOTE_NEEDED in form
    assert f'<option value="{Stage.APPLYING}" selected>' in form
    assert not StageChange.objects.exists()


def test_going_back_through_the_page_without_a_note_is_refused(client, network, coordinator):
    services.network_change_stage(network=network, by=coordinator, stage=Stage.TOPIC_AND_GOAL)
    client.force_login(coordinator)
    response = client.post(
        reverse("networks:stage", kwargs={"slug": network.slug}),
        {"stage": Stage.PROBING, "note": "", "confirmed": "1"},
    )
    assert response.status_code == 400
    form = _stage_form(response.content.decode())
    assert NOTE_NEEDED in form
    assert f'<option value="{Stage.PROBING}" selected>' in form
    network.refresh_from_db()
    assert network.stage == Stage.TOPIC_AND_GOAL
    assert StageChange.objects.filter(network=network).count() == 1


def test_moving_on_lists_the_open_tasks_and_asks_to_confirm(client, network, coordinator):
    client.force_login(coordinator)
    url = reverse("networks:stage", kwargs={"slug": network.slug})
    response = client.post(url, {"stage": Stage.TOPIC_AND_GOAL, "note": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert str(stage_tasks.TASKS_BY_KEY["recruitment"].title) in page
    assert 'name="confirmed"' in page
    network.refresh_from_db()
    assert network.stage == Stage.PROBING
    response = client.post(url, {"stage": Stage.TOPIC_AND_GOAL, "note": "", "confirmed": "1"})
    assert response.status_code == 302
    network.refresh_from_db()
    assert network.stage == Stage.TOPIC_AND_GOAL


def test_going_back_with_a_note_appears_in_the_members_history(
    client, network, coordinator, member
):
    services.network_change_stage(network=network, by=coordinator, stage=Stage.TOPIC_AND_GOAL)
    client.force_login(coordinator)
    response = client.post(
        reverse("networks:stage", kwargs={"slug": network.slug}),
        {"stage": Stage.PROBING, "note": "Wracamy do diagnozy: za mało chętnych szkół"},
    )
    assert response.status_code == 302
    client.force_login(member)
    page = client.get(network.get_absolute_url()).content.decode()
    assert "Wracamy do diagnozy: za mało chętnych szkół" in page


def test_a_skip_note_is_in_the_members_stage_history_and_not_shown_to_outsiders(
    client, network, coordinator, member, outsider
):
    note = "Cel znamy z zeszłego roku, od razu pracujemy"
    client.force_login(coordinator)
    response = client.post(
        reverse("networks:stage", kwargs={"slug": network.slug}),
        {"stage": Stage.WORKING, "note": note, "confirmed": "1"},
    )
    assert response.status_code == 302
    client.force_login(member)
    page = client.get(network.get_absolute_url()).content.decode()
    history = page[page.index('id="history-heading"') :]
    assert note in history[: history.index("</section>")]
    client.force_login(outsider)  # the network is public: its page is open, its history not
    page = client.get(network.get_absolute_url()).content.decode()
    assert note not in page and 'id="history-heading"' not in page


CHECKLIST_ACCESS = {
    # who: (status of the coordination page, status of ticking a task)
    "anonymous": (302, 302),
    "outsider": (404, 404),
    "member": (403, 403),
    "expert": (403, 403),
    "coordinator": (200, 302),
    "staff": (404, 404),
}


@pytest.mark.parametrize("who", list(CHECKLIST_ACCESS))
def test_only_coordinators_see_and_tick_the_checklist(client, people, network, who):
    if people[who] is not None:
        client.force_login(people[who])
    page = client.get(reverse("networks:manage", kwargs={"slug": network.slug}))
    tick = client.post(
        reverse("networks:stage_task_tick", kwargs={"slug": network.slug, "key": "recruitment"}),
        {"done": "1"},
    )
    assert (page.status_code, tick.status_code) == CHECKLIST_ACCESS[who]
    content = page.content.decode()
    assert ('id="task-needs_survey"' in content) == (who == "coordinator")
    assert ('id="checklist-heading"' in content) == (who == "coordinator")
    assert StageTaskTick.objects.exists() == (who == "coordinator")


def test_an_archived_network_shows_its_checklist_without_tick_buttons(client, network, coordinator):
    services.stage_task_tick(network=network, by=coordinator, task_key="recruitment", done=True)
    services.network_archive(network=network, by=coordinator)
    client.force_login(coordinator)
    content = client.get(reverse("networks:manage", kwargs={"slug": network.slug})).content
    assert b'id="task-recruitment"' in content
    tick_url = reverse(
        "networks:stage_task_tick", kwargs={"slug": network.slug, "key": "recruitment"}
    )
    assert tick_url.encode() not in content


def test_the_checklist_offers_to_move_on_to_the_next_stage_and_the_form_starts_there(
    client, network, coordinator
):
    services.network_change_stage(network=network, by=coordinator, stage=Stage.TOPIC_AND_GOAL)
    client.force_login(coordinator)
    url = reverse("networks:manage", kwargs={"slug": network.slug})
    page = client.get(url).content.decode()
    current = page[page.index('id="stage-1-tasks"') :]
    current = current[: current.index("</section>")]
    assert f'name="stage" value="{Stage.WORKING}"' in current
    assert "Przejdź do: Etap 2: Działanie w sieci" in current
    assert f'<option value="{Stage.WORKING}" selected>' in page  # the stage form too
    response = client.post(reverse("networks:stage", kwargs={"slug": network.slug}), {"stage": 2})
    assert response.status_code == 200 and 'name="confirmed"' in response.content.decode()


def test_there_is_no_next_stage_after_the_last_or_in_an_archived_network(
    client, network, coordinator
):
    client.force_login(coordinator)
    url = reverse("networks:manage", kwargs={"slug": network.slug})
    services.network_archive(network=network, by=coordinator)
    assert "Przejdź do:" not in client.get(url).content.decode()
    services.network_archive(network=network, by=coordinator, archived=False)
    services.network_change_stage(
        network=network, by=coordinator, stage=Stage.REFLECTION, note="Sieć z zeszłego roku"
    )
    assert network.next_stage is None
    assert "Przejdź do:" not in client.get(url).content.decode()
