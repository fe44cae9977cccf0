"""The app's PostgreSQL role may add to and read the audit trail, and nothing more (docs/adr/0017)."""

import subprocess
import sys
import uuid

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import errors

from onward.audit.checks import app_role_owns_no_audit_table
from onward.audit.roles import AUDIT_TABLES, AppRoleError, app_role_grant

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="database roles are PostgreSQL's")


def connect(user):
    database = connection.settings_dict
    return psycopg.connect(
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        dbname=database["NAME"],
        user=user,
        password=database["PASSWORD"] or None,
        autocommit=True,
    )


@pytest.fixture
def app_role():
    """A fresh app role on the test database, granted as `migrate --database owner` grants it, then dropped."""
    role = f"onward_app_test_{uuid.uuid4().hex[:8]}"
    owner = connect(connection.settings_dict["USER"])
    try:
        app_role_grant(owner.cursor(), role, create=True)
        yield role
    finally:
        owner.execute(f'DROP OWNED BY "{role}"')
        owner.execute(f'DROP ROLE IF EXISTS "{role}"')
        owner.close()


@on_postgresql
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE {table} SET id = id",
        "DELETE FROM {table}",
        "TRUNCATE {table}",
        "ALTER TABLE {table} DISABLE TRIGGER ALL",
        "ALTER TABLE {table} DISABLE TRIGGER USER",
        "DROP TABLE {table}",
    ],
)
@pytest.mark.parametrize("table", AUDIT_TABLES)
def test_the_app_role_cannot_rewrite_or_switch_off_the_audit_trail(app_role, statement, table):
    with connect(app_role) as app, pytest.raises(errors.InsufficientPrivilege):
        app.execute(statement.format(table=table))


@on_postgresql
def test_the_app_role_adds_to_and_reads_the_audit_trail_and_works_everywhere_else(app_role):
    with connect(app_role) as app, app.transaction(force_rollback=True):
        app.execute(
            "INSERT INTO audit_auditevent (occurred_at, actor_username, actor_role, actor_organisation, action, "
            "object_type, object_id, prison_number, request_id, changes) "
            "VALUES (now(), 'role-test', '', '', 'role.test', '', '', 'T0424LS', '', '{}')"
        )
        event_id = app.execute("SELECT id FROM audit_auditevent WHERE action = 'role.test'").fetchone()[0]
        app.execute("INSERT INTO audit_auditeventperson (event_id, prison_number) VALUES (%s, 'T0424LS')", [event_id])
        app.execute("UPDATE cases_person SET given_name = given_name WHERE false")
        app.execute("DELETE FROM cases_case WHERE false")


@on_postgresql
def test_a_superuser_or_a_role_that_owns_the_tables_is_refused_as_the_app_role():
    with connect(connection.settings_dict["USER"]) as owner, pytest.raises(AppRoleError, match=r"superuser|owns"):
        app_role_grant(owner.cursor(), connection.settings_dict["USER"])


@pytest.mark.skipif(connection.vendor == "postgresql", reason="on PostgreSQL the command grants")
def test_grant_app_role_says_sqlite_has_no_roles():
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("grant_app_role", "--role", "onward_app")


@on_postgresql
def test_grant_app_role_refuses_to_make_the_owner_its_own_app_role():
    with pytest.raises(CommandError, match="owner"):
        call_command("grant_app_role", "--role", connection.settings_dict["USER"])


@on_postgresql
def test_migrating_as_the_owner_with_database_app_role_set_grants_it_its_rights(app_role):
    """`migrate` run as the owner (a subprocess, so that its grants commit) gives a role with no rights its own."""
    database = connection.settings_dict
    with connect(database["USER"]) as owner:
        owner.execute(f'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "{app_role}"')
    url = (
        f"postgres://{database['USER']}@{database['HOST'] or 'localhost'}:{database['PORT'] or 5432}/{database['NAME']}"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"],
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": url,
            "DATABASE_APP_ROLE": app_role,
        },
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    with connect(app_role) as app:
        assert app.execute("SELECT count(*) FROM cases_case WHERE false").fetchone() == (0,)
        with pytest.raises(errors.InsufficientPrivilege):
            app.execute("DELETE FROM audit_auditevent")


def test_the_deploy_check_flags_processes_that_connect_as_the_audit_tables_owner():
    found = app_role_owns_no_audit_table(databases=["default"])
    if connection.vendor == "postgresql":
        # The test database belongs to the user the tests connect as: exactly what production must not do.
        assert [error.id for error in found] == ["onward.audit.E001"]
    else:
        assert found == []


@on_postgresql
def test_manage_py_check_deploy_passes_as_the_app_role_and_fails_as_the_owner(app_role):
    database = connection.settings_dict
    host = f"{database['HOST'] or 'localhost'}:{database['PORT'] or 5432}"

    def check_as(user):
        return subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy", "--database", "default"],
            env={
                "PATH": "/usr/bin:/bin",
                "DJANGO_SETTINGS_MODULE": "config.settings.test",
                "DATABASE_URL": f"postgres://{user}@{host}/{database['NAME']}",
            },
            capture_output=True,
            text=True,
            cwd=settings.BASE_DIR,
            check=False,
            timeout=120,
        )

    as_app, as_owner = check_as(app_role), check_as(database["USER"])
    # (The test settings' e-mail backend fails --deploy on its own, so the check's id is what counts here.)
    assert "System check identified" in as_app.stderr + as_app.stdout
    assert "onward.audit.E001" not in as_app.stdout + as_app.stderr
    assert "onward.audit.E001" in as_owner.stderr
