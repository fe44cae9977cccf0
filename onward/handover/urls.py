from django.urls import path

from onward.handover import views

app_name = "handover"

urlpatterns = [
    path("handovers/", views.inbox, name="inbox"),
    path("handovers/needs-action/", views.needs_action, name="needs_action"),
    path("handovers/<int:handover_id>/", views.detail, name="detail"),
    path("cases/<int:case_id>/handover/new/", views.send, name="send"),
    path("escalations/", views.escalations, name="escalations"),
    path("referrals/", views.referral_inbox, name="referral_inbox"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="referral"),
    path("cases/<int:case_id>/referrals/new/<slug:kind>/", views.referral_send, name="referral_send"),
]
