from django.urls import path

from forums import views

app_name = "forums"

urlpatterns = [
    path("", views.thread_list, name="thread_list"),
    path("nowy-watek/", views.thread_create, name="thread_create"),
    path("przeczytane/", views.network_mark_read, name="network_mark_read"),
    path("podglad/", views.preview, name="preview"),
    path("wzmianki/", views.mentions, name="mentions"),
    path("moderacja/", views.moderation, name="moderation"),
    path("watek/<int:pk>/", views.thread_detail, name="thread_detail"),
    path("watek/<int:pk>/nieprzeczytane/", views.thread_first_unread, name="thread_first_unread"),
    path("watek/<int:pk>/odpowiedz/", views.thread_reply, name="thread_reply"),
    path("watek/<int:pk>/obserwuj/", views.thread_follow, name="thread_follow"),
    path("watek/<int:pk>/moderuj/", views.thread_moderate, name="thread_moderate"),
    path("watek/<int:pk>/przenies/", views.thread_move, name="thread_move"),
    path("wpis/<int:pk>/", views.post_permalink, name="post_permalink"),
    path("wpis/<int:pk>/edytuj/", views.post_edit, name="post_edit"),
    path("wpis/<int:pk>/usun/", views.post_delete, name="post_delete"),
    path("wpis/<int:pk>/historia/", views.post_history, name="post_history"),
    path("wpis/<int:pk>/zglos/", views.post_report, name="post_report"),
    path("wpis/<int:pk>/ukryj/", views.post_hide, name="post_hide"),
    path("wpis/<int:pk>/decyzja/", views.post_decide, name="post_decide"),
    path("wpis/<int:pk>/autor/", views.post_reveal, name="post_reveal"),
    path("zgloszenie/<int:pk>/zamknij/", views.report_dismiss, name="report_dismiss"),
    path("zalacznik/<int:pk>/", views.attachment_download, name="attachment"),
    path("zalacznik/<int:pk>/miniatura/", views.attachment_thumbnail, name="attachment_thumbnail"),
]
