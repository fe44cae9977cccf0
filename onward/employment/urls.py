from django.urls import path

from onward.employment import views

app_name = "employment"

urlpatterns = [
    path("work/", views.work_home, name="home"),
    path("work/leaving/", views.leaving_matches, name="leaving"),
    path("work/employers/", views.employer_list, name="employer-list"),
    path("work/employers/new/", views.employer_add, name="employer-add"),
    path("work/employers/<int:employer_id>/", views.employer_detail, name="employer-detail"),
    path("work/employers/<int:employer_id>/change/", views.employer_edit, name="employer-edit"),
    path("work/employers/<int:employer_id>/contacts/new/", views.employer_contact_add, name="employer-contact-add"),
    path("work/opportunities/", views.opportunity_list, name="opportunity-list"),
    path("work/opportunities/new/", views.opportunity_add, name="opportunity-add"),
    path("work/opportunities/<int:opportunity_id>/", views.opportunity_detail, name="opportunity-detail"),
    path("work/opportunities/<int:opportunity_id>/change/", views.opportunity_edit, name="opportunity-edit"),
    path("work/opportunities/<int:opportunity_id>/matches/", views.opportunity_matches, name="opportunity-matches"),
    path("work/labour-market/<int:district_id>/", views.labour_market_edit, name="labour-market-edit"),
    path("cases/<int:case_id>/work/", views.case_work, name="case-work"),
    path("cases/<int:case_id>/work/profile/", views.profile_edit, name="profile"),
    path("cases/<int:case_id>/work/applications/new/", views.application_add, name="application-add"),
    path(
        "cases/<int:case_id>/work/applications/<int:application_id>/",
        views.application_update,
        name="application-update",
    ),
    path("cases/<int:case_id>/work/checks/new/", views.check_record, name="check-record"),
]
