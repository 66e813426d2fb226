"""Meeting pages, answers, attendance, minutes and the calendar files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import get_conditional_response
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from core.files import download_headers
from core.permissions import require
from networks import meetings, permissions, selectors
from networks.calendar import CalendarFile, calendar_bytes
from networks.forms import (
    AttendanceForm,
    CancelMeetingForm,
    MeetingForm,
    MeetingLinkForm,
    MinutesForm,
    RsvpForm,
)
from networks.meeting_links import PURPOSE as ANSWER_LINK
from networks.models import Answer, CalendarFeed, Meeting, MeetingLink
from notifications.links import LinkRefused, link_read, link_refused_page


def _context(request, network, **extra) -> dict:
    return {
        "network": network,
        "membership": permissions.membership_of(request.user, network),
        **extra,
    }


@login_required
def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    network = selectors.get_network_for_member(request.user, slug)
    context = _context(
        request,
        network,
        upcoming=selectors.meetings_of(request.user, network, past=False),
        past=selectors.meetings_of(request.user, network, past=True)[:20],
        polls=selectors.open_date_polls(network),
    )
    return render(request, "networks/meeting_list.html", context)


@login_required
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    network = selectors.get_network_for_member(request.user, slug)
    require(permissions.can_manage_network(request.user, network))
    form = MeetingForm(request.POST or None, network=network)
    if form.is_valid():
        meeting = meetings.meeting_schedule(network=network, by=request.user, **form.cleaned_data)
        messages.success(request, _("The meeting has been scheduled and the members notified."))
        return redirect(meeting)
    return render(request, "networks/meeting_form.html", _context(request, network, form=form))


@login_required
def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_for_member(request.user, slug, pk)
    context = _context(
        request,
        meeting.network,
        meeting=meeting,
        rsvps=selectors.meeting_rsvps(meeting),
        links=list(meeting.links.all()),
        attendance=list(meeting.attendance.select_related("user")),
    )
    return render(request, "networks/meeting_detail.html", context)


@login_required
def meeting_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_for_member(request.user, slug, pk)
    require(permissions.can_edit_meeting(request.user, meeting))
    form = MeetingForm(request.POST or None, instance=meeting, network=meeting.network)
    if form.is_valid():
        meetings.meeting_update(meeting=meeting, by=request.user, **form.cleaned_data)
        messages.success(request, _("The meeting has been changed; those coming are notified."))
        return redirect(meeting)
    context = _context(request, meeting.network, form=form, meeting=meeting)
    return render(request, "networks/meeting_form.html", context)


@login_required
def meeting_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_for_member(request.user, slug, pk)
    require(permissions.can_edit_meeting(request.user, meeting))
    form = CancelMeetingForm(request.POST or None)
    if form.is_valid():
        meetings.meeting_cancel(meeting=meeting, by=request.user, note=form.cleaned_data["note"])
        messages.success(request, _("The meeting has been cancelled and those coming notified."))
        return redirect(meeting)
    context = _context(request, meeting.network, form=form, meeting=meeting)
    return render(request, "networks/meeting_cancel.html", context)


@require_POST
@login_required
def meeting_rsvp(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_for_member(request.user, slug, pk)
    require(permissions.can_answer_meeting(request.user, meeting))
    form = RsvpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the answers."))
        return redirect(meeting)
    rsvp = meetings.rsvp_answer(
        meeting=meeting, user=request.user, answer=form.cleaned_data["answer"]
    )
    if rsvp.waitlisted:
        announcement = _("All places are taken: you are on the waiting list.")
    else:
        announcement = _("Your answer has been saved: %(answer)s.") % {
            "answer": rsvp.get_answer_display()
        }
    if request.htmx:
        # The page stays: the answer box, the list of those coming and the live region
        # change in place (no message waiting for the next page).
        meeting = selectors.get_meeting_for_member(request.user, slug, pk)
        if request.POST.get("shown_in") == "dashboard":
            # The home page's item, swapped in place (networks/dashboard.py lists them).
            meeting.may_answer = permissions.can_answer_meeting(request.user, meeting)
            context = {"meeting": meeting, "answered": True, "announcement": announcement}
            return render(request, "networks/dashboard/_meeting_item.html", context)
        context = _context(
            request,
            meeting.network,
            meeting=meeting,
            rsvps=selectors.meeting_rsvps(meeting),
            attendance=list(meeting.attendance.select_related("user")),
            announcement=announcement,
        )
        return render(request, "networks/partials/_meeting_rsvp_answered.html", context)
    messages.add_message(
        request, messages.INFO if rsvp.waitlisted else messages.SUCCESS, announcement
    )
    target = _safe_next(request)
    # Not redirect(target): a bare word would be taken for a view's name.
    return HttpResponseRedirect(target) if target else redirect(meeting)


def _safe_next(request: HttpRequest) -> str | None:
    """Back to the page the answer was given on (the home page), if it is one of ours."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@login_required
