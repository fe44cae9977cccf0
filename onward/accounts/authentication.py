"""`Authorization: Bearer TOKEN` for the API (api.md): an opaque token from
`createuser --token`, or a partner system's client-credentials JWT from a
configured identity provider (onward/accounts/tokens.py)."""

import logging

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from onward.accounts.models import ApiToken
from onward.accounts.tokens import InvalidClientToken, client_user_for_jwt, looks_like_jwt

logger = logging.getLogger(__name__)


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token after 'Bearer', with no spaces in it."))
        try:
            key = header[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from error
        if looks_like_jwt(key) and settings.OIDC_PROVIDERS:
            try:
                return client_user_for_jwt(key), None
            except InvalidClientToken as error:
                logger.warning("A client JWT was refused: %s", error)
                raise exceptions.AuthenticationFailed(_("The token is not valid.")) from error
        token = (
            ApiToken.objects.select_related("user__organisation")
            .filter(key_hash=ApiToken.hash(key), revoked_at__isnull=True)
            .first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("The token is not valid."))
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
            # Coarse on purpose: one write every five minutes, not on every call.
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword
