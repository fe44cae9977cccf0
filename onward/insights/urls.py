from django.urls import path

from onward.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("download.<str:fmt>", views.dashboard_download, name="download"),
    path("compare/", views.compare, name="compare"),
    path("compare/download.<str:fmt>", views.compare_download, name="compare-download"),
    path("how-computed/", views.how_computed_index, name="how-index"),
    path("how-computed/<slug:key>/", views.how_computed, name="how"),
]
