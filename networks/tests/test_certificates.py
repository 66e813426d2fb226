import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from networks import certificates
from networks.models import Attendance, Certificate, MeetingForm, Membership, Visibility
from networks.permissions import can_download_certificate
from networks.tests.factories import MeetingFactory, NetworkFactory


def _past_meeting(network, days_ago, **fields):
    start = timezone.now() - timedelta(days=days_ago)
    return MeetingFactory(
        network=network, starts_at=start, ends_at=start + timedelta(hours=2), **fields
    )


@pytest.fixture
def attended(network, member):
    meeting = _past_meeting(network, 10, title="Gry planszowe na lekcji", form=MeetingForm.PANEL)
    Attendance.objects.create(meeting=meeting, user=member, present=True)
    return meeting


@pytest.fixture
def missed(network, member):
    meeting = _past_meeting(network, 5, title="Spotkanie bez niej")
    Attendance.objects.create(meeting=meeting, user=member, present=False)
    return meeting


def _text(pdf_bytes: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes)).pages)


def test_certificate_lists_only_the_meetings_the_member_was_present_at(
    network, member, attended, missed
):
    _past_meeting(network, 3, title="Nikt nie sprawdził obecności")
    other = _past_meeting(NetworkFactory(), 4, title="Inna sieć")
    Attendance.objects.create(meeting=other, user=member, present=True)

    certificate = certificates.certificate_issue(user=member, network=network)

    assert [m["title"] for m in certificate.content["meetings"]] == ["Gry planszowe na lekcji"]
    assert certificate.content["meetings"][0]["form"] == str(MeetingForm.PANEL.label)
    assert certificate.content["total_hours"] == 2
    assert certificate.content["person"] == member.public_name


def test_asking_again_with_nothing_changed_returns_the_same_certificate(network, member, attended):
    first = certificates.certificate_issue(user=member, network=network)
    assert certificates.certificate_issue(user=member, network=network) == first
    later = _past_meeting(network, 1)
    Attendance.objects.create(meeting=later, user=member)
    assert certificates.certificate_issue(user=member, network=network) != first


def test_codes_are_long_and_random(network, member, attended):
    codes = {
        Certificate.objects.create(
            user=member, network=network, period_from="2026-01-01", period_to="2026-06-30"
        ).code
        for _ in range(5)
    }
    assert len(codes) == 5
    assert all(len(code) == 24 for code in codes)


def test_a_former_members_period_ends_with_the_last_meeting_they_attended(
    network, member, attended
):
    Membership.objects.filter(user=member, network=network).delete()
    content = certificates.certificate_content(user=member, network=network)
    day = timezone.localtime(attended.starts_at).date().isoformat()
    assert content["period_from"] == day
    assert content["period_to"] == day


def test_the_pdf_carries_polish_letters_the_meetings_and_the_coordinator(
    network, coordinator, member, attended
):
    coordinator.display_name = "Żaneta Łęcka-Ćwiąkalska"
    coordinator.save()
    member.display_name = "Józef Źdźbło"
    member.save()
    network.name = "Sieć zażółć gęślą jaźń"
    network.save()
    certificate = certificates.certificate_issue(user=member, network=network)

    text = _text(certificates.certificate_pdf(certificate, verify_url="https://x/zaswiadczenie/"))

    assert "Józef Źdźbło" in text
    assert "Sieć zażółć gęślą jaźń" in text
    assert "Żaneta Łęcka-Ćwiąkalska" in text
    assert "Gry planszowe na lekcji" in text
    assert certificate.code in text


@pytest.mark.parametrize("who", ["anonymous", "outsider", "member", "coordinator", "staff"])
def test_only_people_who_attended_may_download_a_certificate(
    who, network, coordinator, member, outsider, staff_user, attended
):
    from django.contrib.auth.models import AnonymousUser

    user = {
        "anonymous": AnonymousUser(),
        "outsider": outsider,
        "member": member,
        "coordinator": coordinator,
        "staff": staff_user,
    }[who]
    assert can_download_certificate(user, network) is (who == "member")


def test_a_former_member_who_attended_still_may(network, member, attended):
    Membership.objects.filter(user=member, network=network).delete()
    assert can_download_certificate(member, network)


def test_a_coordinator_who_attended_may(network, coordinator, attended):
    Attendance.objects.create(meeting=attended, user=coordinator)
    assert can_download_certificate(coordinator, network)


