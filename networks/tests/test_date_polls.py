"""Date polls: 2–6 proposed dates, members answer yes / if need be / no, the coordinator
picks one and it becomes a meeting (with its reminders) the members are told about."""

from datetime import datetime, timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from networks import polls
from networks.models import (
    Answer,
    DatePoll,
    DatePollAnswer,
    Meeting,
    MeetingKind,
    MeetingReminder,
    Membership,
    PollChoice,
    Rsvp,
)
from notifications.models import Notification

pytestmark = pytest.mark.django_db

PEOPLE = ["anonymous", "outsider", "member", "expert", "coordinator", "staff"]
DETAILS = {"title": "Warsztaty z OZE", "kind": MeetingKind.ONLINE, "form": "workshop"}
DETAILS["online_url"] = "https://spotkania.example.org/oze"


def _slots(count: int, *, first_day: int = 10) -> list[tuple[datetime, datetime]]:
    base = timezone.localtime().replace(hour=16, minute=0, second=0, microsecond=0)
    return [
        (
            base + timedelta(days=first_day + n),
            base + timedelta(days=first_day + n, hours=2),
        )
        for n in range(count)
    ]


def _poll(network, coordinator, count=3) -> DatePoll:
    return polls.poll_create(network=network, by=coordinator, slots=_slots(count), **DETAILS)


def _form_data(slots, **overrides) -> dict:
    data = {**DETAILS, "slots-TOTAL_FORMS": str(max(len(slots), 6)), "slots-INITIAL_FORMS": "0"}
    data["slots-TOTAL_FORMS"] = str(max(len(slots), 6))
    for number, (starts, ends) in enumerate(slots):
        starts, ends = timezone.localtime(starts), timezone.localtime(ends)
        data[f"slots-{number}-day"] = starts.strftime("%Y-%m-%d")
        data[f"slots-{number}-starts"] = starts.strftime("%H:%M")
        data[f"slots-{number}-ends"] = ends.strftime("%H:%M")
    data.update(overrides)
    return data


# --- the service -------------------------------------------------------------------------


@pytest.mark.parametrize("count", [0, 1, 7])
def test_fewer_than_two_or_more_than_six_dates_are_refused(network, coordinator, count):
    with pytest.raises(ValidationError):
        polls.poll_create(network=network, by=coordinator, slots=_slots(count), **DETAILS)
    assert not DatePoll.objects.exists()


@pytest.mark.parametrize("count", [2, 6])
def test_two_to_six_dates_are_accepted(network, coordinator, count):
    poll = polls.poll_create(network=network, by=coordinator, slots=_slots(count), **DETAILS)
    assert poll.slots.count() == count


def test_past_reversed_and_repeated_dates_are_refused(network, coordinator):
    (start, end), second = _slots(2)
    for slots in (
        [(start - timedelta(days=30), end - timedelta(days=30)), second],
        [(end, start), second],
        [(start, end), (start, end)],
    ):
        with pytest.raises(ValidationError):
            polls.poll_create(network=network, by=coordinator, slots=slots, **DETAILS)


def test_an_online_poll_needs_its_link(network, coordinator):
    with pytest.raises(ValidationError) as error:
        polls.poll_create(
            network=network, by=coordinator, slots=_slots(2), **{**DETAILS, "online_url": ""}
        )
    assert "online_url" in error.value.message_dict


def test_members_cannot_propose_dates(network, member):
    with pytest.raises(PermissionDenied):
        polls.poll_create(network=network, by=member, slots=_slots(2), **DETAILS)


def test_members_are_asked_when_dates_are_proposed(network, coordinator, member):
    poll = _poll(network, coordinator)
    assert Notification.objects.filter(recipient=member, url=poll.get_absolute_url()).exists()


