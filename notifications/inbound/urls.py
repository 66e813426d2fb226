from django.urls import path

from notifications.inbound.webhooks import inbound_webhook

app_name = "inbound"
urlpatterns = [
    path("<slug:provider>/", inbound_webhook, name="webhook"),
    # Mailgun posts the raw message (body-mime) only to a URL that contains "mime".
    path("<slug:provider>/mime/", inbound_webhook, name="webhook_mime"),
]
