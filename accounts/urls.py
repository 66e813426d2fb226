from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile_detail, name="profile"),
    path("edytuj/", views.profile_edit, name="profile_edit"),
    path("pierwsze-kroki/ukryj/", views.first_steps_hide, name="first_steps_dismiss"),
    path("moje-dane/", views.my_data, name="my_data"),
    path("moje-dane/<int:pk>/pobierz/", views.data_export_download, name="data_export_download"),
    path("usun-konto/", views.account_delete, name="account_delete"),
]
