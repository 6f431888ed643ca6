"""A Redis cache that degrades to "no cache" while Redis is unreachable.

Pages that need only the database must keep working when Redis is down (Foundation issue);
Django's own RedisCache raises on a lost connection, so reads miss and writes are dropped.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)
_DOWN = (RedisConnectionError, RedisTimeoutError, OSError)


class ResilientRedisCache(RedisCache):
    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except _DOWN:
            log.warning("cache unreachable: get missed")
            return default

    def get_many(self, keys: Any, version: int | None = None) -> dict[str, Any]:
        try:
            return super().get_many(keys, version)
        except _DOWN:
            return {}

    def set(self, *args: Any, **kwargs: Any) -> None:
        try:
            super().set(*args, **kwargs)
        except _DOWN:
            log.warning("cache unreachable: set dropped")

    def add(self, *args: Any, **kwargs: Any) -> bool:
        try:
            return super().add(*args, **kwargs)
        except _DOWN:
            return False

    def delete(self, *args: Any, **kwargs: Any) -> bool:
        try:
            return super().delete(*args, **kwargs)
        except _DOWN:
            return False

    def delete_many(self, *args: Any, **kwargs: Any) -> None:
        try:
            super().delete_many(*args, **kwargs)
        except _DOWN:
            return None

    def incr(self, *args: Any, **kwargs: Any) -> int:
        try:
            return super().incr(*args, **kwargs)
        except _DOWN:
            raise ValueError("cache unreachable") from None

    def clear(self) -> None:
        try:
            super().clear()
        except _DOWN:
            return None
