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

_outbox: Callable[..., object] | None = None


def register_outbox(queue: Callable[..., object]) -> None:
    """Set the function that queues a rendered message (`queue(message=...)`) for the worker."""
    global _outbox
    _outbox = queue


def current_site() -> SimpleNamespace:
    """The site's name and address as account e-mails show them (from SITE_NAME and SITE_URL)."""
    return SimpleNamespace(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    """Account e-mails are outbox rows sent by the worker, like every other e-mail."""

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
