"""Providers' inbound webhooks (django-anymail): each request is authenticated, then stored.

anymail checks the request (HTTP basic auth with ANYMAIL["WEBHOOK_SECRET"]; Mailgun's HMAC
signature; Amazon SNS's certificate signature) before it sends its `inbound` signal; our
receiver only stores the raw message, which a worker processes like one from the MTA pipe.
"""

from anymail.webhooks.amazon_ses import AmazonSESInboundWebhookView
from anymail.webhooks.mailgun import MailgunInboundWebhookView
from anymail.webhooks.postmark import PostmarkInboundWebhookView
from anymail.webhooks.sendgrid import SendGridInboundWebhookView
from django.conf import settings
from django.http import Http404
from django.views.decorators.csrf import csrf_exempt

PROVIDERS = {
    "amazon_ses": AmazonSESInboundWebhookView,
    "mailgun": MailgunInboundWebhookView,
    "postmark": PostmarkInboundWebhookView,
    "sendgrid": SendGridInboundWebhookView,
}


@csrf_exempt
def inbound_webhook(request, provider: str):
    """One provider's inbound webhook, when switched on (INBOUND_EMAIL_PROVIDERS) and secret."""
    view = PROVIDERS.get(provider)
    if (
        view is None
        or provider not in getattr(settings, "INBOUND_EMAIL_PROVIDERS", [])
        or not getattr(settings, "ANYMAIL", {}).get("WEBHOOK_SECRET")
    ):
        raise Http404
    return view.as_view()(request)
