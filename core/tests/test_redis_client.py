"""The Redis cache keeps one client per connection pool instead of building one a call."""

import os

import pytest

from core.cache import DegradingRedisCache

REDIS_URL = os.environ.get("REDIS_URL", "")


@pytest.mark.skipif(not REDIS_URL, reason="needs a Redis server (REDIS_URL)")
def test_the_client_is_built_once_and_the_cache_works(monkeypatch):
    built = []
    cache = DegradingRedisCache(REDIS_URL, {"KEY_PREFIX": "test-client"})
    real = cache._cache._client
    monkeypatch.setattr(
        cache._cache, "_client", lambda **kwargs: built.append(kwargs) or real(**kwargs)
    )
    cache.set("a", 1)
    cache.set("b", 2)
    assert cache.get_many(["a", "b"]) == {"a": 1, "b": 2}
    assert len(built) == 1
    cache.delete_many(["a", "b"])
