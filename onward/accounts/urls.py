from django.urls import path

from onward.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-in/<slug:provider>/", views.provider_sign_in, name="sign-in-provider"),
    path("sign-in/<slug:provider>/callback/", views.provider_callback, name="sign-in-callback"),
    path("caseload/", views.caseload_switch, name="caseload"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("signed-out/", views.signed_out, name="signed-out"),
]
