"""The database role the web and worker processes use on PostgreSQL (docs/adr/0017).

The append-only triggers (0002_append_only) hold against any statement, but not against the table's owner,
who may `ALTER TABLE ... DISABLE TRIGGER` or drop it. So the processes that serve people connect as an app
role that owns nothing: normal rights on every table, and only INSERT and SELECT on the audit trail.
Migrations run as the owner (DATABASE_URL set to the owner's URL) and, with DATABASE_APP_ROLE set, grant
these rights to the app role after every migration (the audit app's post_migrate hook).
"""

from psycopg import sql

# The audit trail's tables: the app role may add rows and read them, nothing else.
AUDIT_TABLES = ("audit_auditevent", "audit_auditeventperson")

GRANTS = (
    "GRANT USAGE ON SCHEMA {schema} TO {role}",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
    "REVOKE ALL ON {audit} FROM {role}",
    "GRANT SELECT, INSERT ON {audit} TO {role}",
)


class AppRoleError(Exception):
    """The app role cannot be made safe: it is missing, a superuser, or owns a table."""


def app_role_grant(cursor, role, *, create=False, password=None):
    """Give `role` the app's rights, and no more, in the current schema of the database that `cursor` (a
    psycopg cursor, connected as the owner) is on. With `create`, a missing role is created (LOGIN)."""
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
    found = cursor.fetchone()
    name = sql.Identifier(role)
    if found is None:
        if not create:
            raise AppRoleError(
                f"There is no database role {role!r}: create it with `manage.py grant_app_role --create`."
            )
        statement = sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE").format(name)
        if password:
            statement = sql.SQL("{} PASSWORD {}").format(statement, sql.Literal(password))
        cursor.execute(statement)
    elif found[0]:
        raise AppRoleError(f"{role!r} is a superuser: the audit trail's triggers would not bind it.")
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
        "WHERE c.relnamespace = current_schema()::regnamespace AND r.rolname = %s AND c.relkind IN ('r', 'p')",
        [role],
    )
    owned = sorted(table for (table,) in cursor.fetchall())
    if owned:
        raise AppRoleError(
            f"{role!r} owns {', '.join(owned[:5])}{' …' if len(owned) > 5 else ''}: migrate as another role "
            "(the owner), so that the app role owns nothing."
        )
    cursor.execute("SELECT current_schema()")
    schema = sql.Identifier(cursor.fetchone()[0])
    cursor.execute(
        "SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relname = ANY(%s)",
        [list(AUDIT_TABLES)],
    )
    present = [table for (table,) in cursor.fetchall()]
    audit = sql.SQL(", ").join(sql.Identifier(table) for table in sorted(present))
    for statement in GRANTS:
        if "{audit}" in statement and not present:
            continue  # before the first migration: the hook after it grants on the audit trail
        cursor.execute(sql.SQL(statement).format(schema=schema, role=name, audit=audit))
