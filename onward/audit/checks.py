"""`manage.py check --deploy --database default` says when the processes connect as the audit trail's owner,
who could switch its append-only triggers off (docs/adr/0017, README "Database roles")."""

from django.core import checks
from django.db import connections

from onward.audit.roles import AUDIT_TABLES


@checks.register(checks.Tags.database, deploy=True)
def app_role_owns_no_audit_table(app_configs=None, databases=None, **kwargs):
    errors = []
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace "
                "AND relname = ANY(%s) AND relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)",
                [list(AUDIT_TABLES)],
            )
            owned = sorted(name for (name,) in cursor.fetchall())
        if owned:
            errors.append(
                checks.Error(
                    f"The database user {connection.settings_dict['USER']!r} owns {', '.join(owned)}, so it could "
                    "switch the audit trail's append-only triggers off.",
                    hint="Run web and worker processes as an app role that owns nothing; migrate as the owner "
                    "(README, 'Database roles').",
                    id="onward.audit.E001",
                )
            )
    return errors
