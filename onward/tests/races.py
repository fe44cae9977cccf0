"""Two requests at once, for real: two threads, each with its own database connection, on committed rows.

A test's usual transaction never commits, so a second connection could not see
its rows and no unique constraint would ever be contested. These tests commit
instead, and `committed_rows` takes away, afterwards, every row they added to
any table. Only PostgreSQL lets two writers truly overlap (SQLite takes the
write lock up front, so the second simply waits for the first and sees its
work): on SQLite the race tests are skipped, and the tests that simulate the
same race inside one transaction run on both.
"""

import threading
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.db import connection, connections, models

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="only PostgreSQL lets two writers overlap"
)


def _tables():
    """Every table with an integer key, and its key's column."""
    for model in apps.get_models(include_auto_created=True):
        key = model._meta.pk
        if isinstance(key, (models.AutoField, models.BigAutoField, models.IntegerField)):
            yield model._meta.db_table, key.column


@contextmanager
def committed_rows():
    """Rows written inside are committed; every row added to any table is deleted afterwards.

    The audit trail is append-only (a trigger refuses DELETE): the test database's owner sets
    `session_replication_role` to skip triggers, so only this clean-up, never the service, can remove them.
    """
    tables = list(_tables())
    with connection.cursor() as cursor:
        highest = {}
        for table, column in tables:
            cursor.execute(f'SELECT COALESCE(MAX("{column}"), 0) FROM "{table}"')  # noqa: S608
            highest[table] = cursor.fetchone()[0]
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
            for table, column in tables:
                cursor.execute(f'DELETE FROM "{table}" WHERE "{column}" > %s', [highest[table]])  # noqa: S608
            cursor.execute("SET session_replication_role = DEFAULT")


def at_once(*calls, timeout=30):
    """Run each call in its own thread (and database connection) at the same moment; their results in order."""
    results = [None] * len(calls)
    errors = []

    def run(index, call):
        try:
            results[index] = call()
        except BaseException as error:  # noqa: BLE001 - handed back to the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a racer never finished"
    if errors:
        raise errors[0]
    return results


def meeting_at(barrier, original):
    """`original`, then wait for every racer to reach the same point: all of them have checked, none has written."""

    def wrapped(*args, **kwargs):
        result = original(*args, **kwargs)
        barrier.wait(timeout=10)
        return result

    return wrapped
