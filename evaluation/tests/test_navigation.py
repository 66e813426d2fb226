"""The evaluation link in the network menu speaks the reader's language."""

import re

from django.urls import reverse
from django.utils import translation

from networks.navigation import sections


def _menu_labels(html: str) -> list[str]:
    return [label.strip() for label in re.findall(r'class="nav-link[^"]*"[^>]*>([^<]+)</a>', html)]


def test_section_label_is_translated_when_read_not_when_registered():
    section = next(s for s in sections() if s.url_name == "evaluation:survey_list")
    with translation.override("pl"):
        assert str(section.label) == "Ewaluacja"
    with translation.override("en"):
        assert str(section.label) == "Evaluation"


def test_network_menu_shows_the_evaluation_section_in_polish(client, network, member):
    member.language = "pl"
    member.save(update_fields=["language"])
    client.force_login(member)
    response = client.get(
        reverse("evaluation:survey_list", kwargs={"network_slug": network.slug}),
        HTTP_ACCEPT_LANGUAGE="pl",
    )
    assert response.status_code == 200
    labels = _menu_labels(response.content.decode())
    assert "Ewaluacja" in labels
    assert "Evaluation" not in labels
