import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_measures():
    """The pages keep counts for a few minutes; each test starts with none kept."""
    cache.clear()
    yield
    cache.clear()
