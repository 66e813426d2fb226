from django.urls import path

from resources import views

app_name = "resources"

urlpatterns = [
    path("", views.bank, name="bank"),
    path("eksport.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("eksport.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("eksport.ris", views.export, {"fmt": "ris"}, name="export_ris"),
    path("z-moich-sieci/", views.my_networks, name="my_networks"),
    path("moja-polka/", views.shelf, name="shelf"),
    path("do-decyzji/", views.curation_queue, name="curation_queue"),
    path("osoba/<int:user_pk>/", views.person, name="person"),
    path("siec/<slug:network_slug>/", views.network_list, name="network_list"),
    path("siec/<slug:network_slug>/dodaj/", views.add, name="add"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edytuj/", views.edit, name="edit"),
    path("<int:pk>/zglos/", views.submit, name="submit"),
    path("<int:pk>/decyzja/", views.curate, name="curate"),
    path("<int:pk>/ocena/", views.rate, name="rate"),
    path("<int:pk>/polka/", views.bookmark, name="bookmark"),
    path("plik/<int:file_pk>/", views.download, name="download"),
    path("plik/<int:file_pk>/podglad/", views.thumbnail, name="thumbnail"),
    path("plik/<int:file_pk>/nowa-wersja/", views.replace_file, name="replace_file"),
]
