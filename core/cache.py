"""A Redis cache that degrades instead of failing while Redis is down.

The cache holds allauth's rate-limit counters and short-lived page data. With Redis down (or
frozen: the socket timeouts in settings bound each call), every call falls back to a cache
in this process's memory for RETRY_AFTER seconds, then Redis is tried again. Login and password
reset keep working; rate limits keep counting, per process instead of across processes, for
the length of the outage — limited, not switched off.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER = 10.0  # seconds before Redis is tried again after a failure


def _degrading(name: str):
    def method(self, *args, **kwargs):
        if time.monotonic() >= self._down_until:
            try:
                return getattr(super(DegradingRedisCache, self), name)(*args, **kwargs)
            except (RedisError, OSError):
                self._down_until = time.monotonic() + RETRY_AFTER
                logger.warning(
                    "Redis cache unreachable; using this process's memory", exc_info=True
                )
        return getattr(self._fallback, name)(*args, **kwargs)

    method.__name__ = name
    return method


class ReusingRedisClient(RedisCacheClient):
    """One redis.Redis per connection pool, kept, rather than a new one for every call as
    Django makes: building one copies its table of some 170 reply handlers, a tenth of a
    millisecond a cache call, several calls a page. redis.Redis is safe to share between
    threads (each command takes a connection from the pool)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(index)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class DegradingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisClient
        self._down_until = 0.0
        self._fallback = LocMemCache(
            f"degraded-{id(self)}",
            {"TIMEOUT": params.get("TIMEOUT", 300), "KEY_PREFIX": params.get("KEY_PREFIX", "")},
        )

    add = _degrading("add")
    get = _degrading("get")
    set = _degrading("set")
    touch = _degrading("touch")
    delete = _degrading("delete")
    get_many = _degrading("get_many")
    has_key = _degrading("has_key")
    incr = _degrading("incr")
    set_many = _degrading("set_many")
    delete_many = _degrading("delete_many")
    clear = _degrading("clear")
    get_or_set = _degrading("get_or_set")
