"""The people a read showed are part of its audit event: append-only in the database, as the event is
(0002_append_only installs the PostgreSQL function this reuses)."""

from django.db import migrations

POSTGRES_FORWARD = """
CREATE TRIGGER audit_auditeventperson_append_only
    BEFORE UPDATE OR DELETE ON audit_auditeventperson
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_refuse_change();
CREATE TRIGGER audit_auditeventperson_no_truncate
    BEFORE TRUNCATE ON audit_auditeventperson
    FOR EACH STATEMENT EXECUTE FUNCTION audit_auditevent_refuse_change();
"""
POSTGRES_REVERSE = """
DROP TRIGGER IF EXISTS audit_auditeventperson_no_truncate ON audit_auditeventperson;
DROP TRIGGER IF EXISTS audit_auditeventperson_append_only ON audit_auditeventperson;
"""
SQLITE_FORWARD = [
    """CREATE TRIGGER audit_auditeventperson_no_update BEFORE UPDATE ON audit_auditeventperson
       BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only: UPDATE is not allowed'); END;""",
    """CREATE TRIGGER audit_auditeventperson_no_delete BEFORE DELETE ON audit_auditeventperson
       BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only: DELETE is not allowed'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_auditeventperson_no_update;",
    "DROP TRIGGER IF EXISTS audit_auditeventperson_no_delete;",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def reverse(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_REVERSE, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_people_shown")]

    operations = [migrations.RunPython(forward, reverse)]
