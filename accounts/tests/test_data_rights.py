"""The privacy notice, "my data" (download) and "delete my account" pages, and staff's admin actions."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import DataExport, DataExportStatus, User
from accounts.personal_data import ExportPart, register_personal_data, unregister_personal_data
from accounts.services import data_export_request, data_exports_prune, export_storage
from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PAGES = ["accounts:my_data", "accounts:account_delete"]


def ready_export(person, django_capture_on_commit_callbacks) -> DataExport:
    with django_capture_on_commit_callbacks(execute=True):
        export = data_export_request(user=person)
    export.refresh_from_db()
    return export


# --- the privacy notice ---------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "user", "staff"])
def test_everyone_reads_the_privacy_notice(client, who, user, staff_user):
    if who != "anonymous":
        client.force_login(user if who == "user" else staff_user)
    html = client.get(reverse("privacy")).content.decode()
    assert "<h1>" in html and "180" in html  # the e-mail retention period from settings
    assert (reverse("accounts:my_data") in html) is (who != "anonymous")


def test_the_footer_and_the_sign_up_page_link_the_privacy_notice(client):
    assert reverse("privacy") in client.get(reverse("home")).content.decode()
    assert reverse("privacy") in client.get(reverse("account_signup")).content.decode()


# --- who may open the pages -------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("is_staff", [False, True])
def test_my_data_lists_only_my_own_exports(
    client, is_staff, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    me = UserFactory(is_staff=is_staff)
    other = UserFactory()
    mine = ready_export(me, django_capture_on_commit_callbacks)
    theirs = ready_export(other, django_capture_on_commit_callbacks)
    client.force_login(me)
    with django_assert_max_num_queries(6):
        html = client.get(reverse("accounts:my_data")).content.decode()
    assert reverse("accounts:data_export_download", args=[mine.pk]) in html
    assert reverse("accounts:data_export_download", args=[theirs.pk]) not in html


def test_asking_for_my_data_through_the_page(client, user, django_capture_on_commit_callbacks):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:my_data"))
    assert response.status_code == 302
    export = DataExport.objects.get(user=user)
    assert export.status == DataExportStatus.READY
    assert export_storage().exists(export.archive_name)
    assert not export.archive_name.startswith("/") and "media" not in export.archive_name


def test_the_owner_downloads_the_archive(client, user, django_capture_on_commit_callbacks):
    export = ready_export(user, django_capture_on_commit_callbacks)
    client.force_login(user)
    response = client.get(reverse("accounts:data_export_download", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("who", ["other", "staff"])
def test_nobody_else_downloads_the_archive_not_even_staff(
    client, user, staff_user, who, django_capture_on_commit_callbacks
):
    export = ready_export(user, django_capture_on_commit_callbacks)
    client.force_login(UserFactory() if who == "other" else staff_user)
    assert client.get(reverse("accounts:data_export_download", args=[export.pk])).status_code == 404


def test_an_expired_archive_cannot_be_downloaded_and_is_pruned(
    client, user, django_capture_on_commit_callbacks
):
    export = ready_export(user, django_capture_on_commit_callbacks)
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now())
    client.force_login(user)
    assert client.get(reverse("accounts:data_export_download", args=[export.pk])).status_code == 404
    assert data_exports_prune() == 1
    assert not export_storage().exists(export.archive_name)
    assert not DataExport.objects.filter(pk=export.pk).exists()


def test_sections_registered_by_apps_land_in_the_archive(user, django_capture_on_commit_callbacks):
    import io
    import json
    import zipfile

    register_personal_data("test_section", export=lambda person: ExportPart({"id": person.pk}))
    try:
        export = ready_export(user, django_capture_on_commit_callbacks)
    finally:
        unregister_personal_data("test_section")
    with export_storage().open(export.archive_name) as stored:
        archive = zipfile.ZipFile(io.BytesIO(stored.read()))
    assert json.loads(archive.read("test_section.json")) == {"id": user.pk}


# --- delete my account ---------------------------------------------------------------------


@pytest.mark.parametrize("is_staff", [False, True])
def test_the_delete_page_explains_and_asks_for_the_password(
    client, is_staff, django_assert_max_num_queries
):
    me = UserFactory(is_staff=is_staff)
    client.force_login(me)
    with django_assert_max_num_queries(6):
        html = client.get(reverse("accounts:account_delete")).content.decode()
    assert 'name="password"' in html and 'name="remove_content"' in html
    assert 'name="archive_networks"' not in html  # nothing to archive


def test_a_wrong_password_deletes_nothing_and_says_why(client, user):
    client.force_login(user)
    response = client.post(
        reverse("accounts:account_delete"), {"password": "zle", "remove_content": "on"}
    )
    assert response.status_code == 200
    assert gettext("The password is not correct.") in response.content.decode()
    # Nothing is lost: the choice made stays ticked.
    assert re.search(r'<input[^>]*name="remove_content"[^>]*checked', response.content.decode())
    user.refresh_from_db()
    assert not user.is_erased


def test_deleting_my_account_through_the_page_logs_me_out(client, user):
    client.force_login(user)
    response = client.post(reverse("accounts:account_delete"), {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    user.refresh_from_db()
    assert user.is_erased and user.email.endswith(".invalid")
    assert client.get(reverse("accounts:profile")).status_code == 302


# --- staff in the admin ----------------------------------------------------------------------


def admin_action(client, action, people, **extra):
    return client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": action, "_selected_action": [person.pk for person in people], **extra},
    )


def test_staff_prepare_a_data_export_for_a_person(
    client, staff_user, user, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_action(client, "prepare_data_export", [user])
    assert response.status_code == 302
    export = DataExport.objects.get(user=user)
    assert export.requested_by == staff_user and export.status == DataExportStatus.READY


def test_staff_delete_an_account_after_a_confirmation_page(client, staff_user, user):
    client.force_login(staff_user)
    page = admin_action(client, "erase_accounts", [user])
    assert page.status_code == 200 and user.email in page.content.decode()
    assert not User.objects.get(pk=user.pk).is_erased

    done = admin_action(client, "erase_accounts", [user], confirm="yes")
    assert done.status_code == 302
    assert User.objects.get(pk=user.pk).is_erased


def test_people_without_staff_rights_cannot_use_the_admin_actions(client, user):
    other = UserFactory()
    client.force_login(user)
    response = admin_action(client, "erase_accounts", [other], confirm="yes")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not User.objects.get(pk=other.pk).is_erased


def test_an_export_that_breaks_is_marked_failed_and_can_be_asked_again(
    user, django_capture_on_commit_callbacks
):
    def broken(person):
        raise RuntimeError("a bug in a section")

    register_personal_data("broken_section", export=broken)
    try:
        failed = ready_export(user, django_capture_on_commit_callbacks)
    finally:
        unregister_personal_data("broken_section")
    assert failed.status == DataExportStatus.FAILED
    assert ready_export(user, django_capture_on_commit_callbacks).status == DataExportStatus.READY


def test_an_export_whose_worker_died_does_not_block_a_new_one(user):
    from datetime import timedelta

    stuck = DataExport.objects.create(user=user, created_at=timezone.now() - timedelta(hours=2))
    fresh = data_export_request(user=user)
    assert fresh.pk != stuck.pk
    stuck.refresh_from_db()
    assert stuck.status == DataExportStatus.FAILED


def test_anonymous_is_sent_to_log_in_before_a_download(
    client, user, django_capture_on_commit_callbacks
):
    export = ready_export(user, django_capture_on_commit_callbacks)
    response = client.get(reverse("accounts:data_export_download", args=[export.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
