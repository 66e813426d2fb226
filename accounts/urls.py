from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile_detail, name="profile"),
    path("edytuj/", views.profile_edit, name="profile_edit"),
]
