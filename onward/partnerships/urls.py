from django.urls import path

from onward.partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("partnerships/", views.agreement_list, name="list"),
    path("partnerships/national/", views.national_detail, name="national"),
    path("partnerships/national/decide/", views.national_decide, name="national-decide"),
    path("partnerships/board/meetings/", views.meeting_list, name="board-meetings"),
    path("partnerships/board/meetings/new/", views.meeting_schedule, name="board-meeting-new"),
    path("partnerships/prisons/<str:prison_code>/", views.local_detail, name="local"),
    path("partnerships/prisons/<str:prison_code>/edit/", views.local_edit, name="local-edit"),
    path("partnerships/prisons/<str:prison_code>/apply/", views.apply_now, name="local-apply"),
    path("partnerships/prisons/<str:prison_code>/contacts/", views.contacts_edit, name="contacts"),
    path("partnerships/prisons/<str:prison_code>/versions/<int:number>/", views.version_detail, name="version"),
    path("partnerships/prisons/<str:prison_code>/meetings/", views.meeting_list, name="meetings"),
    path("partnerships/prisons/<str:prison_code>/meetings/new/", views.meeting_schedule, name="meeting-new"),
    path("partnerships/prisons/<str:prison_code>/pack/", views.meeting_pack, name="pack"),
    path("partnerships/prisons/<str:prison_code>/pack.xlsx", views.meeting_pack_download, name="pack-download"),
    path("partnerships/meetings/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("partnerships/escalations/", views.escalation_list, name="escalations"),
    path("partnerships/escalations/new/", views.escalation_raise, name="escalation-new"),
    path("partnerships/escalations/<int:escalation_id>/", views.escalation_detail, name="escalation"),
]
