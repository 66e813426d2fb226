"""Outcomes in practice: members record what they applied, coordinators comment, stage 3 ticks."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from networks import outcomes, services, stage_tasks
from networks.models import ActivityKind, ActivityLog, GoalStatus, Outcome
from networks.tests.factories import MembershipFactory, NetworkFactory

pytestmark = pytest.mark.django_db


def _record(network, author, **extra):
    fields = {
        "title": "Scenariusz o bezpieczeństwie w sieci",
        "description": "Przeprowadziłam lekcję **w klasie 5b**.",
        "applied_on": timezone.localdate() - timedelta(days=1),
    }
    return outcomes.outcome_record(network=network, author=author, **(fields | extra))


def _item(network, key):
    for stage in stage_tasks.checklist(network):
        for item in stage.items:
            if item.task.key == key:
                return item
    raise AssertionError(key)


def _login(client, person):
    if person is not None:
        client.force_login(person)


def test_a_member_records_an_outcome_through_the_page(client, network, coordinator, member):
    goal = services.goal_save(network=network, by=coordinator, title="Bezpieczny internet")
    client.force_login(member)
    url = reverse("networks:outcomes", kwargs={"slug": network.slug})
    response = client.post(
        url,
        {
            "title": "Lekcja o fake newsach",
            "description": "Uczniowie **sprawdzali** źródła.<script>alert(1)</script>",
            "applied_on": "2026-10-05",
            "with_whom": "klasa 7a",
            "goal": goal.pk,
            "evidence_url": "https://example.org/material/12",
            "evidence_note": "Karty pracy uczniów",
            "response": "Uczniowie chcieli więcej.",
        },
    )
    assert response.status_code == 302
    outcome = Outcome.objects.get()
    assert (outcome.author, outcome.goal, outcome.with_whom) == (member, goal, "klasa 7a")
    assert "<strong>sprawdzali</strong>" in outcome.description_html
    assert "<script>" not in outcome.description_html
    page = client.get(url).content.decode()
    assert "Lekcja o fake newsach" in page and "klasa 7a" in page
    assert "https://example.org/material/12" in page


def test_recording_writes_an_activity_entry_statistics_count(network, member):
    outcome = _record(network, member)
    entry = ActivityLog.objects.get(kind=ActivityKind.OUTCOME)
    assert (entry.user, entry.object_key) == (member, f"outcome:{outcome.pk}")


def test_bad_input_gets_an_error_and_keeps_what_was_typed(client, network, member):
    client.force_login(member)
    url = reverse("networks:outcomes", kwargs={"slug": network.slug})
    future = (timezone.localdate() + timedelta(days=5)).isoformat()
    response = client.post(
        url, {"title": "Zachowany tytuł", "description": "Opis", "applied_on": future}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Zachowany tytuł" in page
    assert "once it has happened" in page or "gdy już się wydarzy" in page
    assert not Outcome.objects.exists()


def test_a_goal_of_another_network_or_a_dropped_one_is_refused(network, coordinator, member):
    other = NetworkFactory(coordinator=coordinator)
    foreign = services.goal_save(network=other, by=coordinator, title="Obcy cel")
    with pytest.raises(ValidationError):
        _record(network, member, goal=foreign)
    dropped = services.goal_save(
        network=network, by=coordinator, title="Porzucony", status=GoalStatus.DROPPED
    )
    with pytest.raises(ValidationError):
        _record(network, member, goal=dropped)


def test_outsiders_and_archived_networks_cannot_record(network, member, outsider):
    with pytest.raises(PermissionDenied):
        _record(network, outsider)
    network.archived_at = timezone.now()
    network.save(update_fields=["archived_at"])
    with pytest.raises(PermissionDenied):
        _record(network, member)


def test_the_coordinator_comments_an_outcome_and_a_member_cannot(
    client, network, coordinator, member
):
    outcome = _record(network, member)
    with pytest.raises(PermissionDenied):
        outcomes.outcome_comment(outcome=outcome, by=member, comment="Sam sobie")
    client.force_login(coordinator)
    url = reverse("networks:outcome_comment", kwargs={"slug": network.slug, "pk": outcome.pk})
    response = client.post(url, {"comment": "Świetny pomysł, podzielmy się nim."})
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert outcome.coordinator_comment == "Świetny pomysł, podzielmy się nim."
    assert outcome.commented_by == coordinator
    page = client.get(reverse("networks:outcomes", kwargs={"slug": network.slug}))
    assert "Świetny pomysł" in page.content.decode()


def test_a_member_posting_a_comment_gets_403(client, network, member):
    outcome = _record(network, member)
    client.force_login(member)
    url = reverse("networks:outcome_comment", kwargs={"slug": network.slug, "pk": outcome.pk})
    assert client.post(url, {"comment": "x"}).status_code == 403
    outcome.refresh_from_db()
    assert outcome.coordinator_comment == ""


@pytest.mark.parametrize(
    ("who", "sees", "may_record", "may_comment"),
    [
        ("anonymous", False, False, False),
        ("outsider", False, False, False),
        ("staff", False, False, False),
        ("member", True, True, False),
        ("coordinator", True, True, True),
    ],
)
def test_who_sees_the_outcomes_page(client, people, network, who, sees, may_record, may_comment):
    _record(network, people["member"], title="Tajny tytuł wdrożenia")
    _login(client, people[who])
    response = client.get(reverse("networks:outcomes", kwargs={"slug": network.slug}))
    page = response.content.decode()
    assert ("Tajny tytuł wdrożenia" in page) is sees
    if not sees:
        assert response.status_code in (302, 404)
        return
    assert response.status_code == 200
    assert ('id="record-heading"' in page) is may_record
    assert ('name="comment"' in page) is may_comment


@pytest.mark.parametrize(
    ("who", "sees"),
    [("anonymous", False), ("outsider", False), ("staff", False), ("member", True)],
)
def test_the_network_page_shows_the_latest_outcomes_to_members_only(
    client, people, network, who, sees
):
    _record(network, people["member"], title="Tajny tytuł wdrożenia")
    _login(client, people[who])
    page = client.get(network.get_absolute_url()).content.decode()
    assert ("Tajny tytuł wdrożenia" in page) is sees


def test_stage_three_task_ticks_itself_once_an_outcome_exists(network, member):
    assert stage_tasks.is_automatic("outcomes_recorded")
    assert not _item(network, "outcomes_recorded").done
    _record(network, member)
    item = _item(network, "outcomes_recorded")
    assert item.done
    assert item.tool.url == reverse("networks:outcomes", kwargs={"slug": network.slug})


def test_outcomes_page_has_a_fixed_query_budget(
    client, network, member, django_assert_max_num_queries
):
    client.force_login(member)
    url = reverse("networks:outcomes", kwargs={"slug": network.slug})
    for n in range(3):
        _record(network, member, title=f"Wdrożenie {n}")
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for n in range(20):
        MembershipFactory(network=network)
        _record(network, member, title=f"Kolejne {n}", applied_on=date(2026, 9, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_outcomes_are_in_the_authors_data_and_go_when_content_is_removed(network, member):
    from accounts.personal_data import ErasureRequest
    from networks.personal_data import networks_erase, networks_export

    _record(network, member, title="Moje wdrożenie")
    assert networks_export(member).data["outcomes_in_practice"][0]["title"] == "Moje wdrożenie"
    networks_erase(member, ErasureRequest())
    assert Outcome.objects.exists()  # kept unless the person asks to remove their content
    networks_erase(member, ErasureRequest(remove_content=True))
    assert not Outcome.objects.exists()
