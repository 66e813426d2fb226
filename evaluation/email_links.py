"""The "answer now" link of survey reminders: signed for one person and one survey.

It leads to the survey's answer page (through the login page when logged out): answers
are written there, by the person signed in, so the link itself changes nothing. It is
refused once the survey has closed, the person has left the network, or after 30 days.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.models import User
from evaluation.models import Survey
from evaluation.permissions import can_answer_survey
from notifications.links import LinkRefused, link_read, link_refused_page, link_token
from notifications.mail import absolute_url

PURPOSE = "evaluation.survey-answer"


def survey_answer_url(*, survey: Survey, user: User) -> str:
    """The absolute "answer now" link for this person and this survey."""
    token = link_token(purpose=PURPOSE, user_id=user.pk, object_id=survey.pk)
    kwargs = {"network_slug": survey.network.slug, "pk": survey.pk, "token": token}
    return absolute_url(reverse("evaluation:survey_email_answer", kwargs=kwargs))


@never_cache
@require_GET
def survey_email_answer(request: HttpRequest, network_slug: str, pk: int, token: str):
    title = _("This link cannot be used")
    try:
        link = link_read(purpose=PURPOSE, token=token)
    except LinkRefused as refused:
        reason = (
            _("The link has expired. Open the survey from your network's page on Sieci.")
            if refused.expired
            else _("The link is damaged or incomplete. Copy the whole link from the e-mail.")
        )
        return link_refused_page(request, title=title, reason=reason, status=400)
    survey = (
        Survey.objects.select_related("network")
        .filter(pk=link.object_id, network__slug=network_slug)
        .first()
    )
    person = User.objects.filter(pk=link.user_id, is_active=True).first()
    if link.object_id != pk or survey is None or person is None:
        reason = _("The link is damaged or incomplete. Copy the whole link from the e-mail.")
        return link_refused_page(request, title=title, reason=reason, status=400)
    return _lead_to_answer(request, survey, person, title)


def _lead_to_answer(request, survey: Survey, person: User, title: str) -> HttpResponse:
    url = survey.get_absolute_url()
    if request.user.is_authenticated and request.user.pk != person.pk:
        reason = _("This link was sent to someone else. Open the survey from your network's page.")
        return link_refused_page(request, title=title, reason=reason, status=403)
    if not can_answer_survey(person, survey):
        reason = (
            _("The survey is closed, so it takes no more answers.")
            if survey.is_closed
            else _("You can no longer answer: you are not a member of the network.")
        )
        return link_refused_page(request, title=title, reason=reason, status=403)
    if not request.user.is_authenticated:
        return redirect_to_login(url)
    return redirect(url)
