import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from onward.accounts.constants import PRISON_ROLES, Role


class User(AbstractUser):
    """A person who works in one organisation in one role."""

    organisation = models.ForeignKey(
        "estate.Organisation",
        verbose_name=_("organisation"),
        null=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField(_("role"), max_length=40, choices=Role.choices, blank=True)
    # Who vouches for this person when they sign in through OpenID Connect
    # (docs/adr/0018): the provider's name and its `sub` for them, which the
    # provider never gives to anyone else. Blank for password accounts.
    identity_provider = models.CharField(_("identity provider"), max_length=40, blank=True)
    identity_subject = models.CharField(_("subject at the identity provider"), max_length=255, blank=True)
    # The prisons a prison user may work in, from their last token; the
    # organisation is the one they are working in now.
    caseloads = models.JSONField(_("caseloads"), default=list, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.UniqueConstraint(
                fields=["identity_provider", "identity_subject"],
                condition=~models.Q(identity_provider=""),
                name="one_user_per_identity",
            )
        ]

    @property
    def is_prison_staff(self):
        return self.role in PRISON_ROLES

    @property
    def display_name(self):
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    """A bearer token for partner systems. Only a hash is stored, like a password."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8, help_text=_("The first characters, to recognise a token."))
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")

    def __str__(self):
        return f"{self.prefix}… ({self.user.username})"

    @staticmethod
    def hash(key):
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key():
        return secrets.token_urlsafe(32)
