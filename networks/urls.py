from django.urls import path

from networks import certificate_views, meeting_views, outcome_views, plan_views, poll_views, views

app_name = "networks"

meeting = "<slug:slug>/spotkania/<int:pk>/"
# Tokens are secrets.token_urlsafe(), whose alphabet is exactly the slug converter's: anything
# else (a NUL byte, a quote) is no token and never reaches the database.

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("moje/", views.my_networks, name="mine"),
    path("nowa/", views.network_create, name="create"),
    path("zaproszenie/<slug:token>/", views.invitation_detail, name="invitation"),
    path("kalendarz/", views.calendar_settings, name="calendar_settings"),
    path(
        "spotkania/odpowiedz/<str:token>/",
        meeting_views.meeting_email_answer,
        name="meeting_email_answer",
    ),
    path(
        "zaswiadczenia/<slug:code>.pdf",
        certificate_views.certificate_download,
        name="certificate_download",
    ),
    path("osoby/<int:pk>/", views.person_profile, name="person"),
    path("kalendarz/<slug:token>.ics", meeting_views.calendar_feed, name="calendar_feed"),
    path("<slug:slug>/", views.network_detail, name="detail"),
    path("<slug:slug>/edycja/", views.network_edit, name="edit"),
    path("<slug:slug>/koordynacja/", views.network_manage, name="manage"),
    path("<slug:slug>/czlonkowie/", views.network_members, name="members"),
    path("<slug:slug>/czlonkowie/<int:pk>/rola/", views.member_change_role, name="member_role"),
    path("<slug:slug>/czlonkowie/<int:pk>/usun/", views.member_remove, name="member_remove"),
    path(
        "<slug:slug>/zaswiadczenie/",
        certificate_views.certificate_issue,
        name="certificate_issue",
    ),
    path("<slug:slug>/dolacz/", views.network_join, name="join"),
    path("<slug:slug>/prosba/", views.join_request_create, name="request"),
    path("<slug:slug>/prosba/wycofaj/", views.join_request_withdraw, name="request_withdraw"),
    path("<slug:slug>/prosby/<int:pk>/", views.join_request_decide, name="request_decide"),
    path("<slug:slug>/zaproszenia/", views.invitation_create, name="invite"),
    path(
        "<slug:slug>/zaproszenia/<int:pk>/cofnij/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("<slug:slug>/opusc/", views.membership_leave, name="leave"),
    path("<slug:slug>/etap/", views.stage_change, name="stage"),
    path("<slug:slug>/etap/zadania/<slug:key>/", views.stage_task_tick, name="stage_task_tick"),
    path("<slug:slug>/archiwum/", views.network_archive, name="archive"),
    path("<slug:slug>/wycisz/", views.network_mute, name="mute"),
    path("<slug:slug>/plan/", plan_views.plan, name="plan"),
    path("<slug:slug>/plan/cele/nowy/", plan_views.goal_edit, name="goal_create"),
    path("<slug:slug>/plan/cele/<int:pk>/", plan_views.goal_edit, name="goal_edit"),
    path("<slug:slug>/plan/cele/<int:pk>/usun/", plan_views.goal_delete, name="goal_delete"),
    path("<slug:slug>/plan/cele/<int:pk>/zgoda/", plan_views.goal_agree, name="goal_agree"),
    path("<slug:slug>/plan/dzialania/nowe/", plan_views.activity_edit, name="activity_create"),
    path("<slug:slug>/plan/dzialania/<int:pk>/", plan_views.activity_edit, name="activity_edit"),
    path(
        "<slug:slug>/plan/dzialania/<int:pk>/usun/",
        plan_views.activity_delete,
        name="activity_delete",
    ),
    path("<slug:slug>/wdrozenia/", outcome_views.outcome_list, name="outcomes"),
    path(
        "<slug:slug>/wdrozenia/<int:pk>/komentarz/",
        outcome_views.outcome_comment,
        name="outcome_comment",
    ),
    path("<slug:slug>/spotkania/", meeting_views.meeting_list, name="meetings"),
    path("<slug:slug>/spotkania/nowe/", meeting_views.meeting_create, name="meeting_create"),
    path("<slug:slug>/spotkania/terminy/nowe/", poll_views.poll_create, name="poll_create"),
    path("<slug:slug>/spotkania/terminy/<int:pk>/", poll_views.poll_detail, name="poll"),
    path(
        "<slug:slug>/spotkania/terminy/<int:pk>/wybierz/",
        poll_views.poll_choose,
        name="poll_choose",
    ),
    path(meeting, meeting_views.meeting_detail, name="meeting"),
    path(meeting + "edycja/", meeting_views.meeting_edit, name="meeting_edit"),
    path(meeting + "odwolaj/", meeting_views.meeting_cancel, name="meeting_cancel"),
    path(meeting + "odpowiedz/", meeting_views.meeting_rsvp, name="meeting_rsvp"),
    path(meeting + "obecnosc/", meeting_views.meeting_attendance, name="meeting_attendance"),
    path(meeting + "notatka/", meeting_views.meeting_minutes, name="meeting_minutes"),
    path(
        meeting + "linki/<int:link_pk>/usun/",
        meeting_views.meeting_link_remove,
        name="meeting_link_remove",
    ),
    path(meeting + "spotkanie.ics", meeting_views.meeting_ics, name="meeting_ics"),
]
