"""anymail's `inbound` signal, connected in NotificationsConfig.ready().

Kept apart from the webhook views so that connecting it imports no provider's code (Amazon
SES's pulls in boto3) into every process; the views load with the URLs.
"""


def store_inbound_message(sender, event, esp_name, **kwargs) -> None:
    """anymail's `inbound` signal: keep the raw message for the worker (no other work here)."""
    from notifications.inbound.services import inbound_store

    message = event.message
    inbound_store(
        raw=message.as_bytes(),
        source=str(esp_name).lower(),
        envelope_sender=message.envelope_sender,
        envelope_recipient=message.envelope_recipient or "",
    )
