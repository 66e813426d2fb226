from django.urls import path

from core import help

app_name = "help"
urlpatterns = [
    path("", help.help_index, name="index"),
    path("<slug:slug>/", help.help_guide, name="guide"),
]