def test_a_member_answers_every_date_and_may_change_it(network, coordinator, member):
    poll = _poll(network, coordinator, count=2)
    first, second = poll.slots.all()
    polls.poll_answer(
        poll=poll, user=member, answers={first.pk: PollChoice.YES, second.pk: PollChoice.NO}
    )
    polls.poll_answer(
        poll=poll,
        user=member,
        answers={first.pk: PollChoice.IF_NEED_BE, second.pk: PollChoice.NO},
    )
    assert dict(DatePollAnswer.objects.values_list("slot_id", "answer")) == {
        first.pk: PollChoice.IF_NEED_BE,
        second.pk: PollChoice.NO,
    }
    with pytest.raises(ValidationError):
        polls.poll_answer(poll=poll, user=member, answers={first.pk: PollChoice.YES})


def test_choosing_a_date_schedules_the_meeting_signs_up_and_tells_the_members(
    network, coordinator, member, expert
):
    poll = _poll(network, coordinator, count=2)
    first, second = poll.slots.all()
    polls.poll_answer(
        poll=poll, user=member, answers={first.pk: PollChoice.NO, second.pk: PollChoice.YES}
    )
    polls.poll_answer(
        poll=poll,
        user=expert,
        answers={first.pk: PollChoice.YES, second.pk: PollChoice.IF_NEED_BE},
    )
    meeting = polls.poll_choose(poll=poll, by=coordinator, slot=second)
    assert (meeting.starts_at, meeting.ends_at) == (second.starts_at, second.ends_at)
    assert meeting.title == DETAILS["title"] and meeting.online_url == DETAILS["online_url"]
    answers = dict(Rsvp.objects.filter(meeting=meeting).values_list("user_id", "answer"))
    # The coordinator who schedules is not signed up for them (they answer like anyone).
    assert answers == {member.pk: Answer.YES, expert.pk: Answer.MAYBE}
    reminded = set(
        MeetingReminder.objects.filter(meeting=meeting).values_list("user_id", flat=True)
    )
    assert reminded == {member.pk, expert.pk}
    for person in (member, expert):
        assert Notification.objects.filter(
            recipient=person, url=meeting.get_absolute_url()
        ).exists()
    poll.refresh_from_db()
    assert not poll.is_open and poll.meeting == meeting
    with pytest.raises(PermissionDenied):
        polls.poll_choose(poll=poll, by=coordinator, slot=first)
    with pytest.raises(PermissionDenied):
        polls.poll_answer(poll=poll, user=member, answers={first.pk: "yes", second.pk: "yes"})


def test_a_date_that_has_passed_cannot_be_chosen(network, coordinator):
    poll = _poll(network, coordinator, count=2)
    slot = poll.slots.first()
    slot.starts_at = timezone.now() - timedelta(hours=3)
    slot.ends_at = timezone.now() - timedelta(hours=1)
    slot.save()
    with pytest.raises(ValidationError):
        polls.poll_choose(poll=poll, by=coordinator, slot=slot)
    assert not Meeting.objects.exists()


# --- the pages ---------------------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 6])
def test_coordinator_proposes_dates_through_the_form(client, network, coordinator, count):
    client.force_login(coordinator)
    url = reverse("networks:poll_create", kwargs={"slug": network.slug})
    assert client.get(url).status_code == 200
    response = client.post(url, _form_data(_slots(count)))
    poll = DatePoll.objects.get()
    assert response.status_code == 302 and response["Location"] == poll.get_absolute_url()
    assert poll.slots.count() == count


@pytest.mark.parametrize("count", [1, 7])
def test_the_form_refuses_one_or_seven_dates_and_keeps_what_was_typed(
    client, network, coordinator, count
):
    client.force_login(coordinator)
    url = reverse("networks:poll_create", kwargs={"slug": network.slug})
    response = client.post(url, _form_data(_slots(count)))
    assert response.status_code == 400
    assert response.context["slots"].non_form_errors()
    assert DETAILS["title"] in response.content.decode()
    assert not DatePoll.objects.exists()


def test_a_half_filled_date_row_is_explained(client, network, coordinator):
    client.force_login(coordinator)
    url = reverse("networks:poll_create", kwargs={"slug": network.slug})
    data = _form_data(_slots(2), **{"slots-2-day": "2030-01-01"})
    response = client.post(url, data)
    assert response.status_code == 400
    assert response.context["slots"].forms[2].non_field_errors()


