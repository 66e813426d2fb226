"""The home page of a logged-in person: the dashboard the apps assemble (core.dashboard).

States are built through the services; rows a service cannot make (a meeting that has
already ended) come from the factories.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from evaluation import services as evaluation_services
from evaluation.models import QuestionKind
from forums import services as forum_services
from forums.tests.factories import thread_with_posts
from networks import services as network_services
from networks.models import JoinPolicy, Role
from networks.tests.factories import MeetingFactory, MembershipFactory, NetworkFactory
from resources import services as resource_services
from resources.tests.factories import resource_share

pytestmark = pytest.mark.django_db

HOME = "/"


def survey_open(network, coordinator, *, title="Ankieta ewaluacyjna", closes_in_days=5):
    now = timezone.now()
    survey = evaluation_services.survey_create(
        network=network,
        by=coordinator,
        title=title,
        opens_at=now - timedelta(minutes=1),
        closes_at=now + timedelta(days=closes_in_days),
    )
    evaluation_services.question_save(
        survey=survey, by=coordinator, kind=QuestionKind.LIKERT, text="Sieć działa"
    )
    return evaluation_services.survey_publish(survey=survey, by=coordinator)


def member_things(network, coordinator, *, label: str) -> dict:
    """What a member of the network should see on their home page, titled with `label`."""
    meeting = MeetingFactory(network=network, title=f"Spotkanie {label}")
    thread = thread_with_posts(network, coordinator, title=f"Wątek {label}", replies=2)
    survey = survey_open(network, coordinator, title=f"Ankieta {label}")
    material = resource_share(network=network, author=coordinator, title=f"Materiał {label}")
    return {"meeting": meeting, "thread": thread, "survey": survey, "material": material}


def decisions_for(network, coordinator, *, label: str) -> dict:
    """One pending decision of each kind in the network, titled with `label`."""
    network.join_policy = JoinPolicy.REQUEST
    network.save(update_fields=["join_policy"])
    asker = UserFactory(display_name=f"Chętna {label}")
    join_request = network_services.join_request_create(network=network, user=asker)
    forum_services.forum_settings_update(network=network, by=coordinator, approve_first_posts=True)
    newcomer = UserFactory()
    MembershipFactory(network=network, user=newcomer)
    network.__dict__.pop("_membership_cache", None)
    thread = thread_with_posts(network, coordinator, title=f"Wątek zgłoszony {label}")
    pending = forum_services.thread_reply(thread=thread, author=newcomer, body="Pierwszy wpis")
    reporter = UserFactory()
    MembershipFactory(network=network, user=reporter)
    network.__dict__.pop("_membership_cache", None)
    reported = thread.posts.get(number=1)
    reported.thread = thread
    report = forum_services.post_report(post=reported, by=reporter, reason="Nie na temat")
    ended = MeetingFactory(
        network=network,
        title=f"Spotkanie minione {label}",
        starts_at=timezone.now() - timedelta(days=2, hours=2),
        ends_at=timezone.now() - timedelta(days=2),
    )
    author = UserFactory()
    MembershipFactory(network=network, user=author)
    material = resource_share(network=network, author=author, title=f"Do banku {label}")
    resource_services.resource_submit(resource=material, by=author)
    survey = survey_open(network, coordinator, title=f"Ankieta do zamknięcia {label}")
    return {
        "join_request": join_request,
        "pending": pending,
        "report": report,
        "ended": ended,
        "material": material,
        "survey": survey,
    }


@pytest.fixture
def coordinator(db):
    return UserFactory(display_name="Marek Koordynator", can_create_networks=True)


@pytest.fixture
def network(coordinator):
    return NetworkFactory(name="Matematyka w klasach 1–3", coordinator=coordinator)


@pytest.fixture
def member(network):
    person = UserFactory(display_name="Anna Nauczycielka")
    MembershipFactory(network=network, user=person)
    network.__dict__.pop("_membership_cache", None)
    return person


@pytest.fixture
def other_network(db):
    """A network the member does not belong to, full of things they must not see."""
    other_coordinator = UserFactory()
    other = NetworkFactory(name="Sieć obca", coordinator=other_coordinator)
    member_things(other, other_coordinator, label="obcy")
    decisions_for(other, other_coordinator, label="obcy")
    return other


def home(client, person):
    client.force_login(person)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


# --- who sees what ---------------------------------------------------------------------


def test_anonymous_visitor_gets_the_public_home_page(client):
    html = client.get(HOME).content.decode()
    assert "Nauczyciele uczą się od siebie nawzajem" in html
    assert reverse("account_signup") in html
    assert "dashboard-" not in html


def test_newcomer_without_networks_is_told_where_to_go_next(client, other_network):
    html = home(client, UserFactory(display_name="Nowa"))
    assert 'id="dashboard-networks-meetings"' in html
    assert 'id="dashboard-forums-unread-threads"' in html
    assert 'id="dashboard-evaluation-surveys-to-answer"' in html
    assert 'id="dashboard-resources-new-materials"' in html
    # Every empty box says what to do: find a network, or browse the bank.
    assert html.count(f'href="{reverse("networks:catalogue")}"') >= 3
    assert f'href="{reverse("resources:bank")}"' in html
    assert "dashboard-decisions" not in html
    assert "obcy" not in html
    assert "dashboard-networks-invitations" not in html


def test_member_sees_their_networks_items_and_nothing_of_other_networks(
    client, network, coordinator, member, other_network
):
    mine = member_things(network, coordinator, label="nasz")
    html = home(client, member)
    meeting, thread, survey = mine["meeting"], mine["thread"], mine["survey"]
    assert "Spotkanie nasz" in html and meeting.get_absolute_url() in html
    assert reverse("networks:meeting_rsvp", kwargs={"slug": network.slug, "pk": meeting.pk}) in html
    first_unread = reverse(
        "forums:thread_first_unread", kwargs={"network_slug": network.slug, "pk": thread.pk}
    )
    assert "Wątek nasz" in html and first_unread in html
    assert "Ankieta nasz" in html and survey.get_absolute_url() in html
    assert 'datetime="' + timezone.localtime(survey.closes_at).isoformat()[:19] in html
    assert "Materiał nasz" in html and mine["material"].get_absolute_url() in html
    assert "obcy" not in html and "Sieć obca" not in html
    assert "dashboard-decisions" not in html


def test_threads_the_member_has_read_or_wrote_are_not_new(client, network, coordinator, member):
    read = thread_with_posts(network, coordinator, title="Wątek przeczytany", replies=1)
    forum_services.thread_mark_read(thread=read, user=member, number=read.last_number)
    thread_with_posts(network, member, title="Wątek własny")
    thread_with_posts(network, coordinator, title="Wątek świeży")
    html = home(client, member)
    assert "Wątek świeży" in html
    assert "Wątek przeczytany" not in html and "Wątek własny" not in html


def test_followed_threads_come_first(client, network, coordinator, member):
    followed = thread_with_posts(network, coordinator, title="Wątek obserwowany")
    thread_with_posts(network, coordinator, title="Wątek nowszy")
    forum_services.thread_follow(thread=followed, user=member, follow=True)
    html = home(client, member)
    assert html.index("Wątek obserwowany") < html.index("Wątek nowszy")


def test_answered_survey_and_own_material_are_not_waiting(client, network, coordinator, member):
    survey = survey_open(network, coordinator, title="Ankieta wypełniona")
    evaluation_services.response_submit(
        survey=survey, user=member, answers={survey.questions.get().pk: 4}
    )
    resource_share(network=network, author=member, title="Mój własny materiał")
    html = home(client, member)
    assert "Ankieta wypełniona" not in html
    assert "Mój własny materiał" not in html
    assert "No survey waits for your answer" in html or "Żadna ankieta" in html


def test_invitations_to_a_confirmed_address_are_shown_with_their_link(client, network, coordinator):
    invited = UserFactory(email="zaproszona@example.org")
    stranger = UserFactory()
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=stranger, email="niepotwierdzony@example.org", verified=False)
    mine = network_services.invitation_create(
        network=network, by=coordinator, email="zaproszona@example.org"
    )
    network_services.invitation_create(
        network=network, by=coordinator, email="niepotwierdzony@example.org"
    )
    html = home(client, invited)
    assert reverse("networks:invitation", kwargs={"token": mine.token}) in html
    assert "Marek Koordynator" in html
    # An address the account has not confirmed brings no invitation.
    assert "dashboard-networks-invitations" not in home(client, stranger)


def test_coordinator_sees_each_kind_of_decision_with_its_link(
    client, network, coordinator, other_network
):
    waiting = decisions_for(network, coordinator, label="nasz")
    html = home(client, coordinator)
    assert 'id="dashboard-decisions"' in html
    for key in (
        "networks-join-requests",
        "forums-posts-to-approve",
        "forums-reports",
        "resources-curation",
        "networks-meeting-follow-up",
        "evaluation-open-surveys",
    ):
        assert f'id="dashboard-{key}"' in html, key
    slug = network.slug
    assert reverse("networks:manage", kwargs={"slug": slug}) in html
    assert reverse("forums:moderation", kwargs={"network_slug": slug}) in html
    assert waiting["material"].get_absolute_url() in html
    assert reverse("resources:curation_queue") in html
    assert (
        reverse("networks:meeting_attendance", kwargs={"slug": slug, "pk": waiting["ended"].pk})
        in html
    )
    assert (
        reverse("evaluation:survey_edit", kwargs={"network_slug": slug, "pk": waiting["survey"].pk})
        in html
    )
    assert "Do banku nasz" in html and "Spotkanie minione nasz" in html
    assert "obcy" not in html


def test_meeting_with_attendance_but_no_minutes_links_to_the_minutes(
    client, network, coordinator, member
):
    ended = MeetingFactory(
        network=network,
        starts_at=timezone.now() - timedelta(hours=3),
        ends_at=timezone.now() - timedelta(hours=1),
        attendance_taken_at=timezone.now(),
    )
    html = home(client, coordinator)
    assert (
        reverse("networks:meeting_minutes", kwargs={"slug": network.slug, "pk": ended.pk}) in html
    )


def test_coordinator_with_nothing_pending_is_told_so(client, network, coordinator):
    html = home(client, coordinator)
    assert 'id="dashboard-decisions"' in html
    assert 'id="dashboard-networks-join-requests"' not in html
    assert "Nothing waits for your decision" in html or "Nic nie czeka" in html


def test_participant_sees_no_decisions_of_their_network(client, network, coordinator, member):
    decisions_for(network, coordinator, label="nasz")
    html = home(client, member)
    assert "dashboard-decisions" not in html
    assert reverse("forums:moderation", kwargs={"network_slug": network.slug}) not in html
    assert reverse("resources:curation_queue") not in html


def test_staff_curator_sees_materials_submitted_in_every_network(client, staff_user, other_network):
    html = home(client, staff_user)
    assert 'id="dashboard-resources-curation"' in html
    assert "Do banku obcy" in html
    # Staff are outsiders on the site: the network's own decisions stay its coordinators'.
    assert 'id="dashboard-networks-join-requests"' not in html
    assert "Spotkanie obcy" not in html


# --- answering a meeting from the home page ----------------------------------------------


def test_member_answers_a_meeting_in_one_click_and_comes_back_home(client, network, member):
    meeting = MeetingFactory(network=network, title="Warsztaty")
    client.force_login(member)
    url = reverse("networks:meeting_rsvp", kwargs={"slug": network.slug, "pk": meeting.pk})
    back = f"/#dashboard-meeting-{meeting.pk}"
    response = client.post(url, {"answer": "maybe", "next": back, "shown_in": "dashboard"})
    assert response.status_code == 302 and response.url == back
    assert meeting.rsvps.get(user=member).answer == "maybe"
    html = client.get(HOME).content.decode()
    assert 'aria-pressed="true"' in html
    assert "alert-success" in html  # "thank you for your answer", shown on the home page


def test_htmx_answer_from_the_home_page_swaps_the_item(client, network, member):
    meeting = MeetingFactory(network=network, title="Warsztaty")
    client.force_login(member)
    url = reverse("networks:meeting_rsvp", kwargs={"slug": network.slug, "pk": meeting.pk})
    response = client.post(
        url, {"answer": "yes", "next": "/", "shown_in": "dashboard"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith("<li") and f'id="dashboard-meeting-{meeting.pk}"' in html
    assert 'role="status"' in html
    assert meeting.rsvps.get(user=member).answer == "yes"


def test_answer_goes_back_only_to_a_page_of_this_site(client, network, member):
    meeting = MeetingFactory(network=network)
    client.force_login(member)
    url = reverse("networks:meeting_rsvp", kwargs={"slug": network.slug, "pk": meeting.pk})
    response = client.post(url, {"answer": "no", "next": "https://evil.example.com/"})
    assert response.url == meeting.get_absolute_url()


def test_outsider_cannot_answer_a_meeting_from_a_forged_form(client, network):
    meeting = MeetingFactory(network=network)
    client.force_login(UserFactory())
    url = reverse("networks:meeting_rsvp", kwargs={"slug": network.slug, "pk": meeting.pk})
    assert client.post(url, {"answer": "yes", "next": "/"}).status_code == 404


# --- a fixed number of queries ------------------------------------------------------------


def person_in_networks(count: int, *, coordinates: bool):
    """A person in `count` networks (coordinating them, or taking part), each with
    everything the home page lists."""
    role = Role.COORDINATOR if coordinates else Role.PARTICIPANT
    person = UserFactory()
    for number in range(count):
        coordinator = UserFactory()
        network = NetworkFactory(coordinator=coordinator)
        MembershipFactory(network=network, user=person, role=role)
        network.__dict__.pop("_membership_cache", None)
        member_things(network, coordinator, label=str(number))
        if coordinates:
            decisions_for(network, coordinator, label=str(number))
        network_services.invitation_create(
            network=NetworkFactory(coordinator=coordinator),
            by=coordinator,
            email=person.email,
        )
    return person


def count_queries(client, person, django_assert_num_queries) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(person)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(HOME).status_code == 200
    return len(captured)


@pytest.mark.parametrize("coordinates", [False, True], ids=["participant", "coordinator"])
def test_home_page_costs_the_same_queries_in_one_network_and_in_fifty(
    client, coordinates, django_assert_num_queries, django_assert_max_num_queries
):
    one = person_in_networks(1, coordinates=coordinates)
    fifty = person_in_networks(50, coordinates=coordinates)
    expected = count_queries(client, one, django_assert_num_queries)
    client.force_login(fifty)
    with django_assert_num_queries(expected):
        html = client.get(HOME).content.decode()
    assert "Spotkanie 49" in html or "Spotkanie 0" in html
    client.force_login(fifty)
    with django_assert_max_num_queries(17):
        client.get(HOME)
