from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("onward.pages.urls")),
    path("", include("onward.accounts.urls")),
    path("cases/", include("onward.cases.urls")),
    path("", include("onward.journey.urls")),
    path("", include("onward.readiness.urls")),
    path("", include("onward.handover.urls")),
    path("", include("onward.employment.urls")),
    path("", include("onward.partnerships.urls")),
    path("measures/", include("onward.insights.urls")),
    path("audit/", include("onward.audit.urls")),
    path("feed/", include("onward.feed.urls")),
    path("api/", include(("config.api", "api"), namespace="api")),
    path("admin/", admin.site.urls),
]

handler403 = "onward.pages.views.permission_denied"
handler404 = "onward.pages.views.page_not_found"
handler500 = "onward.pages.views.server_error"

admin.site.site_header = "Onward administration"
admin.site.site_title = "Onward administration"
admin.site.index_title = "Users, organisations and reference data"
