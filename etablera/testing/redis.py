"""A real Redis for a test: a database of the xdist worker's own on the server of REDIS_URL, emptied, or the test
skipped when there is no Redis — except in CI (CI=true), where a missing Redis fails it."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest


def worker_database(first: int, count: int) -> str:
    """The URL of Redis database first + (this xdist worker's number mod count) on REDIS_URL's server."""
    server = urlsplit(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    return f"{server.scheme}://{server.netloc}/{first + worker % count}"


def empty_redis_or_skip(url: str):
    """A connection to the Redis database at url, emptied; skip (or fail in CI) when none answers."""
    import redis

    try:
        connection = redis.Redis.from_url(url, socket_connect_timeout=2)
        connection.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs Redis at {url} (apt-get install redis-server)")
        pytest.skip(f"no Redis at {url}")
    connection.flushdb()
    return connection
