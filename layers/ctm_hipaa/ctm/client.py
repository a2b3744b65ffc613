"""HTTP client of the CTM REST API v1 (ctm-api.md sections 1 and 2).

What it guarantees, because the audit's correctness and CTM's goodwill depend on it:

- Every failure is a typed `CTMError` naming the path and status, never a response body (CTM
  bodies may hold PHI).
- 429, 5xx, connection errors and timeouts are retried with exponential backoff and full jitter,
  honouring `Retry-After`, within a bound on attempts and on the total time per request. Other 4xx
  are final at once: retrying a 403 only burns the rate budget.
- Requests are paced by a token bucket per API key, so a fan-out over thousands of accounts never
  floods CTM. Buckets are shared per (API origin, key) inside a process.
- Pagination follows CTM's absolute `next_page` URLs but only on the configured origin: the session
  carries Basic credentials, and a `next_page` on another host would hand them over.

A `CTMClient` owns one `requests.Session`, which is not documented as thread-safe: use one client per
thread. The rate limiter is what threads share.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import logging
import math
import random
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar, get_args
from urllib.parse import parse_qsl, quote, urljoin, urlsplit, urlunsplit

import requests
from pydantic import BaseModel, ValidationError
from urllib3.exceptions import HTTPError, ProtocolError, ReadTimeoutError

from ctm_hipaa.ctm.api import DEFAULT_BASE_URL
from ctm_hipaa.ctm.credentials import CTMCredentials
from ctm_hipaa.ctm.errors import (
    CTMBadRequest,
    CTMError,
    CTMForbidden,
    CTMMalformedResponse,
    CTMNotFound,
    CTMRateLimited,
    CTMUnauthorized,
    CTMUpstreamError,
)
from ctm_hipaa.ctm.models import Account, Agency, Call, CallSetting, ItemProblem, Trigger, User, Webhook

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_CALLS_SAMPLE",
    "DEFAULT_CALL_EXCLUDE_FIELDS",
    "MAX_PER_PAGE",
    "CTMClient",
    "ClientStats",
    "RequestCounter",
    "TokenBucket",
    "parse_retry_after",
    "shared_limiter",
]

logger = logging.getLogger(__name__)

API_ROOT_PATH = "/api/v1"
MAX_PER_PAGE = 150  # CTM answers 400 above this (ctm-api.md 1.3)
# Recent calls an audit samples per account: one page, enough to see the attribution in use.
DEFAULT_CALLS_SAMPLE = 50
# How a report names the list `accounts()` reads, e.g. in `ItemProblem.describe(ACCOUNT_LIST)`.
ACCOUNT_LIST = "CTM's account list"
DEFAULT_MAX_PAGES = 1000  # 150,000 objects per list: far beyond any account, small enough to stop a loop
USER_AGENT = "ctm-hipaa (HIPAA configuration audit; read-only)"
_BODY_PIECE_BYTES = 64 * 1024

# The calls sample only needs attribution fields (tracking_label, campaign, keyword, location,
# source, redacted). Excluding free text and recordings keeps the audit to the minimum necessary
# PHI (164.502(b)) and keeps responses small.
DEFAULT_CALL_EXCLUDE_FIELDS: tuple[str, ...] = (
    "transcription",
    "transcription_text",
    "audio",
    "chat_messages",
    "summary",
    "notes",
    "message_body",
    "custom_fields",
    "form",
    "spotted",
    "extended_lookup",
)

M = TypeVar("M", bound=BaseModel)
QueryValue = str | int
Clock = Callable[[], float]
Sleep = Callable[[float], None]


# --------------------------------------------------------------------------------------------
# Rate limiting


class TokenBucket:
    """A thread-safe token bucket: `rate` requests per second on average, bursts up to `burst`.

    Callers reserve a token under the lock and sleep outside it; a reservation may drive the bucket
    negative, so concurrent callers queue up in order instead of all waking at once.
    """

    def __init__(
        self,
        rate: float,
        burst: float | None = None,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
    ) -> None:
        if not (rate > 0 and math.isfinite(rate)):
            raise ValueError("rate must be a positive number of requests per second")
        capacity = burst if burst is not None else max(1.0, rate)
        if capacity < 1:
            raise ValueError("burst must allow at least one request")
        self.rate = float(rate)
        self.capacity = float(capacity)
        self._clock = clock
        self._sleep = sleep
        self._tokens = self.capacity
        self._updated = clock()
        self._lock = threading.Lock()

    def reserve(self) -> float:
        """Take one token now; return how many seconds the caller must wait before using it."""
        with self._lock:
            now = self._clock()
            elapsed = max(0.0, now - self._updated)
            self._tokens = min(self.capacity, self._tokens + elapsed * self.rate)
            self._updated = now
            self._tokens -= 1.0
            if self._tokens >= 0:
                return 0.0
            return -self._tokens / self.rate

    def acquire(self) -> float:
        """Block until a request may be sent; return the seconds waited."""
        wait = self.reserve()
        if wait > 0:
            self._sleep(wait)
        return wait


_SHARED_LIMITERS: dict[tuple[str, str, float, float | None], TokenBucket] = {}
_SHARED_LIMITERS_LOCK = threading.Lock()


def shared_limiter(origin: str, access_key: str, rate: float, burst: float | None = None) -> TokenBucket:
    """The process-wide bucket of one API key on one CTM origin (all clients of that key share it)."""
    # The key is hashed so the registry never holds it in clear.
    fingerprint = hashlib.sha256(access_key.encode()).hexdigest()
    key = (origin, fingerprint, float(rate), burst)
    with _SHARED_LIMITERS_LOCK:
        bucket = _SHARED_LIMITERS.get(key)
        if bucket is None:
            bucket = _SHARED_LIMITERS[key] = TokenBucket(rate, burst)
        return bucket


# --------------------------------------------------------------------------------------------
# Retry-After


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header (delta-seconds or HTTP-date); None if unusable."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        current = now if now is not None else datetime.now(UTC)
        return max(0.0, (when - current).total_seconds())
    if not math.isfinite(seconds) or seconds < 0:
        return None
    return seconds


# --------------------------------------------------------------------------------------------
# Statistics


@dataclass
class ClientStats:
    """What a client did, for the benchmark and for logs. `requests` counts every HTTP attempt."""

    requests: int = 0
    retries: int = 0
    pages: int = 0
    throttled_seconds: float = 0.0
    backoff_seconds: float = 0.0


@dataclass
class RequestCounter:
    """HTTP attempts made inside one `CTMClient.counting()` scope (e.g. one account's snapshot)."""

    requests: int = 0
    retries: int = 0


@dataclass
class _Origin:
    scheme: str
    host: str
    port: int

    @classmethod
    def of(cls, url: str) -> _Origin:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        default_port = 443 if scheme == "https" else 80
        try:
            port = parts.port or default_port
        except ValueError:
            port = -1  # an unparsable port never equals a real origin
        return cls(scheme, (parts.hostname or "").lower(), port)


class _DeadlinePassed(Exception):
    """The request's total time budget ran out during an attempt (reported as a timeout)."""


@dataclass
class _Retryable:
    """A failed attempt that may be retried; `error` builds the final error if it is not."""

    error: Callable[[int, str], CTMError]
    retry_after: float | None = None
    status: int | None = None


class _Local(threading.local):
    """Per-thread stack of open `counting()` scopes (threading.local runs __init__ once per thread)."""

    def __init__(self) -> None:
        self.counters: list[RequestCounter] = []


# --------------------------------------------------------------------------------------------
# Client


class CTMClient:
    """Read-only client of the CTM REST API v1 with retries, pacing and safe pagination."""

    def __init__(
        self,
        access_key: str,
        secret_key: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        connect_timeout: float = 3.05,
        read_timeout: float = 20.0,
        max_attempts: int = 5,
        total_timeout: float = 30.0,
        backoff_base: float = 0.5,
        backoff_max: float = 8.0,
        requests_per_second: float | None = 5.0,
        burst: float | None = None,
        limiter: TokenBucket | None = None,
        sleep: Sleep = time.sleep,
        clock: Clock = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        """Create a client.

        `base_url` is the API origin (`https://api.calltrackingmetrics.com`) or the API root
        (`.../api/v1`); without a path, `/api/v1` is used. `requests_per_second=None` disables
        pacing. `total_timeout` is one deadline for a request, across its attempts and back-off
        sleeps and, within an attempt, across connect, headers and body: no sleep goes past it,
        connect and read timeouts are cut to what is left, and the body is read piece by piece
        against it, so a server dripping bytes is cut off at the deadline. (Headers are read by
        http.client in one call: each read is bounded, and a deadline passed while they arrived
        ends the attempt before the body.) Time queued for the rate limiter is not counted.
        Without an explicit `limiter`, the bucket is shared per
        key and origin, unless `clock` or `sleep` are injected (tests), in which case a private
        bucket uses them.
        """
        if not access_key or not secret_key:
            raise ValueError("CTM access_key and secret_key are required")
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if total_timeout <= 0 or connect_timeout <= 0 or read_timeout <= 0:
            raise ValueError("timeouts must be positive")
        self.api_root = _api_root(base_url)
        self._root_path = urlsplit(self.api_root).path
        self._origin = _Origin.of(self.api_root)
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.max_attempts = max_attempts
        self.total_timeout = total_timeout
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self._sleep = sleep
        self._clock = clock
        # Jitter needs no cryptographic randomness.
        self._rng = rng if rng is not None else random.Random()  # noqa: S311
        if limiter is not None:
            self.limiter: TokenBucket | None = limiter
        elif requests_per_second is None:
            self.limiter = None
        elif sleep is not time.sleep or clock is not time.monotonic:
            self.limiter = TokenBucket(requests_per_second, burst, clock=clock, sleep=sleep)
        else:
            origin = f"{self._origin.scheme}://{self._origin.host}:{self._origin.port}"
            self.limiter = shared_limiter(origin, access_key, requests_per_second, burst)
        self.session = requests.Session()
        self.session.auth = (access_key, secret_key)
        self.session.headers.update({"Accept": "application/json", "User-Agent": USER_AGENT})
        self.stats = ClientStats()
        self._stats_lock = threading.Lock()
        self._local = _Local()

    @classmethod
    def from_credentials(cls, credentials: CTMCredentials, **kwargs: Any) -> CTMClient:
        """A client authenticated with the API keys of `credentials`; `kwargs` as for the constructor."""
        return cls(credentials.access_key, credentials.secret_key, **kwargs)

    def close(self) -> None:
        """Release the HTTP connections."""
        self.session.close()

    def __enter__(self) -> CTMClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ---- request accounting

    @contextmanager
    def counting(self) -> Iterator[RequestCounter]:
        """Count the HTTP attempts this thread makes inside the `with` block."""
        counter = RequestCounter()
        self._local.counters.append(counter)
        try:
            yield counter
        finally:
            self._local.counters.remove(counter)

    def _count_attempt(self) -> None:
        with self._stats_lock:
            self.stats.requests += 1
        for counter in self._local.counters:
            counter.requests += 1

    def _count_retry(self, delay: float) -> None:
        with self._stats_lock:
            self.stats.retries += 1
            self.stats.backoff_seconds += delay
        for counter in self._local.counters:
            counter.retries += 1

    # ---- URLs

    def url_for(self, path: str) -> str:
        """The absolute URL of an API path: `/accounts/1/users`, `accounts/1/users.json` or
        `/api/v1/accounts/1/users` all name the same resource."""
        relative = path.strip()
        root = self._root_path.rstrip("/")
        if root and (relative == root or relative.startswith(root + "/")):
            relative = relative[len(root) :]
        relative = relative.lstrip("/")
        return f"{self.api_root}/{relative}" if relative else self.api_root

    # ---- one request

    def get_json(self, path: str, params: Mapping[str, QueryValue] | None = None) -> dict[str, Any]:
        """GET an API path and return its JSON object, with retries; raises a typed `CTMError`."""
        return self._get(self.url_for(path), dict(params or {}))

    def _get(self, url: str, params: Mapping[str, QueryValue]) -> dict[str, Any]:
        api_path = urlsplit(url).path
        deadline = self._clock() + self.total_timeout
        attempt = 0
        while True:
            attempt += 1
            if self.limiter is not None:
                waited = self.limiter.acquire()
                if waited:
                    # Queueing for our own pacing is not CTM's slowness: it does not eat the budget.
                    deadline += waited
                    with self._stats_lock:
                        self.stats.throttled_seconds += waited
            outcome = self._attempt(url, api_path, params, deadline=deadline)
            if isinstance(outcome, dict):
                return outcome
            if attempt >= self.max_attempts:
                raise outcome.error(attempt, "")
            delay = outcome.retry_after if outcome.retry_after is not None else self._backoff(attempt)
            if self._clock() + delay > deadline:
                # Sleeping past the budget (or a Retry-After beyond it) would stall the whole audit.
                raise outcome.error(attempt, f" (retrying would exceed the {self.total_timeout:g} s budget)")
            logger.info(
                "CTM request will be retried",
                extra={
                    "path": api_path,
                    "status": outcome.status,
                    "attempt": attempt,
                    "delay_s": round(delay, 3),
                },
            )
            self._count_retry(delay)
            self._sleep(delay)

    def _attempt(
        self, url: str, api_path: str, params: Mapping[str, QueryValue], *, deadline: float
    ) -> dict[str, Any] | _Retryable:
        self._count_attempt()
        try:
            remaining = self._remaining(deadline)
            # Redirects are not followed: CTM does not document any, and following one could send
            # the Basic credentials somewhere we did not choose. The body is streamed so that
            # reading it is bounded by the deadline too, not only each socket read.
            response = self.session.get(
                url,
                params=dict(params),
                timeout=(min(self.connect_timeout, remaining), min(self.read_timeout, remaining)),
                allow_redirects=False,
                stream=True,
            )
            with response:
                status = response.status_code
                if 200 <= status < 300:
                    return _json_object(self._read_body(response, deadline), api_path, status)
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
        except (requests.Timeout, ReadTimeoutError, _DeadlinePassed):
            return _Retryable(
                lambda n, why: CTMUpstreamError.transport(
                    path=api_path, what="timeout", attempts=n, reason=why
                )
            )
        except (requests.ConnectionError, ProtocolError):
            return _Retryable(
                lambda n, why: CTMUpstreamError.transport(
                    path=api_path, what="connection error", attempts=n, reason=why
                )
            )
        except (requests.RequestException, HTTPError) as exc:
            # Anything else requests or urllib3 raise is a transport problem too; its text may hold
            # the URL, so only the exception type is kept.
            what = type(exc).__name__
            return _Retryable(
                lambda n, why: CTMUpstreamError.transport(path=api_path, what=what, attempts=n, reason=why)
            )
        if status == 429:
            return _Retryable(
                lambda n, why: CTMRateLimited(path=api_path, status=status, attempts=n, reason=why),
                retry_after,
                status,
            )
        if status >= 500:
            return _Retryable(
                lambda n, why: CTMUpstreamError.server_error(
                    path=api_path, status=status, attempts=n, reason=why
                ),
                retry_after,
                status,
            )
        if status == 401:
            raise CTMUnauthorized(path=api_path, status=status)
        if status == 403:
            raise CTMForbidden(path=api_path, status=status)
        if status == 404:
            raise CTMNotFound(path=api_path, status=status)
        if 400 <= status < 500:
            raise CTMBadRequest(path=api_path, status=status)
        raise CTMMalformedResponse(
            f"unexpected HTTP status {status} (redirects are not followed)", path=api_path, status=status
        )

    def _remaining(self, deadline: float) -> float:
        remaining = deadline - self._clock()
        if remaining <= 0:
            raise _DeadlinePassed
        return remaining

    def _read_body(self, response: requests.Response, deadline: float) -> bytes:
        """The whole body, read as it arrives, each piece within what is left of the deadline."""
        raw = response.raw
        # Each socket read waits at most what is left; urllib3 sets the timeout anew per request.
        sock = getattr(raw.connection, "sock", None)
        settimeout = getattr(sock, "settimeout", None)
        pieces: list[bytes] = []
        while True:
            remaining = self._remaining(deadline)
            if settimeout is not None:
                settimeout(min(self.read_timeout, remaining))
            # read1 returns what one socket read brought: read(n) would wait for all n bytes.
            piece = raw.read1(_BODY_PIECE_BYTES, decode_content=True)
            if not piece:
                return b"".join(pieces)
            pieces.append(piece)

    def _backoff(self, attempt: int) -> float:
        # Full jitter (AWS architecture blog): spreads retries of many workers evenly.
        ceiling = min(self.backoff_max, self.backoff_base * (2 ** (attempt - 1)))
        return self._rng.uniform(0.0, ceiling)

    # ---- pagination

    def iter_pages(
        self,
        path: str,
        key: str | Sequence[str],
        params: Mapping[str, QueryValue] | None = None,
        *,
        per_page: int = MAX_PER_PAGE,
        max_pages: int = DEFAULT_MAX_PAGES,
    ) -> Iterator[list[dict[str, Any]]]:
        """Yield the list under `key` (or the first present of several keys) of every page.

        Follows `next_page` until it is null. Raises `CTMMalformedResponse` for a `next_page` on
        another origin, a page read twice (a loop), or more than `max_pages` pages.
        """
        _check_per_page(per_page)
        keys = (key,) if isinstance(key, str) else tuple(key)
        query: dict[str, QueryValue] = {**(params or {}), "per_page": per_page}
        url = self.url_for(path)
        seen: set[tuple[str, tuple[tuple[str, str], ...]]] = set()
        pages = 0
        while True:
            api_path = urlsplit(url).path
            marker = (url, tuple(sorted((k, str(v)) for k, v in query.items())))
            if marker in seen:
                raise CTMMalformedResponse(
                    "next_page repeats a page already read (pagination loop)", path=api_path
                )
            seen.add(marker)
            if pages >= max_pages:
                raise CTMMalformedResponse(
                    f"the list did not end within {max_pages} pages; raise max_pages if this is real",
                    path=api_path,
                )
            body = self._get(url, query)
            pages += 1
            with self._stats_lock:
                self.stats.pages += 1
            yield _list_under(body, keys, api_path)
            next_page = body.get("next_page")
            if next_page is None or next_page == "":
                return
            if not isinstance(next_page, str):
                raise CTMMalformedResponse("next_page is neither a URL nor null", path=api_path, status=200)
            url, query = self._follow(url, next_page, query, api_path)

    def _follow(
        self, current: str, next_page: str, query: Mapping[str, QueryValue], api_path: str
    ) -> tuple[str, dict[str, QueryValue]]:
        target = urljoin(current, next_page)
        if _Origin.of(target) != self._origin:
            # Following it would send the Basic credentials to that host.
            raise CTMMalformedResponse(
                "next_page points to another origin than the configured CTM API; it was not followed",
                path=api_path,
                status=200,
            )
        parts = urlsplit(target)
        root = self._root_path.rstrip("/")
        if root and not (parts.path == root or parts.path.startswith(root + "/")):
            raise CTMMalformedResponse("next_page points outside the API", path=api_path, status=200)
        merged: dict[str, QueryValue] = dict(parse_qsl(parts.query, keep_blank_values=True))
        # CTM's next_page carries page/after; our own filters (exclude_fields, per_page) are kept
        # when it leaves them out, so later pages are not heavier than the first.
        for name, value in query.items():
            merged.setdefault(name, value)
        return urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")), merged

    def list_all(
        self,
        path: str,
        key: str | Sequence[str],
        model: type[M],
        params: Mapping[str, QueryValue] | None = None,
        *,
        per_page: int = MAX_PER_PAGE,
        max_pages: int = DEFAULT_MAX_PAGES,
        rejected: list[ItemProblem] | None = None,
    ) -> list[M]:
        """Every object of a paginated list, validated into `model`.

        An item that fits no `model` shape raises `CTMMalformedResponse`, unless `rejected` is
        given: then each such item is appended to it (PHI-free) and the others are returned.
        Null items stand for nothing (the tap's schemas allow them) and are skipped.
        """
        api_path = urlsplit(self.url_for(path)).path
        items: list[M] = []
        start = 0
        for page in self.iter_pages(path, key, params, per_page=per_page, max_pages=max_pages):
            items.extend(_validate_items(page, model, api_path, rejected=rejected, start=start))
            start += len(page)
        return items

    # ---- typed endpoints

    def agency(self) -> Agency:
        """The agency of the API keys (`GET /agency`)."""
        path = "/agency"
        return _validate_object(self.get_json(path), "agency", Agency, self.url_for(path))

    def accounts(self, *, rejected: list[ItemProblem] | None = None) -> list[Account]:
        """Every account the keys can reach (`GET /accounts`, all pages); `rejected` as in `list_all`."""
        return self.list_all("/accounts", "accounts", Account, rejected=rejected)

    def account(self, account_id: str | int) -> Account:
        """One account (`GET /accounts/{id}`)."""
        path = f"/accounts/{_segment(account_id)}"
        return _validate_object(self.get_json(path), "account", Account, self.url_for(path))

    def users(self, account_id: str | int, *, rejected: list[ItemProblem] | None = None) -> list[User]:
        """The account's users (`GET /accounts/{id}/users`, all pages); `rejected` as in `list_all`."""
        return self.list_all(f"/accounts/{_segment(account_id)}/users", "users", User, rejected=rejected)

    def webhooks(self, account_id: str | int, *, rejected: list[ItemProblem] | None = None) -> list[Webhook]:
        """The account's webhook configurations (`GET /accounts/{id}/webhooks`, all pages); `rejected`
        as in `list_all`."""
        path = f"/accounts/{_segment(account_id)}/webhooks"
        return self.list_all(path, "webhooks", Webhook, rejected=rejected)

    def triggers(self, account_id: str | int, *, rejected: list[ItemProblem] | None = None) -> list[Trigger]:
        """The account's triggers (`GET /accounts/{id}/triggers`; CTM lists them under `automators`);
        `rejected` as in `list_all`."""
        path = f"/accounts/{_segment(account_id)}/triggers"
        return self.list_all(path, ("automators", "triggers"), Trigger, rejected=rejected)

    def call_settings(
        self, account_id: str | int, *, rejected: list[ItemProblem] | None = None
    ) -> list[CallSetting]:
        """The account's call settings (`GET /accounts/{id}/call_settings`, all pages); `rejected` as
        in `list_all`."""
        path = f"/accounts/{_segment(account_id)}/call_settings"
        return self.list_all(path, "call_settings", CallSetting, rejected=rejected)

    def recent_calls(
        self,
        account_id: str | int,
        *,
        limit: int = DEFAULT_CALLS_SAMPLE,
        exclude_fields: Sequence[str] = DEFAULT_CALL_EXCLUDE_FIELDS,
        rejected: list[ItemProblem] | None = None,
    ) -> list[Call]:
        """A bounded sample of the account's most recent activities: one page of at most `limit`;
        `rejected` as in `list_all`.

        CTM lists calls newest first by default. Heavy and free-text fields are excluded so that
        only what the attribution check needs is fetched.
        """
        _check_per_page(limit, name="limit")
        path = f"/accounts/{_segment(account_id)}/calls"
        params: dict[str, QueryValue] = {"per_page": limit, "page": 1}
        if exclude_fields:
            params["exclude_fields"] = ",".join(exclude_fields)
        url = self.url_for(path)
        api_path = urlsplit(url).path
        body = self._get(url, params)
        with self._stats_lock:
            self.stats.pages += 1
        # A server ignoring per_page must not turn the sample into a full export.
        page = _list_under(body, ("calls",), api_path)[:limit]
        return _validate_items(page, Call, api_path, rejected=rejected)


# --------------------------------------------------------------------------------------------
# helpers


def _api_root(base_url: str) -> str:
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("base_url must be an absolute http(s) URL")
    path = parts.path.rstrip("/") or API_ROOT_PATH
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _segment(value: str | int) -> str:
    text = str(value).strip()
    if not text or text in (".", "..") or "/" in text:
        raise ValueError("a CTM id must be a non-empty single path segment")
    return quote(text, safe="")


def _check_per_page(value: int, *, name: str = "per_page") -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_PER_PAGE:
        raise ValueError(f"{name} must be an integer from 1 to {MAX_PER_PAGE} (CTM refuses larger pages)")


def _json_object(content: bytes, api_path: str, status: int) -> dict[str, Any]:
    try:
        # json.loads detects UTF-8, -16 and -32 in bytes, as requests' Response.json() does.
        body = json.loads(content)
    except (ValueError, RecursionError):
        # The decoder's message may quote the document: never propagate it.
        raise CTMMalformedResponse("the body is not JSON", path=api_path, status=status) from None
    if not isinstance(body, dict):
        raise CTMMalformedResponse(
            f"the body is a JSON {type(body).__name__} where an object was expected",
            path=api_path,
            status=status,
        )
    return body


def _list_under(body: Mapping[str, Any], keys: Sequence[str], api_path: str) -> list[Any]:
    # Its items are judged one by one (`_validate_items`): one bad item does not void the list.
    for key in keys:
        if key in body:
            value = body[key]
            if not isinstance(value, list):
                raise CTMMalformedResponse(f"'{key}' is not a list", path=api_path, status=200)
            return value
    names = " or ".join(f"'{k}'" for k in keys)
    if body.get("status") == "error":
        raise CTMMalformedResponse(
            f"CTM reported an error instead of the {names} list", path=api_path, status=200
        )
    raise CTMMalformedResponse(f"the response has no {names} list", path=api_path, status=200)


def _validate_items(
    items: Sequence[Any],
    model: type[M],
    api_path: str,
    *,
    rejected: list[ItemProblem] | None = None,
    start: int = 0,
) -> list[M]:
    result: list[M] = []
    problems: list[ItemProblem] = []
    bad_fields: set[str] = set()
    for index, item in enumerate(items, start):
        if item is None:
            continue  # the tap's schemas allow a null item: it stands for nothing
        if not isinstance(item, Mapping):
            problems.append(ItemProblem(index=index, detail=f"the item was {_json_type(item)}"))
            continue
        try:
            result.append(model.model_validate(item))
        except ValidationError as exc:
            problems.append(_problem(exc, model, item, index))
            bad_fields.update(_field_names(exc, model))
    if problems and rejected is not None:
        rejected.extend(problems)
    elif problems:
        raise CTMMalformedResponse(
            f"{len(problems)} item(s) do not match the expected {model.__name__} shape "
            f"(field(s): {', '.join(sorted(bad_fields)) or 'unknown'})",
            path=api_path,
            status=200,
        )
    return result


def _validate_object(body: Mapping[str, Any], key: str, model: type[M], url: str) -> M:
    api_path = urlsplit(url).path
    # CTM wraps some single objects ({"agency": {...}}) and returns others bare.
    wrapped = body.get(key)
    obj = wrapped if isinstance(wrapped, dict) else body
    if "id" not in obj:
        raise CTMMalformedResponse(f"the response holds no '{key}' object", path=api_path, status=200)
    return _validate_items([obj], model, api_path)[0]


def _field_names(exc: ValidationError, model: type[BaseModel]) -> set[str]:
    # Only declared field names: never a value, never a key taken from the data.
    names: set[str] = set()
    for err in exc.errors():
        loc = err.get("loc") or ()
        if loc and isinstance(loc[0], str) and loc[0] in model.model_fields:
            names.add(loc[0])
    return names


_PLAIN_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


def _problem(
    exc: ValidationError, model: type[BaseModel], item: Mapping[str, Any], index: int
) -> ItemProblem:
    clauses = sorted({_clause(err, model) for err in exc.errors()})
    raw_id = item.get("id")
    if isinstance(raw_id, int) and not isinstance(raw_id, bool):
        item_id: str | None = str(raw_id)
    else:
        # Only a plain token is shown: an id of any other form is not ours to vouch for.
        item_id = raw_id if isinstance(raw_id, str) and _PLAIN_ID.match(raw_id) else None
    return ItemProblem(index=index, id=item_id, detail="; ".join(clauses))


def _clause(err: Any, model: type[BaseModel]) -> str:
    path = _declared_path(err.get("loc") or (), model)
    if err.get("type") == "missing":
        return f"{path} was missing"
    return f"{path} was {_json_type(err.get('input'))}"


def _declared_path(loc: Sequence[int | str], model: type[BaseModel]) -> str:
    # Declared field names only, "[]" for a list position: never a key taken from the data.
    names: list[str] = []
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int):
            if names:
                names[-1] += "[]"
            continue
        if current is None or part not in current.model_fields:
            break
        names.append(part)
        current = _model_in(current.model_fields[part].annotation)
    return ".".join(names) or "the item"


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        if (found := _model_in(arg)) is not None:
            return found
    return None


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "an array"
    return "an object" if isinstance(value, Mapping) else "of another type"
