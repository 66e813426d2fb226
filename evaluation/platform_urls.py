from django.urls import path

from evaluation import views

app_name = "statistics"

# Included at statystyki/: the platform-wide statistics, for staff.
urlpatterns = [
    path("", views.platform_statistics, name="platform"),
    path("pobierz.<str:fmt>", views.platform_statistics_export, name="platform_export"),
]
