"""The registry the apps fill with their home-page sections (core lists no app's models)."""

import pytest

from core.dashboard import (
    dashboard_for,
    register_dashboard_section,
    registered_dashboard_sections,
    unregister_dashboard_section,
)


@pytest.fixture
def only_test_sections(monkeypatch):
    """An empty registry for the test (the apps' own sections put back afterwards)."""
    from core import dashboard

    monkeypatch.setattr(dashboard, "_sections", {})


def test_sections_come_in_position_order_and_decisions_apart(only_test_sections):
    register_dashboard_section("b", title="B", template="b.html", context=lambda u: {}, position=20)
    register_dashboard_section("a", title="A", template="a.html", context=lambda u: {}, position=10)
    register_dashboard_section(
        "d", title="D", template="d.html", context=lambda u: {"count": 2}, for_coordinators=True
    )
    board = dashboard_for(object())
    assert [shown.key for shown in board.sections] == ["a", "b"]
    assert [shown.key for shown in board.decisions] == ["d"]
    assert board.decisions_waiting == 2


def test_a_section_with_nothing_for_the_person_is_left_out(only_test_sections):
    register_dashboard_section("none", title="N", template="n.html", context=lambda u: None)
    register_dashboard_section(
        "none.decision", title="N", template="n.html", context=lambda u: None, for_coordinators=True
    )
    board = dashboard_for(object())
    assert board.sections == [] and board.decisions == []


def test_registering_again_replaces_the_section(only_test_sections):
    register_dashboard_section("x", title="Old", template="x.html", context=lambda u: {})
    register_dashboard_section("x", title="New", template="x.html", context=lambda u: {})
    assert [section.title for section in registered_dashboard_sections()] == ["New"]
    unregister_dashboard_section("x")
    assert registered_dashboard_sections() == []


def test_section_ids_are_safe_for_html_and_css(only_test_sections):
    register_dashboard_section(
        "forums.unread_threads", title="T", template="t", context=lambda u: {}
    )
    (shown,) = dashboard_for(object()).sections
    assert shown.html_id == "dashboard-forums-unread-threads"


@pytest.mark.django_db
def test_every_app_registers_its_sections():
    keys = {section.key for section in registered_dashboard_sections()}
    assert {
        "networks.invitations",
        "networks.meetings",
        "forums.unread_threads",
        "evaluation.surveys_to_answer",
        "resources.new_materials",
        "networks.join_requests",
        "forums.posts_to_approve",
        "forums.reports",
        "resources.curation",
        "networks.meeting_follow_up",
        "evaluation.open_surveys",
    } <= keys
