from django.urls import path

from onward.journey import views

app_name = "journey"

urlpatterns = [
    path("worklist/", views.worklist, name="worklist"),
    path("calendar/", views.release_calendar, name="calendar"),
    path("cases/<int:case_id>/touchpoints/<slug:code>/", views.touchpoint_record, name="record"),
    path("cases/<int:case_id>/touchpoints/<slug:code>/undo/", views.touchpoint_undo, name="undo"),
]
