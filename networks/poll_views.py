"""Date polls: propose dates, answer them, pick one (which schedules the meeting)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import require
from networks import permissions, polls, selectors
from networks.forms import DatePollForm, PollAnswerForm, PollSlotFormSet
from networks.models import DatePollSlot


def _context(request, network, **extra) -> dict:
    membership = permissions.membership_of(request.user, network)
    return {"network": network, "membership": membership, **extra}


def _add_errors(form, error: ValidationError) -> None:
    for field, errors in error.update_error_dict({}).items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
def poll_create(request: HttpRequest, slug: str) -> HttpResponse:
    network = selectors.get_network_for_member(request.user, slug)
    require(permissions.can_manage_network(request.user, network))
    form = DatePollForm(request.POST or None, network=network)
    slots = PollSlotFormSet(request.POST or None, prefix="slots")
    if request.method == "POST" and form.is_valid() and slots.is_valid():
        try:
            poll = polls.poll_create(
                network=network, by=request.user, slots=slots.slots(), **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The dates have been proposed and the members asked."))
            return redirect(poll)
    context = _context(request, network, form=form, slots=slots)
    status = 400 if request.method == "POST" else 200
    return render(request, "networks/poll_form.html", context, status=status)


@login_required
def poll_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The table of answers for everyone in the network; the person's own answers below it."""
    poll = selectors.get_date_poll_for_member(request.user, slug, pk)
    page = selectors.date_poll_page(request.user, poll)
    slots = [row.slot for row in page["rows"]]
    form = None
    if permissions.can_answer_date_poll(request.user, poll):
        initial = {f"slot_{slot_id}": answer for slot_id, answer in page["my_answers"].items()}
        form = PollAnswerForm(request.POST or None, slots=slots, initial=initial)
    if request.method == "POST":
        require(form is not None)
        if form.is_valid():
            try:
                polls.poll_answer(poll=poll, user=request.user, answers=form.answers())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Thank you for your answer."))
                return redirect(poll)
    context = _context(request, poll.network, poll=poll, form=form, **page)
    status = 400 if request.method == "POST" else 200
    return render(request, "networks/poll_detail.html", context, status=status)


@require_POST
@login_required
def poll_choose(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    poll = selectors.get_date_poll_for_member(request.user, slug, pk)
    require(permissions.can_choose_poll_date(request.user, poll))
    slot_id = request.POST.get("slot", "")
    slot = get_object_or_404(DatePollSlot, poll=poll, pk=int(slot_id) if slot_id.isdigit() else 0)
    try:
        meeting = polls.poll_choose(poll=poll, by=request.user, slot=slot)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(poll)
    messages.success(request, _("The meeting has been scheduled and the members notified."))
    return redirect(meeting)
