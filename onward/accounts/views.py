from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render

from onward.accounts.demo import DEMO_ACCOUNTS
from onward.accounts.forms import SignInForm
from onward.accounts.models import User


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.DEMO_MODE:
            present = set(
                User.objects.filter(username__in=[a[0] for a in DEMO_ACCOUNTS], is_active=True).values_list(
                    "username", flat=True
                )
            )
            context["demo_accounts"] = [
                {"username": username, "role": role.label, "organisation": org}
                for username, role, org, *_names in DEMO_ACCOUNTS
                if username in present
            ]
            context["demo_password"] = settings.DEMO_PASSWORD
        return context


class SignOutView(auth_views.LogoutView):
    pass


def signed_out(request):
    return render(request, "accounts/signed_out.html")
