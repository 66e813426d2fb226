"""Certificates of participation: what a person attended in a network, as a PDF with a code.

The content is gathered once, frozen into a `Certificate` row and printed from that row, so
the public verification page shows exactly what the paper says. Only meetings the person
was marked present at count; an RSVP is a promise, not participation.
"""

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from networks.models import Attendance, Certificate, Meeting, MeetingForm, Membership, Network
from networks.permissions import coordinators_of

FONT_DIR = Path(__file__).resolve().parent / "fonts"
# fpdf2 subsets the font through fontTools, which logs every table at INFO: pages of noise
# in the logs for each certificate.
logging.getLogger("fontTools").setLevel(logging.WARNING)


def attended_meetings(user, network: Network):
    """The network's meetings the person was marked present at, oldest first."""
    return Meeting.objects.filter(
        network=network,
        pk__in=Attendance.objects.filter(user=user, present=True).values("meeting_id"),
    ).order_by("starts_at", "id")


def has_attended(user, network: Network) -> bool:
    return Attendance.objects.filter(user=user, present=True, meeting__network=network).exists()


def _hours(meeting: Meeting) -> float:
    return round((meeting.ends_at - meeting.starts_at).total_seconds() / 3600, 2)


def certificate_content(*, user, network: Network) -> dict:
    """What the certificate states, as plain JSON (frozen into the row when issued)."""
    meetings = list(attended_meetings(user, network))
    membership = Membership.objects.filter(network=network, user=user).first()
    local = [timezone.localtime(meeting.starts_at).date() for meeting in meetings]
    today = timezone.localdate()
    starts = [d for d in (local[0] if local else None,) if d]
    if membership is not None:
        starts.append(timezone.localtime(membership.joined_at).date())
    period_from = min(starts) if starts else today
    # A former member's participation ended with the last meeting they attended.
    period_to = today if membership is not None else (local[-1] if local else today)
    coordinators = [person.public_name for person in coordinators_of(network).order_by("pk")]
    return {
        "person": user.public_name,
        "network": network.name,
        "institution": network.institution_name,
        "school_year": network.school_year or "",
        "period_from": period_from.isoformat(),
        "period_to": period_to.isoformat(),
        "coordinators": coordinators,
        "meetings": [
            {
                "date": day.isoformat(),
                "title": meeting.title,
                "form": str(MeetingForm(meeting.form).label),
                "hours": _hours(meeting),
            }
            for day, meeting in zip(local, meetings, strict=True)
        ],
        "total_hours": round(sum(_hours(meeting) for meeting in meetings), 2),
    }


@transaction.atomic
def certificate_issue(*, user, network: Network) -> Certificate:
    """Issue a certificate; asking again with nothing changed returns the same one."""
    content = certificate_content(user=user, network=network)
    latest = Certificate.objects.filter(user=user, network=network).first()
    if latest is not None and latest.content == content:
        return latest
    return Certificate.objects.create(
        user=user,
        network=network,
        period_from=date.fromisoformat(content["period_from"]),
        period_to=date.fromisoformat(content["period_to"]),
        content=content,
    )


@dataclass(frozen=True)
class Verification:
    person: str
    network: str
    period_from: date
    period_to: date
    meeting_count: int
    total_hours: float
    issued_on: date


def verification_of(certificate: Certificate) -> Verification:
    """Only what the public page may confirm: never the meetings, nor the coordinators."""
    content = certificate.content
    return Verification(
        person=content["person"],
        network=content["network"],
        period_from=certificate.period_from,
        period_to=certificate.period_to,
        meeting_count=len(content["meetings"]),
        total_hours=content["total_hours"],
        issued_on=timezone.localtime(certificate.issued_at).date(),
    )


def _date(value: str) -> str:
    return date.fromisoformat(value).strftime("%d.%m.%Y")


def _hours_text(hours: float) -> str:
    return f"{hours:g}".replace(".", ",")


def new_pdf() -> FPDF:
    """An A4 page with the shipped DejaVu font, which has every Polish letter."""
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_margins(18, 18, 18)
    pdf.add_page()
    return pdf


def certificate_pdf(certificate: Certificate, *, verify_url: str) -> bytes:
    content = certificate.content
    pdf = new_pdf()
    width = pdf.epw
    pdf.set_font("DejaVu", "B", 20)
    pdf.cell(width, 14, _("Certificate of participation"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("DejaVu", "", 12)
    pdf.multi_cell(width, 7, _("This is to certify that"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(width, 10, content["person"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 12)
    period = _("took part in the work of the network from %(start)s to %(end)s") % {
        "start": _date(content["period_from"]),
        "end": _date(content["period_to"]),
    }
    pdf.multi_cell(width, 7, period, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(width, 9, content["network"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    organiser = _("organised by %(institution)s") % {"institution": content["institution"]}
    if content["school_year"]:
        organiser += " — " + _("school year %(year)s") % {"year": content["school_year"]}
    pdf.multi_cell(width, 7, organiser, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(width, 8, _("Meetings attended"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    with pdf.table(col_widths=(22, 78, 50, 18), text_align=("LEFT", "LEFT", "LEFT", "RIGHT")) as t:
        t.row([_("Date"), _("Meeting"), _("Form of work"), _("Hours")])
        for meeting in content["meetings"]:
            t.row(
                [
                    _date(meeting["date"]),
                    meeting["title"],
                    meeting["form"],
                    _hours_text(meeting["hours"]),
                ]
            )
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 11)
    total = _("Meetings: %(count)s, hours in total: %(hours)s") % {
        "count": len(content["meetings"]),
        "hours": _hours_text(content["total_hours"]),
    }
    pdf.cell(width, 8, total, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("DejaVu", "", 11)
    if content["coordinators"]:
        label = _("Network coordinator")
        pdf.cell(
            width,
            7,
            f"{label}: {', '.join(content['coordinators'])}",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    issued = timezone.localtime(certificate.issued_at).strftime("%d.%m.%Y")
    pdf.cell(width, 7, _("Issued on %(date)s") % {"date": issued}, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("DejaVu", "", 9)
    check = _("Verification code: %(code)s — check it at %(url)s") % {
        "code": certificate.code,
        "url": verify_url,
    }
    pdf.multi_cell(width, 5, check, align="L", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def verify_path(certificate: Certificate) -> str:
    return reverse("certificate_verify", kwargs={"code": certificate.code})
