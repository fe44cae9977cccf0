from django.urls import path

from onward.handover import views

app_name = "handover"

urlpatterns = [
    path("handovers/", views.inbox, name="inbox"),
    path("handovers/<int:handover_id>/", views.detail, name="detail"),
    path("cases/<int:case_id>/handover/new/", views.send, name="send"),
    path("escalations/", views.escalations, name="escalations"),
]