def meeting_attendance(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_for_member(request.user, slug, pk)
    require(permissions.can_take_attendance(request.user, meeting))
    initial = {"present": [a.user_id for a in meeting.attendance.all()]}
    if meeting.attendance_taken_at is None:
        initial = {"present": [r.user_id for r in meeting.rsvps.filter(answer="yes")]}
    form = AttendanceForm(request.POST or None, initial=initial, network=meeting.network)
    if form.is_valid():
        present = list(form.cleaned_data["present"])
        meetings.attendance_record(meeting=meeting, by=request.user, present=present)
        messages.success(request, _("Attendance saved."))
        return redirect(meeting)
    context = _context(request, meeting.network, form=form, meeting=meeting)
    return render(request, "networks/meeting_attendance.html", context)


@login_required
def meeting_minutes(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_for_member(request.user, slug, pk)
    require(permissions.can_write_minutes(request.user, meeting))
    form = MinutesForm(request.POST or None, initial={"minutes": meeting.minutes})
    link_form = MeetingLinkForm()
    if request.method == "POST" and "url" in request.POST:
        form, link_form = (
            MinutesForm(initial={"minutes": meeting.minutes}),
            MeetingLinkForm(request.POST),
        )
        if link_form.is_valid():
            meetings.meeting_link_add(meeting=meeting, by=request.user, **link_form.cleaned_data)
            messages.success(request, _("Link added."))
            return redirect("networks:meeting_minutes", slug=slug, pk=pk)
    elif form.is_valid():
        meetings.minutes_save(
            meeting=meeting, by=request.user, minutes=form.cleaned_data["minutes"]
        )
        messages.success(request, _("Minutes saved."))
        return redirect(meeting)
    context = _context(
        request,
        meeting.network,
        form=form,
        link_form=link_form,
        meeting=meeting,
        links=list(meeting.links.all()),
    )
    return render(request, "networks/meeting_minutes.html", context)


@require_POST
@login_required
def meeting_link_remove(request: HttpRequest, slug: str, pk: int, link_pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_for_member(request.user, slug, pk)
    require(permissions.can_write_minutes(request.user, meeting))
    link = get_object_or_404(MeetingLink, meeting=meeting, pk=link_pk)
    meetings.meeting_link_remove(link=link, by=request.user)
    messages.success(request, _("Link removed."))
    return redirect("networks:meeting_minutes", slug=slug, pk=pk)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    return download_headers(response, filename=filename)


@login_required
def meeting_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = selectors.get_meeting_for_member(request.user, slug, pk)
    return _ics_response(calendar_bytes([meeting]), f"spotkanie-{meeting.pk}.ics")


@never_cache
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed: the token is the key, so calendars can subscribe without logging in."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    calendar = CalendarFile(selectors.calendar_meetings(feed.user), name=_("Sieci — my meetings"))
    # Calendars poll the feed: one that sends back the ETag of what it holds gets a 304.
    response = get_conditional_response(request, etag=calendar.etag)
    if response is None:
        response = _ics_response(calendar.content(), "sieci.ics")
    response["ETag"] = calendar.etag
    return response


# The signed token, not a session, says who answers: it works logged out. A GET only shows
# the question (mail scanners open links); the button's POST answers, after the same checks.
@never_cache
@require_http_methods(["GET", "POST"])
def meeting_email_answer(request: HttpRequest, token: str) -> HttpResponse:
    grant = _email_answer_grant(request, token)
    if isinstance(grant, HttpResponse):
        return grant
    meeting, person = grant
    chosen = request.GET.get("answer", "")
    form = RsvpForm(request.POST or None)
    if form.is_valid():
        rsvp = meetings.rsvp_answer(
            meeting=meeting, user=person, answer=form.cleaned_data["answer"]
        )
        context = {"meeting": meeting, "person": person, "rsvp": rsvp}
        return render(request, "networks/meeting_email_answer_done.html", context)
    context = {
        "meeting": meeting,
        "person": person,
        "form": form,
        "chosen": chosen if chosen in Answer.values else "",
        "current": meeting.rsvps.filter(user=person).values_list("answer", flat=True).first(),
        "answers": Answer.choices,
    }
    status = 400 if form.is_bound else 200
    return render(request, "networks/meeting_email_answer.html", context, status=status)


def _email_answer_grant(request, token: str) -> tuple[Meeting, User] | HttpResponse:
    title = _("This link cannot be used")
    try:
        link = link_read(purpose=ANSWER_LINK, token=token)
    except LinkRefused as refused:
        reason = (
            _("The link has expired. Answer on the meeting's page on Sieci.")
            if refused.expired
            else _("The link is damaged or incomplete. Copy the whole link from the e-mail.")
        )
        return link_refused_page(request, title=title, reason=reason, status=400)
    meeting = Meeting.objects.select_related("network").filter(pk=link.object_id).first()
    person = User.objects.filter(pk=link.user_id, is_active=True).first()
    if meeting is None or person is None:
        reason = _("The meeting or the account this link was made for no longer exists.")
        return link_refused_page(request, title=title, reason=reason, status=404)
    url = meeting.get_absolute_url()
    if request.user.is_authenticated and request.user.pk != person.pk:
        reason = _("This link was sent to someone else. Answer on the meeting's page instead.")
        return link_refused_page(request, title=title, reason=reason, status=403, url=url)
    if not permissions.can_answer_meeting(person, meeting):
        if meeting.is_cancelled:
            reason = _("The meeting has been cancelled, so there is nothing to answer.")
        elif meeting.has_started:
            reason = _("The meeting has already begun, so answers are closed.")
        else:
            reason = _("You can no longer answer: you are not a member of the network.")
        return link_refused_page(request, title=title, reason=reason, status=403, url=url)
    return meeting, person
