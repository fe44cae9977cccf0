"""Give the app's database role its rights: everything it needs, and only INSERT and SELECT on the audit
trail (docs/adr/0017). Run as the owner; `migrate` does it itself when DATABASE_APP_ROLE is set."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from onward.audit.roles import AppRoleError, app_role_grant


class Command(BaseCommand):
    help = (
        "Grant the app's PostgreSQL role its rights (INSERT and SELECT only on the audit trail). Run with "
        "DATABASE_URL set to the owner's URL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--role", help="The app role (default: DATABASE_APP_ROLE).")
        parser.add_argument("--password", help="With --create, the new role's password.")
        parser.add_argument("--create", action="store_true", help="Create the role (LOGIN) if it does not exist.")
        parser.add_argument("--database", default="default", help="The database alias, connected as the owner.")

    def handle(self, *args, role=None, password=None, create=False, database="default", **options):
        connection = connections[database]
        if connection.vendor != "postgresql":
            raise CommandError("Database roles are for PostgreSQL; SQLite has none.")
        role = role or settings.DATABASE_APP_ROLE
        if not role:
            raise CommandError("Name the app role: --role onward_app, or set DATABASE_APP_ROLE.")
        if role == connection.settings_dict["USER"]:
            raise CommandError("Run this as the owner (DATABASE_URL), not as the app role.")
        with connection.cursor() as cursor:
            try:
                app_role_grant(cursor.cursor, role, create=create, password=password)
            except AppRoleError as error:
                raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"{role} may use Onward, and only add to and read the audit trail."))
