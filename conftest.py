"""Fixtures shared by every test: the real estate, loaded once per test database."""

import pytest

from onward.estate.services import estate_load


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Reference data is read-only for tests; loading it once keeps each test fast.
    with django_db_blocker.unblock():
        estate_load()
