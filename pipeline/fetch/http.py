"""One polite HTTP client for every request fetch makes.

A client cannot be built without connect and read timeouts (make_client raises), so no request goes
out without one; 5xx answers, timeouts and broken connections are tried again after an exponentially
growing pause; a request that takes longer in all than `total_timeout` (a server sending a byte now
and then, never silent for a read timeout) is cut off and not tried again; conditional GET (If-None-Match / If-Modified-Since) lets an unchanged document cost one
304; the User-Agent names migstat and a contact. Failures come back as FetchError with one line.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from .config import FetchConfig

RETRY_STATUS = frozenset({500, 502, 503, 504, 429})


class FetchError(Exception):
    """A request that failed for good: str(err) is the reason on one line ("HTTP 404", "timed out ...")."""


@dataclass(frozen=True)
class Response:
    url: str                     # the final URL (after redirects)
    status: int                  # 200, or 304 when the validators still hold
    content: bytes               # empty for a 304
    content_type: str
    etag: str
    last_modified: str


def make_client(timeout: httpx.Timeout | None, user_agent: str, transport=None, event_hooks=None) -> httpx.Client:
    """An httpx client with the given timeout on every request. Refuses a missing timeout or one without
    a connect, read, write or pool limit: a request that could hang for ever is never made."""
    if not isinstance(timeout, httpx.Timeout) or None in (timeout.connect, timeout.read, timeout.write, timeout.pool):
        raise ValueError("an HTTP client for fetch needs connect, read, write and pool timeouts")
    if not user_agent or "migstat" not in user_agent:
        raise ValueError("the User-Agent must name migstat (and a contact)")
    return httpx.Client(timeout=timeout, headers={"User-Agent": user_agent}, follow_redirects=True,
                        transport=transport, event_hooks=event_hooks or {})


def client_for(cfg: FetchConfig, transport=None, event_hooks=None) -> httpx.Client:
    t = httpx.Timeout(connect=cfg.connect_timeout, read=cfg.read_timeout, write=cfg.read_timeout,
                      pool=cfg.connect_timeout)
    return make_client(t, cfg.user_agent, transport=transport, event_hooks=event_hooks)


def get(client: httpx.Client, cfg: FetchConfig, url: str, etag: str = "", last_modified: str = "",
        sleep=time.sleep) -> Response:
    """GET `url` (conditionally when validators are given), with retries. FetchError when it fails."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    last = ""
    for attempt in range(cfg.retries + 1):
        if attempt:
            sleep(cfg.backoff * 2 ** (attempt - 1))
        started = time.monotonic()
        try:
            with client.stream("GET", url, headers=headers) as r:
                if r.status_code in RETRY_STATUS:
                    last = f"HTTP {r.status_code}"
                    continue
                if r.status_code == 304:
                    return Response(str(r.url), 304, b"", r.headers.get("content-type", ""),
                                    r.headers.get("etag", etag), r.headers.get("last-modified", last_modified))
                if r.status_code >= 400:
                    raise FetchError(f"HTTP {r.status_code} {r.reason_phrase}".strip())
                declared = r.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > cfg.max_bytes:
                    raise FetchError(f"{declared} bytes, more than the {cfg.max_bytes} allowed")
                chunks, size = [], 0
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > cfg.max_bytes:
                        raise FetchError(f"more than the {cfg.max_bytes} bytes allowed")
                    if time.monotonic() - started > cfg.total_timeout:   # bytes keep coming, too slowly
                        raise FetchError(f"took longer than the {cfg.total_timeout:g} s allowed for one request "
                                         f"({size} bytes received; total_timeout)")
                    chunks.append(chunk)
                return Response(str(r.url), r.status_code, b"".join(chunks), r.headers.get("content-type", ""),
                                r.headers.get("etag", ""), r.headers.get("last-modified", ""))
        except httpx.TimeoutException as e:
            last = f"timed out ({type(e).__name__}: no answer within the {_limit(cfg, e)} s limit)"
        except httpx.TransportError as e:
            last = f"connection failed ({type(e).__name__}: {' '.join(str(e).split()) or 'no detail'})"
        except httpx.HTTPError as e:     # an invalid URL, too many redirects ...
            raise FetchError(f"{type(e).__name__}: {' '.join(str(e).split())}") from None
    tries = cfg.retries + 1
    raise FetchError(f"{last} after {tries} {'try' if tries == 1 else 'tries'}")


def _limit(cfg: FetchConfig, e: Exception) -> float:
    return cfg.connect_timeout if isinstance(e, (httpx.ConnectTimeout, httpx.PoolTimeout)) else cfg.read_timeout