def test_member_answers_through_the_poll_page(client, network, coordinator, member):
    poll = _poll(network, coordinator, count=2)
    first, second = poll.slots.all()
    client.force_login(member)
    response = client.post(
        poll.get_absolute_url(), {f"slot_{first.pk}": "yes", f"slot_{second.pk}": "if_need_be"}
    )
    assert response.status_code == 302
    page = client.get(poll.get_absolute_url())
    assert page.context["my_answers"] == {first.pk: "yes", second.pk: "if_need_be"}
    assert member.public_name in page.content.decode()


def test_an_incomplete_answer_is_refused_with_the_form(client, network, coordinator, member):
    poll = _poll(network, coordinator, count=2)
    first = poll.slots.first()
    client.force_login(member)
    response = client.post(poll.get_absolute_url(), {f"slot_{first.pk}": "yes"})
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not DatePollAnswer.objects.exists()


def test_coordinator_picks_a_date_on_the_page(client, network, coordinator, member):
    poll = _poll(network, coordinator, count=2)
    slot = poll.slots.last()
    client.force_login(coordinator)
    page = client.get(poll.get_absolute_url()).content.decode()
    assert "<caption>" in page and 'scope="col"' in page and 'scope="row"' in page
    url = reverse("networks:poll_choose", kwargs={"slug": network.slug, "pk": poll.pk})
    response = client.post(url, {"slot": slot.pk})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert client.post(url, {"slot": "nonsense"}).status_code in (403, 404)


def test_open_polls_are_listed_on_the_meetings_page(client, network, coordinator, member):
    poll = _poll(network, coordinator)
    client.force_login(member)
    page = client.get(reverse("networks:meetings", kwargs={"slug": network.slug}))
    assert poll.get_absolute_url() in page.content.decode()


PAGE_ACCESS = {
    # (anonymous, outsider, member, expert, coordinator, staff)
    "poll": ("login", 404, 200, 200, 200, 404),
    "poll_create": ("login", 404, 403, 403, 200, 404),
}


@pytest.mark.parametrize("who", PEOPLE)
def test_poll_pages_answer_each_person_by_content(client, people, network, coordinator, who):
    poll = _poll(network, coordinator, count=2)
    first, second = poll.slots.all()
    if people[who] is not None:
        client.force_login(people[who])
    detail = client.get(poll.get_absolute_url())
    create = client.get(reverse("networks:poll_create", kwargs={"slug": network.slug}))
    for response, page in ((detail, "poll"), (create, "poll_create")):
        expected = PAGE_ACCESS[page][PEOPLE.index(who)]
        if expected == "login":
            assert response.status_code == 302 and "login" in response["Location"]
        else:
            assert response.status_code == expected
    content = detail.content.decode()
    choose = reverse("networks:poll_choose", kwargs={"slug": network.slug, "pk": poll.pk})
    answer_field = f'name="slot_{first.pk}"'
    assert (DETAILS["title"] in content) == (who in ("member", "expert", "coordinator"))
    assert (answer_field in content) == (who in ("member", "expert", "coordinator"))
    assert (choose in content) == (who == "coordinator")
    # Answering and choosing are refused to those who may not.
    answered = client.post(
        poll.get_absolute_url(), {f"slot_{first.pk}": "yes", f"slot_{second.pk}": "no"}
    )
    chosen = client.post(choose, {"slot": first.pk})
    if who in ("member", "expert", "coordinator"):
        assert answered.status_code == 302
    if who != "coordinator":
        assert chosen.status_code in (302, 403, 404)
        assert not Meeting.objects.exists()
    else:
        assert Meeting.objects.count() == 1


