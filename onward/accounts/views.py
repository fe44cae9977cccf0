import logging

from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from joserfc.errors import JoseError
from requests import RequestException

from onward.accounts.claims import identity_from_claims
from onward.accounts.constants import SignInRefusal
from onward.accounts.demo import DEMO_ACCOUNTS
from onward.accounts.forms import CaseloadForm, SignInForm
from onward.accounts.identity_providers import provider_client, provider_issuer, provider_list, provider_mapping
from onward.accounts.models import User
from onward.accounts.selectors import caseload_choices
from onward.accounts.services import sign_in_failure_record, user_caseload_switch, user_sign_in_from_provider
from onward.accounts.system import identity_provider_actor

logger = logging.getLogger(__name__)

# Where to go after the provider sends the person back, kept in their session.
_NEXT_KEY = "oidc_next"
_PROVIDER_KEY = "oidc_provider"
_ID_TOKEN_KEY = "oidc_id_token"  # noqa: S105 - a session key's name, not a secret


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not settings.ALLOW_PASSWORD_SIGN_IN:
            # Production signs staff in through their identity provider only (docs/adr/0018).
            return self.render_to_response(self.get_context_data(), status=403)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["providers"] = provider_list()
        context["password_sign_in"] = settings.ALLOW_PASSWORD_SIGN_IN
        if settings.DEMO_MODE and settings.ALLOW_PASSWORD_SIGN_IN:
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
    def post(self, request, *args, **kwargs):
        provider = request.session.get(_PROVIDER_KEY)
        id_token = request.session.get(_ID_TOKEN_KEY)
        response = super().post(request, *args, **kwargs)
        if provider in settings.OIDC_PROVIDERS:
            # RP-initiated logout: leave the provider's session too, so the next
            # person at this computer is not signed straight back in.
            signed_out_url = request.build_absolute_uri(reverse(settings.LOGOUT_REDIRECT_URL))
            try:
                end_session = provider_client(provider).create_logout_url(
                    post_logout_redirect_uri=signed_out_url, id_token_hint=id_token
                )
            except (RequestException, RuntimeError, ValueError) as error:
                # No end-session endpoint, or the provider is down: signed out of Onward is what matters.
                logger.info("No RP-initiated logout from %s: %s", provider, error)
            else:
                return redirect(end_session["url"])
        return response


def signed_out(request):
    return render(request, "accounts/signed_out.html")


def _provider_or_404(provider):
    if provider not in settings.OIDC_PROVIDERS:
        raise Http404(_("There is no such way to sign in."))
    return settings.OIDC_PROVIDERS[provider]


def _failed(request, provider, label, reason, error, status):
    """A sign-in that went wrong before anyone was identified: audited, a page, no session."""
    logger.warning("Sign-in through %s failed: %s (%s)", provider, reason, error)
    sign_in_failure_record(actor=identity_provider_actor(provider), provider=provider, reason=reason, detail=error)
    return render(
        request,
        "accounts/sign_in_failed.html",
        {"provider_label": label, "reason": reason},
        status=status,
    )


def provider_sign_in(request, provider):
    """Send the person to their identity provider, with state, nonce and a PKCE challenge."""
    config = _provider_or_404(provider)
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    next_url = request.GET.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        request.session[_NEXT_KEY] = next_url
    else:
        request.session.pop(_NEXT_KEY, None)
    redirect_uri = request.build_absolute_uri(reverse("accounts:sign-in-callback", args=[provider]))
    try:
        return provider_client(provider).authorize_redirect(request, redirect_uri)
    except (RequestException, OAuthError, ValueError, KeyError, RuntimeError) as error:
        # Discovery failed: the provider is down or not an OpenID provider at that address.
        return _failed(request, provider, config["label"], "provider_down", error, 502)


def provider_callback(request, provider):
    """Where the provider sends the person back: check everything, then sign in or say why not."""
    config = _provider_or_404(provider)
    label = config["label"]
    client = provider_client(provider)
    try:
        token = client.authorize_access_token(request, leeway=settings.OIDC_CLOCK_SKEW_SECONDS)
    except MismatchingStateError as error:
        # No sign-in of this browser's is waiting for this answer: a replayed
        # or forged callback, or one from a sign-in started elsewhere.
        return _failed(request, provider, label, "state", error, 400)
    except OAuthError as error:
        return _failed(request, provider, label, "provider_error", error, 400)
    except RequestException as error:
        return _failed(request, provider, label, "provider_down", error, 502)
    except (JoseError, ValueError, KeyError, TypeError) as error:
        return _failed(request, provider, label, "invalid_token", error, 400)
    claims = token.get("userinfo")
    if not claims:
        return _failed(request, provider, label, "invalid_token", "no ID token", 400)
    if claims.get("iss") != provider_issuer(provider):
        # The discovery document named another issuer than the one configured.
        return _failed(request, provider, label, "invalid_token", f"issuer {claims.get('iss')!r}", 400)
    identity = identity_from_claims(provider=provider, claims=dict(claims), mapping=provider_mapping(provider))
    user, refusal = user_sign_in_from_provider(actor=identity_provider_actor(provider), identity=identity)
    if refusal:
        template = "accounts/switched_off.html" if refusal == SignInRefusal.SWITCHED_OFF else "accounts/no_access.html"
        return render(request, template, {"provider_label": label, "identity": identity}, status=403)
    next_url = request.session.pop(_NEXT_KEY, "") or settings.LOGIN_REDIRECT_URL
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[_PROVIDER_KEY] = provider
    request.session[_ID_TOKEN_KEY] = token.get("id_token", "")
    return redirect(next_url)


@login_required
def caseload_switch(request):
    """A prison user with several caseloads chooses the one they are working in now."""
    choices = caseload_choices(request.user)
    if len(choices) < 2:
        raise Http404(_("You have only one caseload."))
    form = CaseloadForm(
        request.POST or None,
        caseloads=choices,
        initial={"caseload": getattr(request.user.organisation, "code", "")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            user_caseload_switch(actor=request.user, user=request.user, code=form.cleaned_data["caseload"])
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect("pages:home")
    return render(request, "accounts/caseload.html", {"form": form})
