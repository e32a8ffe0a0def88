import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_rate_limits():
    # Rate limits live in the cache, which outlives a test; every test starts from zero.
    cache.clear()
    yield
    cache.clear()