def test_poll_page_asks_the_same_number_of_queries_for_1_and_30_members(
    client, network, coordinator, django_assert_max_num_queries
):
    def fill(poll, size):
        users = UserFactory.create_batch(size)
        Membership.objects.bulk_create([Membership(network=network, user=u) for u in users])
        for user in users:
            answers = {slot.pk: PollChoice.YES for slot in poll.slots.all()}
            DatePollAnswer.objects.bulk_create(
                DatePollAnswer(slot_id=slot_id, user=user, answer=answer)
                for slot_id, answer in answers.items()
            )

    small = polls.poll_create(network=network, by=coordinator, slots=_slots(2), **DETAILS)
    large = polls.poll_create(
        network=network, by=coordinator, slots=_slots(6, first_day=20), **DETAILS
    )
    fill(small, 1)
    fill(large, 30)
    client.force_login(coordinator)
    counts = []
    for poll in (small, large):
        cache.clear()  # neither request finds the unread count cached
        with django_assert_max_num_queries(15) as captured:
            assert client.get(poll.get_absolute_url()).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
    print("poll page queries:", counts)


def test_poll_page_queries_do_not_change_with_2_or_6_dates_and_1_or_30_answering_members(
    client, network, coordinator, django_assert_max_num_queries
):
    """Every combination, seen by the coordinator and by a member who answered: one count each."""
    choices = list(PollChoice.values)
    combinations = [(2, 1), (2, 30), (6, 1), (6, 30)]
    polls_and_members = []
    for number, (slots, answering) in enumerate(combinations):
        poll = polls.poll_create(
            network=network,
            by=coordinator,
            slots=_slots(slots, first_day=10 + 7 * number),
            **DETAILS,
        )
        users = UserFactory.create_batch(answering)
        Membership.objects.bulk_create([Membership(network=network, user=u) for u in users])
        DatePollAnswer.objects.bulk_create(
            DatePollAnswer(slot=slot, user=user, answer=choices[(index + slot.pk) % len(choices)])
            for index, user in enumerate(users)
            for slot in poll.slots.all()
        )
        polls_and_members.append((poll, users[0]))
    counts = {}
    for viewer in ("coordinator", "member"):
        for (poll, member), combination in zip(polls_and_members, combinations, strict=True):
            client.force_login(coordinator if viewer == "coordinator" else member)
            cache.clear()  # no request finds the person's unread count cached
            with django_assert_max_num_queries(10) as captured:
                response = client.get(poll.get_absolute_url())
            assert response.status_code == 200
            counts[viewer, combination] = len(captured)
    print("poll page queries:", counts)
    for viewer in ("coordinator", "member"):
        assert len({counts[viewer, combination] for combination in combinations}) == 1, counts


def test_answers_to_goals_and_polls_are_in_the_persons_data_and_go_with_the_account(
    network, coordinator, member
):
    from accounts.personal_data import ErasureRequest
    from networks import services
    from networks.models import GoalAgreement
    from networks.personal_data import networks_erase, networks_export

    goal = services.goal_save(network=network, by=coordinator, title="Scenariusze")
    services.goal_agreement_set(goal=goal, user=member, agrees=False, comment="Za dużo")
    poll = _poll(network, coordinator, count=2)
    polls.poll_answer(
        poll=poll, user=member, answers={slot.pk: PollChoice.YES for slot in poll.slots.all()}
    )
    data = networks_export(member).data
    assert data["goal_answers"][0]["comment"] == "Za dużo"
    assert {a["answer"] for a in data["date_poll_answers"]} == {"yes"}
    networks_erase(member, ErasureRequest())
    assert not GoalAgreement.objects.filter(user=member).exists()
    assert not DatePollAnswer.objects.filter(user=member).exists()


def test_staff_see_polls_and_ticks_in_the_admin_read_only(client, network, coordinator, staff_user):
    from networks import services

    poll = _poll(network, coordinator, count=2)
    services.stage_task_tick(network=network, by=coordinator, task_key="recruitment", done=True)
    client.force_login(staff_user)
    page = client.get(reverse("admin:networks_datepoll_changelist")).content.decode()
    assert poll.title in page
    assert client.get(reverse("admin:networks_datepoll_change", args=[poll.pk])).status_code == 200
    assert client.get(reverse("admin:networks_datepoll_add")).status_code == 403
    page = client.get(reverse("admin:networks_stagetasktick_changelist")).content.decode()
    assert "recruitment" in page
