from django.urls import path

from onward.readiness import views

app_name = "readiness"

urlpatterns = [
    path("readiness/appointments-to-rebook/", views.appointments_to_rebook, name="to-rebook"),
    path("readiness/bank-applications-waiting/", views.bank_applications_waiting, name="bank-waiting"),
    path("cases/<int:case_id>/readiness/", views.readiness_overview, name="overview"),
    path("cases/<int:case_id>/readiness/id/new/", views.id_application_add, name="id-add"),
    path("cases/<int:case_id>/readiness/id/<int:application_id>/", views.id_application_update, name="id-update"),
    path("cases/<int:case_id>/readiness/bank/new/", views.bank_application_add, name="bank-add"),
    path(
        "cases/<int:case_id>/readiness/bank/<int:application_id>/response/",
        views.bank_application_respond,
        name="bank-respond",
    ),
    path(
        "cases/<int:case_id>/readiness/bank/<int:application_id>/resubmit/",
        views.bank_application_resubmit,
        name="bank-resubmit",
    ),
    path("cases/<int:case_id>/readiness/ni-number/", views.ni_number_record, name="ni-number"),
    path("cases/<int:case_id>/readiness/accommodation/", views.accommodation_record, name="accommodation"),
    path("cases/<int:case_id>/readiness/appointment/", views.appointment_book, name="appointment"),
    path("cases/<int:case_id>/readiness/appointment/letter/", views.appointment_letter, name="appointment-letter"),
    path("cases/<int:case_id>/readiness/universal-credit/entry/", views.uc_entry_record, name="uc-entry"),
    path(
        "cases/<int:case_id>/readiness/universal-credit/preparation/",
        views.uc_preparation_record,
        name="uc-preparation",
    ),
    path("cases/<int:case_id>/readiness/universal-credit/claim/", views.uc_claim_record, name="uc-claim"),
    path("cases/<int:case_id>/readiness/universal-credit/advance/", views.uc_advance_record, name="uc-advance"),
]
