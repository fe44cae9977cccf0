"""Fixtures shared by every test: the real estate, loaded once per test database, and commits that deliver."""

from functools import partial

import pytest

from onward.estate.services import estate_load


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Reference data is read-only for tests; loading it once keeps each test fast.
    with django_db_blocker.unblock():
        estate_load()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): service(...)` runs what the service announced, as its commit would.

    A test runs inside a transaction that never commits, so without this the
    subscribers of onward/events.py (replanning, handover deadlines, the
    measures' months) never hear of the change.
    """
    return partial(django_capture_on_commit_callbacks, execute=True)
