"""A person's rights over their data, across the apps: download my data, delete my account."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from PIL import Image

from accounts.models import DataExportStatus, User
from accounts.personal_data import ErasureRequest
from accounts.services import (
    AccountDeletionBlocked,
    data_export_request,
    export_storage,
    user_erase,
    user_update_profile,
)
from accounts.tests.factories import PASSWORD, UserFactory
from core.uploads import AVATAR, check_upload
from evaluation.models import Answer
from evaluation.tests.factories import answer, make_survey
from forums import services as forums
from forums.models import Attachment, Post, Thread
from forums.personal_data import REMOVED_TITLE
from forums.tests.factories import member_of, pdf_upload, thread_with_posts
from networks.certificates import certificate_issue
from networks.meetings import attendance_record, rsvp_answer
from networks.models import Answer as RsvpAnswer
from networks.models import CalendarFeed, Certificate, Membership, Role
from networks.services import calendar_feed_for, membership_change_role
from networks.tests.factories import MeetingFactory, NetworkFactory
from notifications.models import EmailRecord, EmailStatus, Notification, Preference
from notifications.retention import retention_prune
from notifications.services import notify, preferences_update
from resources.models import Resource
from resources.tests.factories import resource_share

pytestmark = pytest.mark.django_db


def former() -> str:
    """ "Former participant" in the language of the page (Polish once translated)."""
    with translation.override("pl"):
        return gettext("Former participant")


def photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "blue").save(buffer, format="WEBP")
    return check_upload(
        SimpleUploadedFile("ja.webp", buffer.getvalue(), content_type="image/webp"), policy=AVATAR
    )


@pytest.fixture
def network(db):
    coordinator = UserFactory(display_name="Kora Koordynatorka", email="kora@example.org")
    return NetworkFactory(coordinator=coordinator, allow_anonymous_posts=True)


@pytest.fixture
def coordinator(network):
    return network.memberships.get(role=Role.COORDINATOR).user


@pytest.fixture
def anna(network):
    person = member_of(network, display_name="Anna Nowak", email="anna@example.org")
    user_update_profile(user=person, data={"town": "Zamość"}, avatar=photo())
    return person


@pytest.fixture
def bartek(network):
    return member_of(network, display_name="Bartek Inny", email="bartek@example.org")


@pytest.fixture
def activity(network, anna, bartek, coordinator):
    """Anna posts named and anonymously, with a file; Bartek replies, also anonymously."""
    thread = thread_with_posts(network, anna, title="Ułamki", body="Mój pierwszy wpis")
    forums.thread_reply(
        thread=thread,
        author=anna,
        body="Mój anonimowy wpis",
        anonymous=True,
        files=[check_upload(pdf_upload())],
    )
    forums.thread_reply(thread=thread, author=bartek, body="Odpowiedź Bartka")
    forums.thread_reply(thread=thread, author=bartek, body="Anonim Bartka", anonymous=True)
    resource_share(network=network, author=anna, title="Scenariusz Anny")
    meeting = MeetingFactory(network=network, title="Warsztat jesienny")
    rsvp_answer(meeting=meeting, user=anna, answer=RsvpAnswer.YES)
    survey = make_survey(network, coordinator, anonymous=False)
    answer(survey, anna)
    notify(
        recipients=[anna],
        category="membership",
        text="%(person)s asks to join %(network)s",
        params={"person": bartek.public_name, "network": network.name},
    )
    preferences_update(user=anna, frequencies={"reply": "weekly"})
    return thread


def read_export(person, django_capture_on_commit_callbacks) -> dict[str, object]:
    with django_capture_on_commit_callbacks(execute=True):
        export = data_export_request(user=person)
    export.refresh_from_db()
    assert export.status == DataExportStatus.READY
    with export_storage().open(export.archive_name) as stored:
        archive = zipfile.ZipFile(io.BytesIO(stored.read()))
    return {
        name: (json.loads(archive.read(name)) if name.endswith(".json") else archive.read(name))
        for name in archive.namelist()
    }


def test_export_holds_the_persons_own_data_and_files(
    anna, activity, django_capture_on_commit_callbacks
):
    files = read_export(anna, django_capture_on_commit_callbacks)

    assert files["profile.json"]["email"] == "anna@example.org"
    assert files["profile.json"]["town"] == "Zamość"
    assert [m["network"]["name"] for m in files["networks.json"]["memberships"]]
    assert files["networks.json"]["meeting_answers"][0]["meeting"]["title"] == "Warsztat jesienny"
    texts = [post["text"] for post in files["forums.json"]["posts"]]
    assert texts == ["Mój pierwszy wpis", "Mój anonimowy wpis"]
    assert files["forums.json"]["posts"][1]["anonymous"] is True
    assert files["resources.json"]["materials"][0]["title"] == "Scenariusz Anny"
    assert files["evaluation.json"]["surveys"][0]["answers"]
    assert files["notifications.json"]["email_preferences"]["reply"] == "weekly"
    names = set(files)
    assert any(name.startswith("files/profile/") for name in names)
    assert any(name.startswith("files/forums/") and name.endswith(".pdf") for name in names)
    assert any(name.startswith("files/resources/") for name in names)
    assert "README.txt" in names


def test_export_leaves_out_other_peoples_data_and_anonymous_authors(
    anna, bartek, coordinator, activity, django_capture_on_commit_callbacks
):
    files = read_export(anna, django_capture_on_commit_callbacks)
    everything = b"".join(
        json.dumps(content, ensure_ascii=False).encode() if not isinstance(content, bytes) else b""
        for content in files.values()
    ).decode()

    assert "Odpowiedź Bartka" not in everything
    assert "Anonim Bartka" not in everything
    for other in (bartek, coordinator):
        assert other.display_name not in everything
        assert other.email not in everything
    # The notification about Bartek's request keeps the network, not his name.
    assert "…" in files["notifications.json"]["notifications"][0]["message"]


def test_export_queries_do_not_grow_with_the_amount_of_data(
    network, anna, activity, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        read_export(anna, django_capture_on_commit_callbacks)
    for number in range(5):
        forums.thread_reply(thread=activity, author=anna, body=f"Jeszcze {number}")
        resource_share(network=network, author=anna, title=f"Materiał {number}")
        rsvp_answer(meeting=MeetingFactory(network=network), user=anna, answer=RsvpAnswer.YES)
    with django_assert_max_num_queries(len(few.captured_queries)):
        read_export(anna, django_capture_on_commit_callbacks)


def test_the_person_is_told_in_the_app_and_by_email_when_the_export_is_ready(
    anna, django_capture_on_commit_callbacks
):
    read_export(anna, django_capture_on_commit_callbacks)
    notification = Notification.objects.get(recipient=anna, category="account")
    assert notification.url == reverse("accounts:my_data")
    assert EmailRecord.objects.filter(user=anna, item_key=notification.item_key).exists()


def test_asking_twice_while_preparing_gives_one_export(anna):
    first = data_export_request(user=anna)
    assert data_export_request(user=anna) == first


def test_deleting_the_account_erases_personal_data(
    anna, activity, django_capture_on_commit_callbacks
):
    avatar = anna.avatar.name
    storage = anna.avatar.storage
    calendar_feed_for(user=anna)
    read_export(anna, django_capture_on_commit_callbacks)
    queued = EmailRecord.objects.create(
        user=anna, to_address=anna.email, subject="x", kind="notification", body_text="x"
    )
    other_browser = Client()
    other_browser.force_login(anna)

    with django_capture_on_commit_callbacks(execute=True):
        user_erase(user=anna)

    anna.refresh_from_db()
    assert anna.public_name == former()
    assert anna.display_name == anna.town == anna.bio == ""
    assert anna.email.endswith("@deleted.invalid")
    assert not anna.is_active and not anna.has_usable_password()
    assert not anna.avatar and not storage.exists(avatar)
    assert not EmailAddress.objects.filter(user=anna).exists()
    assert not CalendarFeed.objects.filter(user=anna).exists()
    assert not Preference.objects.filter(user=anna).exists()
    assert not Notification.objects.filter(recipient=anna).exists()
    assert not EmailRecord.objects.filter(pk=queued.pk).exists()
    assert not EmailRecord.objects.filter(to_address="anna@example.org").exists()
    assert not anna.data_exports.exists()
    assert not Membership.objects.filter(user=anna).exists()
    # Logged out everywhere: another browser's session no longer opens the profile.
    assert other_browser.get(reverse("accounts:profile")).status_code == 302


def test_named_posts_show_former_participant_and_anonymous_ones_stay_anonymous(
    client, network, anna, bartek, activity
):
    user_erase(user=anna)
    client.force_login(member_of(network))
    html = client.get(activity.get_absolute_url()).content.decode()
    named = html.split('id="post-number-1"')[1].split("</article>")[0]
    anonymous = html.split('id="post-number-2"')[1].split("</article>")[0]
    assert former() in named and "Mój pierwszy wpis" in named
    assert reverse("networks:person", kwargs={"pk": anna.pk}) not in named
    assert "Anonimowy uczestnik" in anonymous and "Mój anonimowy wpis" in anonymous
    assert former() not in anonymous
    assert "Anna Nowak" not in html


def test_removing_content_keeps_the_threads_shape_and_deletes_materials(
    client, network, anna, bartek, activity, django_capture_on_commit_callbacks
):
    attachment = Attachment.objects.get(post__author=anna)
    storage, name = attachment.file.storage, attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        user_erase(user=anna, request=ErasureRequest(remove_content=True))

    posts = Post.objects.filter(thread=activity).order_by("number")
    assert [post.number for post in posts] == [1, 2, 3, 4]
    mine = [post for post in posts if post.author_id == anna.pk]
    assert all(post.is_deleted and post.body == "" for post in mine)
    assert mine[1].is_anonymous
    assert not storage.exists(name)
    assert not Resource.objects.filter(author=anna).exists()
    with translation.override("pl"):
        assert Thread.objects.get(pk=activity.pk).title == gettext(REMOVED_TITLE)
    client.force_login(bartek)
    html = client.get(activity.get_absolute_url()).content.decode()
    assert "Odpowiedź Bartka" in html
    assert "Mój pierwszy wpis" not in html
    with translation.override("pl"):
        assert html.count(gettext("Removed at the author's request.")) == 2


def test_a_sole_coordinator_must_hand_the_network_over_first(network, coordinator, anna):
    with pytest.raises(AccountDeletionBlocked):
        user_erase(user=coordinator)
    coordinator.refresh_from_db()
    assert not coordinator.is_erased

    membership_change_role(
        membership=Membership.objects.get(network=network, user=anna),
        by=coordinator,
        role=Role.COORDINATOR,
    )
    user_erase(user=coordinator)
    assert not Membership.objects.filter(user=coordinator).exists()


def test_a_sole_coordinator_may_archive_the_network_instead(network, coordinator):
    user_erase(user=coordinator, request=ErasureRequest(archive_networks=True))
    network.refresh_from_db()
    assert network.is_archived
    # The network keeps its coordinator row, shown as a former participant.
    kept = Membership.objects.get(network=network, role=Role.COORDINATOR)
    assert kept.user.public_name == former()


def test_survey_answers_stay_untouched(network, coordinator, anna, bartek):
    survey = make_survey(network, coordinator, anonymous=True)
    answer(survey, anna)
    answer(survey, bartek, seed=1)
    before = set(Answer.objects.filter(survey=survey).values_list("pk", "number", "text"))
    user_erase(user=anna)
    assert set(Answer.objects.filter(survey=survey).values_list("pk", "number", "text")) == before


def test_deleting_twice_is_harmless(anna):
    user_erase(user=anna)
    again = user_erase(user=User.objects.get(pk=anna.pk))
    assert again.is_erased


def test_sent_emails_keep_no_address_after_deletion(anna):
    EmailRecord.objects.create(
        user=anna,
        to_address=anna.email,
        subject="Podsumowanie",
        kind="digest",
        body_text="Treść",
        status=EmailStatus.SENT,
    )
    user_erase(user=anna)
    record = EmailRecord.objects.get(kind="digest")
    assert record.user is None and record.body_text == "" and "anna" not in record.to_address


def test_the_delete_page_shows_the_networks_to_hand_over_and_offers_archiving(
    client, network, coordinator
):
    client.force_login(coordinator)
    url = reverse("accounts:account_delete")
    html = client.get(url).content.decode()
    assert network.name in html
    assert reverse("networks:members", kwargs={"slug": network.slug}) in html

    refused = client.post(url, {"password": PASSWORD})
    assert refused.status_code == 200
    assert not User.objects.get(pk=coordinator.pk).is_erased

    done = client.post(url, {"password": PASSWORD, "archive_networks": "on"})
    assert done.status_code == 302
    network.refresh_from_db()
    assert network.is_archived and User.objects.get(pk=coordinator.pk).is_erased


def test_old_activity_log_entries_stop_naming_the_person(settings):
    from networks.models import ActivityKind, ActivityLog
    from networks.tests.factories import NetworkFactory

    person = UserFactory()
    network = NetworkFactory()
    now = timezone.now()
    old = ActivityLog.objects.create(
        network=network,
        user=person,
        kind=ActivityKind.POST,
        created_at=now - timedelta(days=settings.RETENTION_LOG_DAYS + 1),
    )
    recent = ActivityLog.objects.create(network=network, user=person, kind=ActivityKind.POST)

    assert retention_prune()["networks"] == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.user is None and recent.user == person
    assert ActivityLog.objects.count() == 2  # the statistics keep their counts


def test_staff_deleting_a_sole_coordinator_are_told_why_unless_they_archive(
    client, staff_user, network, coordinator
):
    client.force_login(staff_user)
    changelist = reverse("admin:accounts_user_changelist")
    selected = {"action": "erase_accounts", "_selected_action": [coordinator.pk], "confirm": "yes"}

    refused = client.post(changelist, selected, follow=True)
    assert network.name in refused.content.decode()
    assert not User.objects.get(pk=coordinator.pk).is_erased

    client.post(changelist, {**selected, "archive_networks": "on"})
    assert User.objects.get(pk=coordinator.pk).is_erased
    network.refresh_from_db()
    assert network.is_archived


def test_certificates_are_in_the_export_and_stop_verifying_once_the_account_is_gone(
    network, coordinator, anna, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(
        network=network,
        title="Warsztat wiosenny",
        starts_at=timezone.now() - timedelta(days=3, hours=2),
        ends_at=timezone.now() - timedelta(days=3),
    )
    attendance_record(meeting=meeting, by=coordinator, present=[anna])
    certificate = certificate_issue(user=anna, network=network)
    verify = reverse("certificate_verify", kwargs={"code": certificate.code})
    assert Client().get(verify).status_code == 200

    files = read_export(anna, django_capture_on_commit_callbacks)
    [exported] = files["networks.json"]["certificates"]
    assert exported["code"] == certificate.code
    assert exported["verification_address"] == verify
    assert exported["as_printed"]["meetings"][0]["title"] == "Warsztat wiosenny"

    with django_capture_on_commit_callbacks(execute=True):
        user_erase(user=anna)

    assert not Certificate.objects.filter(pk=certificate.pk).exists()
    assert Client().get(verify).status_code == 404
