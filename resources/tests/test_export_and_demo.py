"""Exports a librarian takes away, the profile's "given" section and the demo data."""

import codecs
import csv
import io

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from resources import services
from resources.models import Resource
from resources.tests.factories import resource_published

pytestmark = pytest.mark.django_db


@pytest.fixture
def public(network, member, coordinator):
    return resource_published(
        network=network, author=member, coordinator=coordinator, title="=HYPERLINK(1) Ułamki"
    )


def test_csv_export_lists_results_and_defuses_formulas(client, public):
    response = client.get(reverse("resources:export_csv"), {"q": "ulamki"})
    body = response.content.decode("utf-8-sig")
    assert response["Content-Disposition"].startswith("attachment")
    assert "'=HYPERLINK(1) Ułamki" in body
    assert public.get_absolute_url() in body


def test_csv_export_opens_in_polish_excel(client, public, outsider):
    services.resource_rate(resource=public, user=outsider, stars=4)
    response = client.get(reverse("resources:export_csv"))
    assert response.content.startswith(codecs.BOM_UTF8)
    header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert header[:2] == [_("Title"), _("Type")]
    assert header[0] != "title"
    assert row[header.index(_("Average rating"))] == "4,0"


def test_csv_export_in_english_keeps_commas(client, public):
    client.cookies["django_language"] = "en"
    response = client.get(reverse("resources:export_csv"))
    header = response.content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Title,Type,")


def test_xlsx_export_has_the_same_table_with_formulas_defused(client, public):
    response = client.get(reverse("resources:export_xlsx"))
    assert (
        response["Content-Disposition"].endswith('.xlsx"')
        or ".xlsx" in (response["Content-Disposition"])
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0] == _("Title")
    assert rows[1][0] == "'=HYPERLINK(1) Ułamki"


def test_ris_abstract_is_plain_text_not_markdown(client, network, member, coordinator):
    resource_published(
        network=network,
        author=member,
        coordinator=coordinator,
        title="Gry",
        description="**Ważne:** gry\n\n- pierwsza\n- druga\n\n# Nagłówek",
    )
    body = client.get(reverse("resources:export_ris")).content.decode()
    (abstract,) = [line for line in body.splitlines() if line.startswith("AB  - ")]
    assert abstract == "AB  - Ważne: gry • pierwsza • druga Nagłówek"


def test_ris_export_is_a_citation_record_per_material(client, public, member):
    body = client.get(reverse("resources:export_ris")).content.decode()
    assert body.startswith("TY  - GEN")
    assert f"AU  - {member.public_name}" in body
    assert body.rstrip().endswith("ER  -")


def test_profile_shows_what_a_person_has_given(client, public, member, coordinator):
    from networks.tests.factories import MembershipFactory

    reader = MembershipFactory(network=public.network).user
    client.force_login(reader)
    page = client.get(reverse("networks:person", kwargs={"pk": member.pk})).content.decode()
    assert "Udostępnione materiały" in page
    assert "1 materiał" in page
    assert reverse("resources:person", kwargs={"user_pk": member.pk}) in page


def test_profile_of_someone_who_gave_nothing_has_no_given_section(client, member, coordinator):
    client.force_login(member)
    page = client.get(reverse("networks:person", kwargs={"pk": coordinator.pk})).content.decode()
    assert "Udostępnione materiały" not in page


def test_my_profile_invites_me_to_give_when_i_have_not(client, outsider):
    client.force_login(outsider)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Udostępnione materiały" in page
    assert "0 materiałów" not in page


def test_seed_demo_is_idempotent(db):
    from django.apps import apps

    from accounts import demo as accounts_demo

    accounts_demo.seed()
    networks_config = apps.get_app_config("networks")
    if hasattr(networks_config, "seed_demo"):
        networks_config.seed_demo()
    resources_config = apps.get_app_config("resources")
    resources_config.seed_demo()
    count = Resource.objects.count()
    resources_config.seed_demo()
    assert Resource.objects.count() == count
