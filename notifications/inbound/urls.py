from django.urls import path

from notifications.inbound.webhooks import inbound_webhook

app_name = "inbound"
urlpatterns = [
    path("<slug:provider>/", inbound_webhook, name="webhook"),
]
