from django.urls import path

from onward.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("export.csv", views.case_export, name="export"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/edit/", views.case_edit, name="edit"),
    path("<int:case_id>/transfer/", views.case_transfer, name="transfer"),
    path("<int:case_id>/discharge/", views.case_discharge, name="discharge"),
    path("<int:case_id>/recall/", views.case_recall, name="recall"),
]
