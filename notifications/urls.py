from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/otworz/", views.notification_open, name="open"),
    path("przeczytane/", views.mark_all_read, name="mark_all_read"),
    path("ustawienia/", views.preferences, name="preferences"),
    path("wypisz/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
