"""allauth customised through its adapter: account e-mails go to the one outbox.

accounts sits left of notifications in the dependency chain, so it does not import the
outbox; notifications registers it here in its AppConfig.ready().
"""

from collections.abc import Callable
from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.http import HttpRequest

from accounts.login_destinations import login_destination

_outbox: Callable[..., object] | None = None


def register_outbox(queue: Callable[..., object]) -> None:
    """Set the function that queues a rendered message (`queue(message=...)`) for the worker."""
    global _outbox
    _outbox = queue


def current_site() -> SimpleNamespace:
    """The site's name and address as account e-mails show them (from SITE_NAME and SITE_URL)."""
    return SimpleNamespace(
        name=settings.SITE_NAME,
        domain=urlsplit(settings.SITE_URL).netloc,
        url=f"{settings.SITE_URL}/",
    )


class AccountAdapter(DefaultAccountAdapter):
    """Account e-mails are outbox rows sent by the worker, like every other e-mail; sign-up
    saves the name others see; a login without `next` lands where something waits."""

    def save_user(self, request: HttpRequest, user, form, commit: bool = True):
        from accounts.services import user_update_profile
        from accounts.signup import SIGNUP_PROFILE_FIELDS

        user = super().save_user(request, user, form, commit=False)
        profile = {
            field: form.cleaned_data[field]
            for field in SIGNUP_PROFILE_FIELDS
            if field in form.cleaned_data
        }
        if commit:
            # The profile service validates and saves, as the profile page does.
            return user_update_profile(user=user, data=profile)
        for field, value in profile.items():
            setattr(user, field, value)
        return user

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        # Asked only when the login carries no `next`: an invitation accepted on one device
        # is found after signing up (or logging in) on another.
        return login_destination(request.user) or super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        if request.user.is_authenticated:
            return login_destination(request.user) or super().get_signup_redirect_url(request)
        return super().get_signup_redirect_url(request)

    def format_email_subject(self, subject: str) -> str:
        return f"[{settings.SITE_NAME}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth's own send_mail fills `current_site` from django.contrib.sites, which we
        # do not use; the configured name and address are what people should read.
        message: EmailMessage = self.render_mail(
            template_prefix, email, {"email": email, **context, "current_site": current_site()}
        )
        if _outbox is None:
            raise ImproperlyConfigured("No e-mail outbox registered (is notifications installed?)")
        _outbox(message=message)
