from allauth.account.adapter import DefaultAccountAdapter
from django.core.mail import EmailMultiAlternatives

from core.mail import email_queue


class AccountAdapter(DefaultAccountAdapter):
    """allauth's mail goes through the worker like every other e-mail."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        message = self.render_mail(template_prefix, email, context)
        if not isinstance(message, EmailMultiAlternatives):
            message = EmailMultiAlternatives(
                subject=message.subject,
                body=message.body,
                from_email=message.from_email,
                to=message.to,
                headers=message.extra_headers,
            )
        email_queue(message=message)
