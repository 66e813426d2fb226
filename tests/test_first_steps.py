"""The first-login checklist: items tick from real data (each app owns its step), the box
disappears when all are done or when the person hides it."""

import pytest
from django.urls import reverse

from accounts.selectors import first_steps
from accounts.tests.factories import UserFactory
from networks import services as network_services
from networks.tests.factories import MembershipFactory, NetworkFactory
from notifications.models import Category, Frequency
from notifications.services import preferences_update

pytestmark = pytest.mark.django_db

STEPS = ["accounts.profile", "networks.join", "networks.calendar", "notifications.preferences"]


def done(person) -> dict[str, bool]:
    return {step.key: step.done for step in first_steps(person)}


@pytest.fixture
def newcomer(db):
    return UserFactory(display_name="Ewa Nowak")


def test_a_newcomer_sees_four_steps_none_done_each_with_its_page(newcomer):
    steps = first_steps(newcomer)
    assert [step.key for step in steps] == STEPS
    assert not any(step.done for step in steps)
    assert [step.url for step in steps] == [
        reverse("accounts:profile_edit"),
        reverse("networks:catalogue"),
        reverse("networks:calendar_settings"),
        reverse("notifications:preferences"),
    ]


def test_profile_step_ticks_when_name_institution_and_role_are_given(newcomer):
    newcomer.institution_name = "SP 3"
    newcomer.save()
    assert done(newcomer)["accounts.profile"] is False
    newcomer.professional_role = "teacher"
    newcomer.save()
    assert done(newcomer)["accounts.profile"] is True


def test_network_step_ticks_on_membership(newcomer):
    MembershipFactory(user=newcomer)
    assert done(newcomer)["networks.join"] is True


def test_network_step_ticks_on_a_request_to_join(newcomer):
    network = NetworkFactory(join_policy="request", coordinator=UserFactory())
    network_services.join_request_create(network=network, user=newcomer)
    assert done(newcomer)["networks.join"] is True


def test_calendar_step_ticks_once_the_person_has_their_address(newcomer, client):
    client.force_login(newcomer)
    client.get(reverse("networks:calendar_settings"))
    assert done(newcomer)["networks.calendar"] is True


def test_preferences_step_ticks_when_saved(newcomer):
    preferences_update(user=newcomer, frequencies={Category.MEETING: Frequency.DAILY})
    assert done(newcomer)["notifications.preferences"] is True


def test_the_box_disappears_when_every_step_is_done(newcomer, client):
    newcomer.institution_name, newcomer.professional_role = "SP 3", "teacher"
    newcomer.save()
    MembershipFactory(user=newcomer)
    network_services.calendar_feed_for(user=newcomer)
    client.force_login(newcomer)
    assert "first-steps-heading" in client.get(reverse("accounts:profile")).content.decode()
    preferences_update(user=newcomer, frequencies={Category.MEETING: Frequency.DAILY})
    assert first_steps(newcomer) == []
    assert "first-steps-heading" not in client.get(reverse("accounts:profile")).content.decode()


def test_the_profile_shows_the_box_with_done_items_ticked(newcomer, client):
    MembershipFactory(user=newcomer)
    client.force_login(newcomer)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert 'data-step="networks.join" data-done="true"' in html
    assert 'data-step="accounts.profile" data-done="false"' in html
    assert f'href="{reverse("accounts:profile_edit")}"' in html


def test_hiding_the_box_keeps_it_hidden_and_returns_to_the_page(newcomer, client):
    client.force_login(newcomer)
    response = client.post(reverse("accounts:first_steps_dismiss"), {"next": "/sieci/moje/"})
    assert response["Location"] == "/sieci/moje/"
    newcomer.refresh_from_db()
    assert newcomer.first_steps_dismissed_at is not None
    assert first_steps(newcomer) == []
    assert "first-steps-heading" not in client.get(reverse("accounts:profile")).content.decode()


def test_hiding_ignores_a_next_address_on_another_site(newcomer, client):
    client.force_login(newcomer)
    response = client.post(
        reverse("accounts:first_steps_dismiss"), {"next": "https://evil.example.com/"}
    )
    assert response["Location"] == reverse("accounts:profile")


def test_hiding_needs_a_login_and_a_post(newcomer, client):
    url = reverse("accounts:first_steps_dismiss")
    assert client.post(url)["Location"].startswith(reverse("account_login"))
    client.force_login(newcomer)
    assert client.get(url).status_code == 405
    newcomer.refresh_from_db()
    assert newcomer.first_steps_dismissed_at is None


def test_anonymous_visitors_get_no_steps(client):
    from django.contrib.auth.models import AnonymousUser

    assert first_steps(AnonymousUser()) == []


def test_the_checklist_costs_one_query_however_many_steps(newcomer, django_assert_num_queries):
    with django_assert_num_queries(1):
        first_steps(newcomer)


def test_the_template_tag_renders_the_box_for_the_dashboard(newcomer, rf):
    from django.template import Context, Template

    request = rf.get("/")
    request.user = newcomer
    html = Template("{% load first_steps %}{% first_steps_box %}").render(
        Context({"request": request})
    )
    assert "first-steps-heading" in html
