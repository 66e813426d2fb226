"""What people do on the networks pages, end to end through the views."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.tests.factories import UserFactory
from networks.models import (
    Invitation,
    JoinPolicy,
    JoinRequest,
    Meeting,
    Membership,
    Network,
    Rsvp,
)
from networks.services import network_derived_refresh
from networks.tests.factories import MeetingFactory, MembershipFactory, NetworkFactory
from notifications.selectors import muted_network_ids


def test_member_mutes_and_unmutes_a_network(client, network, member):
    client.force_login(member)
    url = reverse("networks:mute", kwargs={"slug": network.slug})
    client.post(url, {"muted": "1"})
    assert muted_network_ids(user=member) == {network.pk}
    page = client.get(network.get_absolute_url()).content.decode()
    assert "Znów otrzymuj e-maile z tej sieci" in page
    client.post(url, {"muted": "0"})
    assert muted_network_ids(user=member) == set()


def test_outsiders_cannot_mute_a_network_they_do_not_belong_to(client, network, outsider):
    client.force_login(outsider)
    assert client.post(reverse("networks:mute", kwargs={"slug": network.slug})).status_code == 404


def test_join_open_network_from_its_page(client, network, outsider):
    client.force_login(outsider)
    response = client.post(reverse("networks:join", kwargs={"slug": network.slug}))
    assert response.status_code == 302
    assert Membership.objects.filter(network=network, user=outsider).exists()


def test_request_then_coordinator_approves_from_the_dashboard(client, coordinator, outsider):
    network = NetworkFactory(coordinator=coordinator, join_policy=JoinPolicy.REQUEST)
    client.force_login(outsider)
    client.post(reverse("networks:request", kwargs={"slug": network.slug}), {"message": "Chcę!"})
    request = JoinRequest.objects.get()
    client.force_login(coordinator)
    dashboard = client.get(reverse("networks:manage", kwargs={"slug": network.slug}))
    assert "Chcę!" in dashboard.content.decode()
    mine = client.get(reverse("networks:mine"))
    assert outsider.public_name in mine.content.decode()
    client.post(
        reverse("networks:request_decide", kwargs={"slug": network.slug, "pk": request.pk}),
        {"decision": "approve", "message": "Witaj"},
    )
    assert Membership.objects.filter(network=network, user=outsider).exists()


def test_too_long_request_message_is_refused_and_kept(client, coordinator, outsider):
    network = NetworkFactory(coordinator=coordinator, join_policy=JoinPolicy.REQUEST)
    client.force_login(outsider)
    text = "x" * 2100
    response = client.post(
        reverse("networks:request", kwargs={"slug": network.slug}), {"message": text}
    )
    assert response.status_code == 400
    assert text in response.content.decode()
    assert not JoinRequest.objects.exists()


def test_invalid_invitation_keeps_the_form_and_explains(client, network, coordinator, member):
    client.force_login(coordinator)
    url = reverse("networks:invite", kwargs={"slug": network.slug})
    response = client.post(url, {"email": member.email, "role": "participant", "message": "Hej"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Ta osoba już należy do sieci." in content
    assert "Hej" in content
    assert not Invitation.objects.exists()


def test_invitation_page_for_a_logged_out_visitor_offers_sign_up(client, network, coordinator):
    client.force_login(coordinator)
    client.post(
        reverse("networks:invite", kwargs={"slug": network.slug}),
        {"email": "nowa@example.org", "role": "participant"},
    )
    client.logout()
    invitation = Invitation.objects.get()
    response = client.get(reverse("networks:invitation", kwargs={"token": invitation.token}))
    assert "email=nowa%40example.org" in response.content.decode()
    # Following the link proves the address: signing up with it skips the e-mail check.
    assert client.session["account_verified_email"] == "nowa@example.org"


def test_unknown_invitation_token_is_not_found(client, db):
    assert client.get(reverse("networks:invitation", kwargs={"token": "nope"})).status_code == 404


def test_meeting_form_in_polish_time_with_errors_kept(client, network, coordinator):
    client.force_login(coordinator)
    url = reverse("networks:meeting_create", kwargs={"slug": network.slug})
    data = {
        "title": "Warsztaty",
        "kind": "in_person",
        "form": "workshop",
        "starts_at": "2027-01-15T18:00",
        "ends_at": "2027-01-15T17:00",
        "place": "",
    }
    response = client.post(url, data)
    content = response.content.decode()
    assert "Spotkanie musi kończyć się po rozpoczęciu." in content
    assert "Podaj, gdzie odbędzie się spotkanie." in content
    assert 'value="Warsztaty"' in content
    data.update(ends_at="2027-01-15T20:00", place="ODN")
    response = client.post(url, data)
    meeting = Meeting.objects.get()
    assert response["Location"] == meeting.get_absolute_url()
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M %z") == "18:00 +0100"


def test_a_time_that_does_not_exist_in_poland_is_refused(client, network, coordinator):
    client.force_login(coordinator)
    url = reverse("networks:meeting_create", kwargs={"slug": network.slug})
    response = client.post(
        url,
        {
            "title": "Noc",
            "kind": "online",
            "form": "workshop",
            "starts_at": "2027-03-28T02:30",  # the clocks jump from 02:00 to 03:00
            "ends_at": "2027-03-28T04:00",
            "online_url": "https://example.org/x",
        },
    )
    assert response.status_code == 200
    assert not Meeting.objects.exists()


def test_rsvp_by_htmx_returns_the_answer_box(client, network, member):
    meeting = MeetingFactory(network=network, capacity=10)
    client.force_login(member)
    url = reverse("networks:meeting_rsvp", kwargs={"slug": network.slug, "pk": meeting.pk})
    response = client.post(url, {"answer": "maybe"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'aria-pressed="true"' in response.content.decode()
    assert "<html" not in response.content.decode()
    assert Rsvp.objects.get(user=member).answer == "maybe"


def test_bad_rsvp_answer_changes_nothing(client, network, member):
    meeting = MeetingFactory(network=network)
    client.force_login(member)
    url = reverse("networks:meeting_rsvp", kwargs={"slug": network.slug, "pk": meeting.pk})
    assert client.post(url, {"answer": "perhaps"}).status_code == 302
    assert not Rsvp.objects.exists()


def test_attendance_prefilled_with_those_who_said_yes(client, network, coordinator, member):
    start = timezone.now() - timedelta(hours=2)
    meeting = MeetingFactory(network=network, starts_at=start, ends_at=start + timedelta(hours=1))
    Rsvp.objects.create(meeting=meeting, user=member, answer="yes")
    client.force_login(coordinator)
    url = reverse("networks:meeting_attendance", kwargs={"slug": network.slug, "pk": meeting.pk})
    form = client.get(url).context["form"]
    assert form.initial["present"] == [member.pk]
    client.post(url, {"present": [member.pk]})
    assert list(meeting.attendance.values_list("user", flat=True)) == [member.pk]


def test_catalogue_filters_and_search(client, db):
    coordinator = UserFactory()
    NetworkFactory(name="Czytanie z pasją", description="Kluby książki", coordinator=coordinator)
    NetworkFactory(name="Matematyka", join_policy=JoinPolicy.REQUEST, stage=2)
    for network in Network.objects.all():
        network_derived_refresh(network)
    names = lambda r: [n.name for n in r.context["page"].object_list]  # noqa: E731
    assert names(client.get(reverse("networks:catalogue"), {"q": "książek"})) == [
        "Czytanie z pasją"
    ]
    assert names(client.get(reverse("networks:catalogue"), {"join_policy": "request"})) == [
        "Matematyka"
    ]
    assert names(client.get(reverse("networks:catalogue"), {"stage": "2"})) == ["Matematyka"]
    # Nonsense in a filter is ignored, not a 500.
    assert (
        client.get(reverse("networks:catalogue"), {"stage": "x", "topic": "y"}).status_code == 200
    )


def test_coordinator_edits_and_deletes_a_goal_and_an_activity(client, network, coordinator):
    client.force_login(coordinator)
    client.post(
        reverse("networks:goal_create", kwargs={"slug": network.slug}),
        {"title": "Scenariusze", "status": "proposed"},
    )
    goal = network.goal_items.get()
    page = client.get(reverse("networks:goal_edit", kwargs={"slug": network.slug, "pk": goal.pk}))
    assert "Usuń cel" in page.content.decode()
    response = client.post(
        reverse("networks:activity_create", kwargs={"slug": network.slug}),
        {"title": "Warsztaty", "goal": goal.pk, "starts_on": "2027-02-10", "ends_on": "2027-02-01"},
    )
    assert "Koniec nie może być wcześniej niż początek." in response.content.decode()
    client.post(
        reverse("networks:activity_create", kwargs={"slug": network.slug}),
        {"title": "Warsztaty", "goal": goal.pk, "starts_on": "2027-02-10"},
    )
    activity = network.plan.get()
    client.post(
        reverse("networks:activity_delete", kwargs={"slug": network.slug, "pk": activity.pk})
    )
    client.post(reverse("networks:goal_delete", kwargs={"slug": network.slug, "pk": goal.pk}))
    assert not network.goal_items.exists() and not network.plan.exists()


def test_meeting_form_shows_the_services_rules_beside_the_fields_and_keeps_the_data(
    client, network, coordinator
):
    import pytest
    from django.core.exceptions import ValidationError

    from networks.meetings import meeting_check

    client.force_login(coordinator)
    url = reverse("networks:meeting_create", kwargs={"slug": network.slug})
    data = {
        "title": "Konsultacje zdalne",
        "kind": "hybrid",
        "form": "consultation",
        "starts_at": "2020-01-15T18:00",
        "ends_at": "2020-01-15T19:00",
        "place": "Sala 12",
        "online_url": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    form = response.context["form"]
    with pytest.raises(ValidationError) as service:
        meeting_check(
            kind="hybrid",
            starts_at=form.cleaned_data.get("starts_at") or timezone.now(),
            ends_at=None,
            place="Sala 12",
            online_url="",
        )
    assert form.errors["online_url"] == service.value.message_dict["online_url"]
    assert form.errors["starts_at"] == ["Wybierz termin w przyszłości."]
    content = response.content.decode()
    assert 'value="Konsultacje zdalne"' in content and 'value="Sala 12"' in content
    assert not Meeting.objects.exists()


def test_the_meeting_kind_radio_group_has_no_blank_choice(client, network, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("networks:meeting_create", kwargs={"slug": network.slug}))
    content = page.content.decode()
    assert 'name="kind" value="in_person"' in content
    assert 'name="kind" value=""' not in content
    assert "---------" not in content.split('name="kind"', 1)[1].split("</fieldset>", 1)[0]


def test_an_htmx_answer_updates_the_list_of_those_coming_and_announces_it(
    client, network, member, coordinator
):
    meeting = MeetingFactory(network=network)
    client.force_login(member)
    url = reverse("networks:meeting_rsvp", kwargs={"slug": network.slug, "pk": meeting.pk})
    content = client.post(url, {"answer": "yes"}, HTTP_HX_REQUEST="true").content.decode()
    answers = content.split('id="meeting-answers"', 1)[1]
    assert 'hx-swap-oob="true"' in answers.split(">", 1)[0]
    assert member.public_name in answers
    assert 'id="rsvp-yes"' in content  # htmx puts the focus back on the same button
    assert _("Your answer has been saved: %(answer)s.") % {"answer": "Biorę udział"} in content
    assert not list(client.get(meeting.get_absolute_url()).context["messages"])

    content = client.post(url, {"answer": "no"}, HTTP_HX_REQUEST="true").content.decode()
    answers = content.split('id="meeting-answers"', 1)[1]
    assert member.public_name not in answers
    assert _("Nobody has said they are coming yet.") in answers


def test_those_who_said_no_are_not_listed_among_those_coming(client, network, member, coordinator):
    meeting = MeetingFactory(network=network)
    declined = MembershipFactory(network=network).user
    Rsvp.objects.create(meeting=meeting, user=declined, answer="no")
    Rsvp.objects.create(meeting=meeting, user=member, answer="maybe")
    client.force_login(coordinator)
    content = client.get(meeting.get_absolute_url()).content.decode()
    answers = content.split('id="meeting-answers"', 1)[1]
    assert member.public_name in answers
    assert declined.public_name not in answers


def test_catalogue_cards_keep_list_items_of_the_description_apart(client, db):
    network = NetworkFactory(description="Cele:\n\n- gry planszowe\n- zabawy ruchowe")
    network_derived_refresh(network)
    content = client.get(reverse("networks:catalogue")).content.decode()
    assert "Cele: • gry planszowe • zabawy ruchowe" in content


def test_the_plan_writes_dates_out_and_its_table_can_be_scrolled_by_keyboard(
    client, network, member
):
    from datetime import date

    from networks.models import PlannedActivity

    PlannedActivity.objects.create(
        network=network, title="Lekcja otwarta", starts_on=date(2026, 12, 1)
    )
    client.force_login(member)
    content = client.get(reverse("networks:plan", kwargs={"slug": network.slug})).content.decode()
    assert "1 grudnia 2026" in content and "01-12-2026" not in content
    assert '<div class="table-responsive" tabindex="0" role="region" aria-label=' in content


def test_seeded_topics_are_named_in_english_for_an_english_reader(client, db):
    from networks.models import Topic

    topic = Topic.objects.get(slug="matematyka")
    NetworkFactory(name="Liczymy razem", topic=topic)
    client.cookies["django_language"] = "en"
    content = client.get(reverse("networks:catalogue")).content.decode()
    assert ">Mathematics</span>" in content
    assert "Mathematics" in content.split('name="topic"', 1)[1].split("</select>", 1)[0]
    client.cookies["django_language"] = "pl"
    assert ">Matematyka</span>" in client.get(reverse("networks:catalogue")).content.decode()


def test_an_htmx_answer_costs_the_same_queries_however_many_are_coming(
    client, network, member, django_assert_max_num_queries
):
    meeting = MeetingFactory(network=network)
    for _number in range(15):
        Rsvp.objects.create(meeting=meeting, user=MembershipFactory(network=network).user)
    client.force_login(member)
    url = reverse("networks:meeting_rsvp", kwargs={"slug": network.slug, "pk": meeting.pk})
    with django_assert_max_num_queries(16):
        client.post(url, {"answer": "yes"}, HTTP_HX_REQUEST="true")
