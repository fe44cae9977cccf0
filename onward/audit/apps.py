from django.apps import AppConfig
from django.conf import settings
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from onward.audit import checks  # noqa: F401 - registers the deploy check on the app's database role
from onward.audit.roles import app_role_grant


def grant_app_role_after_migrating(sender, using, **kwargs):
    """Migrating as the owner with DATABASE_APP_ROLE set grants the app role its rights on every table, the
    new ones too: only INSERT and SELECT on the audit trail (docs/adr/0017)."""
    owner = connections[using]
    role = settings.DATABASE_APP_ROLE
    if role and owner.vendor == "postgresql":
        with owner.cursor() as cursor:
            app_role_grant(cursor.cursor, role)


class AuditConfig(AppConfig):
    name = "onward.audit"
    verbose_name = _("Audit trail")

    def ready(self):
        post_migrate.connect(grant_app_role_after_migrating, sender=self)