@pytest.mark.parametrize("who", ["anonymous", "outsider", "coordinator", "staff"])
def test_issuing_is_refused_to_those_who_did_not_attend(
    client, who, network, coordinator, outsider, staff_user, attended
):
    user = {"outsider": outsider, "coordinator": coordinator, "staff": staff_user}.get(who)
    if user is not None:
        client.force_login(user)
    response = client.post(reverse("networks:certificate_issue", kwargs={"slug": network.slug}))
    if who == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 404
    assert not Certificate.objects.exists()


def test_a_member_issues_and_downloads_the_pdf(client, network, member, attended):
    client.force_login(member)
    detail = client.get(reverse("networks:detail", kwargs={"slug": network.slug}))
    assert reverse("networks:certificate_issue", kwargs={"slug": network.slug}) in (
        detail.content.decode()
    )

    response = client.post(reverse("networks:certificate_issue", kwargs={"slug": network.slug}))

    certificate = Certificate.objects.get()
    assert certificate.user == member
    assert response["Location"] == reverse(
        "networks:certificate_download", kwargs={"code": certificate.code}
    )
    pdf = client.get(response["Location"])
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert "attachment" in pdf["Content-Disposition"]
    assert "Gry planszowe na lekcji" in _text(pdf.content)
    assert f"/zaswiadczenie/{certificate.code}/" in _text(pdf.content).replace("\n", "")


def test_the_certificate_button_is_not_offered_to_a_member_who_attended_nothing(
    client, network, member
):
    client.force_login(member)
    detail = client.get(reverse("networks:detail", kwargs={"slug": network.slug}))
    assert "zaswiadczenie" not in detail.content.decode()


def test_a_former_member_of_a_hidden_network_still_gets_the_certificate(client, member, attended):
    network = attended.network
    network.visibility = Visibility.HIDDEN
    network.save()
    Membership.objects.filter(user=member, network=network).delete()
    client.force_login(member)
    response = client.post(reverse("networks:certificate_issue", kwargs={"slug": network.slug}))
    assert response.status_code == 302


@pytest.mark.parametrize("who", ["anonymous", "outsider", "coordinator", "staff"])
def test_nobody_else_downloads_a_persons_certificate(
    client, who, network, coordinator, member, outsider, staff_user, attended
):
    certificate = certificates.certificate_issue(user=member, network=network)
    user = {"outsider": outsider, "coordinator": coordinator, "staff": staff_user}.get(who)
    if user is not None:
        client.force_login(user)
    response = client.get(
        reverse("networks:certificate_download", kwargs={"code": certificate.code})
    )
    assert response.status_code == (302 if who == "anonymous" else 404)
    assert b"%PDF" not in response.content


@pytest.mark.parametrize("who", ["anonymous", "outsider", "member", "coordinator", "staff"])
def test_the_public_page_confirms_the_certificate_and_shows_nothing_else(
    client,
    who,
    network,
    coordinator,
    member,
    outsider,
    staff_user,
    attended,
    django_assert_max_num_queries,
):
    member.display_name = "Józef Źdźbło"
    member.save()
    certificate = certificates.certificate_issue(user=member, network=network)
    user = {
        "outsider": outsider,
        "member": member,
        "coordinator": coordinator,
        "staff": staff_user,
    }.get(who)
    if user is not None:
        client.force_login(user)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("certificate_verify", kwargs={"code": certificate.code}))

    page = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    assert response.status_code == 200
    assert "Józef Źdźbło" in page
    assert network.name in page
    assert certificate.code in page
    assert "Gry planszowe na lekcji" not in page  # the meetings stay on the paper
    assert coordinator.public_name not in page
    assert member.email not in page


def test_the_public_page_shows_what_was_issued_not_todays_data(client, network, member, attended):
    certificate = certificates.certificate_issue(user=member, network=network)
    network.name = "Nowa nazwa sieci"
    network.save()
    page = client.get(reverse("certificate_verify", kwargs={"code": certificate.code}))
    assert "Nowa nazwa sieci" not in page.content.decode()


@pytest.mark.parametrize("code", ["nieznany", "a" * 24])
def test_an_unknown_code_answers_404(client, db, code):
    assert client.get(reverse("certificate_verify", kwargs={"code": code})).status_code == 404
