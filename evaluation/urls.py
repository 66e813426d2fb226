from django.urls import path

from evaluation import email_links, views

app_name = "evaluation"

# Included at sieci/<slug:network_slug>/ewaluacja/ — every view receives network_slug.
urlpatterns = [
    path("", views.survey_list, name="survey_list"),
    path("nowa/", views.survey_create, name="survey_create"),
    path("z-szablonu/", views.survey_from_template, name="survey_from_template"),
    path("porownanie/", views.survey_compare, name="survey_compare"),
    path("statystyka/", views.network_statistics, name="statistics"),
    path("statystyka.<str:fmt>", views.network_statistics_export, name="statistics_export"),
    path("raport/", views.annual_report, name="annual_report"),
    path("raport/pdf/", views.annual_report_request, name="annual_report_request"),
    path("raport/<int:pk>.pdf", views.annual_report_download, name="annual_report_download"),
    path("moj-bilans/", views.my_balance, name="my_balance"),
    path("<int:pk>/", views.survey_answer, name="survey_answer"),
    path(
        "<int:pk>/odpowiedz/<str:token>/",
        email_links.survey_email_answer,
        name="survey_email_answer",
    ),
    path("<int:pk>/edycja/", views.survey_edit, name="survey_edit"),
    path("<int:pk>/ustawienia/", views.survey_settings, name="survey_settings"),
    path("<int:pk>/publikuj/", views.survey_publish, name="survey_publish"),
    path("<int:pk>/zamknij/", views.survey_close, name="survey_close"),
    path("<int:pk>/usun/", views.survey_delete, name="survey_delete"),
    path("<int:pk>/wyniki/", views.survey_results, name="survey_results"),
    path("<int:pk>/wyniki.<str:fmt>", views.survey_export, name="survey_export"),
    path("<int:pk>/pytania/<int:question_id>/", views.question_edit, name="question_edit"),
    path("<int:pk>/pytania/<int:question_id>/przesun/", views.question_move, name="question_move"),
    path("<int:pk>/pytania/<int:question_id>/usun/", views.question_delete, name="question_delete"),
]
