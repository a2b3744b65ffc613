"""CTMClient against the CTM simulator over real HTTP on loopback (and stdlib servers for what the
simulator cannot produce)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from ctm_hipaa.ctm.client import MAX_PER_PAGE, CTMClient, parse_retry_after
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
from ctm_hipaa.ctm.models import Account, PartError, User

USERS_PATH = "/api/v1/accounts/1001/users"
PHI = "Dana Whitfield"


def fault(path: str = USERS_PATH, **kw: Any) -> dict[str, Any]:
    return {"path": path, **kw}


def queries(sim: Any, path_prefix: str) -> list[dict[str, list[str]]]:
    """The parsed query strings of the simulator's logged requests to a path."""
    out = []
    for rec in sim.requests:
        parts = urlsplit(rec.path)
        if parts.path.removesuffix(".json") == path_prefix:
            out.append(parse_qs(parts.query))
    return out


# ---------------------------------------------------------------------------------------------
# success paths and pagination


def test_typed_methods_read_every_object_kind(serve, make_client, make_agency, make_account):
    sim = serve(make_agency(make_account(1001, users=3, calls=4)))
    client = make_client(sim.base_url)

    agency = client.agency()
    assert (agency.id, agency.name) == ("42", "Test Agency")
    account = client.account(1001)
    assert (account.id, account.name) == ("1001", "Clinic 1001")
    assert [u.id for u in client.users(1001)] == ["USR10010000", "USR10010001", "USR10010002"]
    assert client.webhooks("1001")[0].weburl == "https://crm.example.com/hook"
    triggers = client.triggers(1001)  # served under `automators`
    assert triggers[0].routing_rules[0].actions[0].type == "email"
    assert client.call_settings(1001)[0].inbound_recordings_on is True
    assert [a.id for a in client.accounts()] == ["1001"]
    assert client.stats.requests == 7
    assert client.stats.retries == 0


def test_api_url_and_json_suffix_are_accepted(serve, make_client, make_agency):
    sim = serve(make_agency())
    client = make_client(sim.api_url)  # base given with /api/v1
    assert client.url_for("/accounts/1") == f"{sim.api_url}/accounts/1"
    assert client.url_for("/api/v1/accounts/1") == f"{sim.api_url}/accounts/1"
    users = client.list_all("accounts/1001/users.json", "users", User)
    assert len(users) == 2
    assert make_client(sim.base_url).url_for("accounts") == f"{sim.api_url}/accounts"


def test_pagination_follows_next_page_with_per_page_150(
    settled, serve, make_client, make_agency, make_account
):
    sim = serve(make_agency(make_account(1001, users=401)))
    client = make_client(sim.base_url)

    users = client.users(1001)

    assert len(users) == 401
    assert len({u.id for u in users}) == 401
    assert users[0].id == "USR10010000" and users[-1].id == "USR10010400"
    settled(sim, 3)
    qs = queries(sim, USERS_PATH)
    assert len(qs) == 3  # 150 + 150 + 101
    assert all(q["per_page"] == ["150"] for q in qs)
    assert [q.get("page") for q in qs] == [None, ["2"], ["3"]]
    assert client.stats.pages == 3


def test_accounts_paginate_across_the_agency(settled, serve, make_client, make_agency, make_account):
    sim = serve(make_agency(*[make_account(2000 + i, users=0, calls=0) for i in range(310)]))
    client = make_client(sim.base_url)
    accounts = client.accounts()
    assert [a.id for a in accounts] == [str(2000 + i) for i in range(310)]
    assert settled(sim, 3) == 3


def test_iter_pages_smaller_pages(serve, make_client, make_agency, make_account):
    sim = serve(make_agency(make_account(1001, users=7)))
    client = make_client(sim.base_url)
    pages = list(client.iter_pages("/accounts/1001/users", "users", per_page=3))
    assert [len(p) for p in pages] == [3, 3, 1]


@pytest.mark.parametrize("per_page", [0, MAX_PER_PAGE + 1, 1000])
def test_per_page_above_150_is_refused_before_any_request(settled, serve, make_client, make_agency, per_page):
    sim = serve(make_agency())
    client = make_client(sim.base_url)
    with pytest.raises(ValueError, match="per_page"):
        client.list_all("/accounts/1001/users", "users", User, per_page=per_page)
    with pytest.raises(ValueError, match="limit"):
        client.recent_calls(1001, limit=per_page)
    assert settled(sim, 0) == 0


def test_recent_calls_one_bounded_page_without_heavy_fields(
    settled, serve, make_client, make_agency, make_account
):
    sim = serve(make_agency(make_account(1001, calls=40)))
    client = make_client(sim.base_url)

    calls = client.recent_calls(1001, limit=25)

    assert len(calls) == 25
    assert settled(sim, 1) == 1
    (q,) = queries(sim, "/api/v1/accounts/1001/calls")
    assert q["per_page"] == ["25"]
    excluded = set(q["exclude_fields"][0].split(","))
    assert {"transcription_text", "audio", "chat_messages", "summary", "notes"} <= excluded
    extra = calls[0].model_extra or {}
    assert "transcription_text" not in extra and "notes" not in extra and "audio" not in extra
    assert calls[0].tracking_label == "Main Line"
    assert calls[0].redacted is False


# ---------------------------------------------------------------------------------------------
# typed errors


def test_401_wrong_keys_is_unauthorized_and_not_retried(settled, serve, make_client, make_agency):
    sim = serve(make_agency())
    client = make_client(sim.base_url, secret_key="wrong")
    with pytest.raises(CTMUnauthorized) as info:
        client.users(1001)
    err = info.value
    assert (err.kind, err.status, err.path) == ("unauthorized", 401, USERS_PATH)
    assert "401" in str(err) and USERS_PATH in str(err) and "key" in str(err)
    assert settled(sim, 1) == 1
    assert client.stats.retries == 0


def test_403_is_forbidden_with_actionable_message_without_body(settled, serve, make_client, make_agency):
    sim = serve(make_agency(faults=[fault(status=403, body={"status": "error", "reason": PHI})]))
    client = make_client(sim.base_url)
    with pytest.raises(CTMForbidden) as info:
        client.users(1001)
    err = info.value
    assert str(err) == (
        f"CTM answered 403 for {USERS_PATH}: the API key lacks access to this account; "
        "use agency API keys that can reach it"
    )
    assert PHI not in str(err) and err.status == 403 and err.kind == "forbidden"
    assert settled(sim, 1) == 1


def test_404_unknown_account_is_not_found(settled, serve, make_client, make_agency):
    sim = serve(make_agency())
    client = make_client(sim.base_url)
    with pytest.raises(CTMNotFound) as info:
        client.account(999)
    assert info.value.path == "/api/v1/accounts/999"
    assert info.value.status == 404 and info.value.kind == "not_found"
    assert settled(sim, 1) == 1


def test_other_4xx_is_a_bad_request_not_retried(settled, serve, make_client, make_agency):
    sim = serve(make_agency(faults=[fault(status=422)]))
    client = make_client(sim.base_url)
    with pytest.raises(CTMBadRequest) as info:
        client.users(1001)
    assert info.value.status == 422
    assert settled(sim, 1) == 1


def test_429_exhausted_is_rate_limited(settled, serve, make_client, make_agency, fake_time):
    sim = serve(make_agency(faults=[fault(status=429, times=None)]))
    client = make_client(sim.base_url, max_attempts=3)
    with pytest.raises(CTMRateLimited) as info:
        client.users(1001)
    err = info.value
    assert (err.kind, err.status, err.attempts) == ("rate_limited", 429, 3)
    assert "after 3 attempt(s)" in str(err)
    assert settled(sim, 3) == 3
    assert client.stats.retries == 2 and client.stats.requests == 3
    assert len(fake_time.sleeps) == 2


def test_500_exhausted_is_upstream(settled, serve, make_client, make_agency):
    sim = serve(make_agency(faults=[fault(status=503, body={"reason": PHI})]))
    client = make_client(sim.base_url, max_attempts=3)
    with pytest.raises(CTMUpstreamError) as info:
        client.users(1001)
    err = info.value
    assert (err.kind, err.status, err.attempts) == ("upstream", 503, 3)
    assert PHI not in str(err)
    assert settled(sim, 3) == 3


@pytest.mark.parametrize("status", [429, 500])
def test_retry_succeeds_after_two_failures(settled, serve, make_client, make_agency, fake_time, status):
    sim = serve(make_agency(faults=[fault(status=status, times=2)]))
    client = make_client(sim.base_url, max_attempts=4, backoff_base=0.5, backoff_max=8.0)

    users = client.users(1001)

    assert len(users) == 2
    settled(sim, 3)
    assert [r.status for r in sim.requests] == [status, status, 200]
    assert client.stats.retries == 2 and client.stats.requests == 3
    # Full jitter: each sleep in [0, base * 2**(attempt-1)].
    assert len(fake_time.sleeps) == 2
    assert 0 <= fake_time.sleeps[0] <= 0.5 and 0 <= fake_time.sleeps[1] <= 1.0


def test_retry_after_seconds_is_honoured(serve, make_client, make_agency, fake_time):
    sim = serve(make_agency(faults=[fault(status=429, times=2, retry_after=7)]))
    client = make_client(sim.base_url)
    assert len(client.users(1001)) == 2
    assert fake_time.sleeps == [7.0, 7.0]
    assert client.stats.backoff_seconds == 14.0


def test_retry_after_http_date_is_honoured(serve, make_client, make_agency, fake_time):
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=12), usegmt=True)
    sim = serve(make_agency(faults=[fault(status=503, times=1, retry_after=when)]))
    client = make_client(sim.base_url)
    assert len(client.users(1001)) == 2
    (slept,) = fake_time.sleeps
    assert 9.0 <= slept <= 12.0


def test_parse_retry_after_forms():
    now = datetime(2025, 3, 4, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("5", now=now) == 5.0
    assert parse_retry_after(" 1.5 ", now=now) == 1.5
    assert parse_retry_after("Tue, 04 Mar 2025 12:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("Tue, 04 Mar 2025 11:00:00 GMT", now=now) == 0.0  # in the past
    for bad in (None, "", "-3", "soon", "nan", "inf"):
        assert parse_retry_after(bad, now=now) is None


def test_total_time_bound_stops_retrying(settled, serve, make_client, make_agency, fake_time):
    sim = serve(make_agency(faults=[fault(status=500, times=None)]))
    client = make_client(
        sim.base_url, max_attempts=100, total_timeout=10.0, backoff_base=1.0, backoff_max=4.0
    )
    with pytest.raises(CTMUpstreamError) as info:
        client.users(1001)
    assert "budget" in str(info.value)
    assert sum(fake_time.sleeps) <= 10.0
    assert 3 <= settled(sim, client.stats.requests) < 100
    assert info.value.attempts == sim.request_count == client.stats.requests


def test_retry_after_beyond_budget_gives_up_at_once(settled, serve, make_client, make_agency, fake_time):
    sim = serve(make_agency(faults=[fault(status=429, times=None, retry_after=120)]))
    client = make_client(sim.base_url, total_timeout=30.0)
    with pytest.raises(CTMRateLimited) as info:
        client.users(1001)
    assert info.value.attempts == 1
    assert fake_time.sleeps == []
    assert settled(sim, 1) == 1


def test_read_timeout_is_retried_then_upstream(serve, make_client, make_agency):
    sim = serve(make_agency(faults=[fault(status=None, delay_ms=600, times=None)]))
    client = make_client(sim.base_url, read_timeout=0.1, max_attempts=2)
    started = time.monotonic()
    with pytest.raises(CTMUpstreamError) as info:
        client.users(1001)
    assert time.monotonic() - started < 1.0
    err = info.value
    assert err.status is None and "timeout" in str(err) and err.attempts == 2
    assert client.stats.requests == 2


def test_timeout_once_then_success(serve, make_client, make_agency):
    sim = serve(make_agency(faults=[fault(status=None, delay_ms=600, times=1)]))
    client = make_client(sim.base_url, read_timeout=0.1)
    assert len(client.users(1001)) == 2
    assert client.stats.retries == 1


def test_connection_refused_is_upstream(make_client):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = make_client(f"http://127.0.0.1:{port}", max_attempts=2)
    with pytest.raises(CTMUpstreamError) as info:
        client.agency()
    assert "connection error" in str(info.value) and info.value.status is None
    assert client.stats.requests == 2


def test_body_not_json_is_malformed_and_not_retried(settled, serve, make_client, make_agency):
    sim = serve(make_agency(faults=[fault(status=203, body=f"<html>{PHI}</html>")]))
    client = make_client(sim.base_url)
    with pytest.raises(CTMMalformedResponse) as info:
        client.users(1001)
    assert "not JSON" in str(info.value) and PHI not in str(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__
    assert info.value.kind == "malformed"
    assert settled(sim, 1) == 1


def test_missing_list_key_is_malformed(serve, make_client, make_agency):
    sim = serve(make_agency(faults=[fault(status=203, body={"people": [{"id": 1, "name": PHI}]})]))
    client = make_client(sim.base_url)
    with pytest.raises(CTMMalformedResponse) as info:
        client.users(1001)
    assert "'users'" in str(info.value) and PHI not in str(info.value)


def test_json_array_body_is_malformed(serve, make_client, make_agency):
    sim = serve(make_agency(faults=[fault(path="/api/v1/agency", status=203, body=[1, 2])]))
    client = make_client(sim.base_url)
    with pytest.raises(CTMMalformedResponse, match="list where an object"):
        client.agency()


def test_items_of_wrong_shape_are_malformed_without_values(serve, make_client, make_agency):
    body = {"users": [{"id": 1, "first_name": PHI}, {"first_name": PHI, "email": ["x"]}], "next_page": None}
    sim = serve(make_agency(faults=[fault(status=203, body=body)]))
    client = make_client(sim.base_url)
    with pytest.raises(CTMMalformedResponse) as info:
        client.users(1001)
    msg = str(info.value)
    assert "1 item(s)" in msg and "User" in msg and "id" in msg and "email" in msg
    assert PHI not in msg


def test_triggers_accept_a_triggers_key(serve, make_client, make_agency):
    body = {"triggers": [{"id": 1, "name": "t"}], "next_page": None}
    sim = serve(make_agency(faults=[fault(path="/api/v1/accounts/1001/triggers", status=203, body=body)]))
    client = make_client(sim.base_url)
    assert [t.id for t in client.triggers(1001)] == ["1"]


def test_error_to_part_error_is_phi_free():
    err = CTMForbidden(path=USERS_PATH)
    part = err.to_part_error()
    assert part == PartError(kind="forbidden", path=USERS_PATH, status=403, message=str(err))
    for cls, kind in [
        (CTMUnauthorized, "unauthorized"),
        (CTMNotFound, "not_found"),
        (CTMRateLimited, "rate_limited"),
    ]:
        e: CTMError = cls(path="/p")
        assert e.kind == kind and e.to_part_error().kind == kind
    assert CTMUpstreamError.server_error(path="/p", status=502, attempts=2).kind == "upstream"
    assert CTMMalformedResponse("x", path="/p").kind == "malformed"


# ---------------------------------------------------------------------------------------------
# what the simulator cannot produce: a stdlib server serving crafted pages


class _Crafted(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        self.pages: dict[str, dict[str, Any]] = {}
        self.hits: list[str] = []
        self.connections = 0
        self.drip_seconds: float | None = None  # send the body one byte at a time, this far apart
        super().__init__(("127.0.0.1", 0), _CraftedHandler)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _CraftedHandler(BaseHTTPRequestHandler):
    server: _Crafted
    protocol_version = "HTTP/1.1"  # keep-alive, as CTM

    def setup(self) -> None:
        super().setup()
        self.server.connections += 1

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        self.server.hits.append(self.path)
        path = urlsplit(self.path).path
        page = self.server.pages.get(path)
        if page is None and path.startswith("/api/v1/endless/"):
            n = int(path.rsplit("/", 1)[1])
            page = {"users": [{"id": n}], "next_page": f"{self.server.origin}/api/v1/endless/{n + 1}"}
        body = json.dumps(page if page is not None else {"status": "error"}).encode()
        self.send_response(200 if page is not None else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.server.drip_seconds is None:
            self.wfile.write(body)
            return
        try:
            for i in range(len(body)):
                self.wfile.write(body[i : i + 1])
                self.wfile.flush()
                time.sleep(self.server.drip_seconds)
        except OSError:
            self.close_connection = True  # the client gave up: that is the point


@pytest.fixture
def crafted() -> Iterator[Any]:
    servers: list[_Crafted] = []

    def _start() -> _Crafted:
        server = _Crafted()
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return server

    yield _start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_next_page_on_another_origin_is_refused(crafted, make_client):
    home, foreign = crafted(), crafted()
    home.pages["/api/v1/accounts/1/users"] = {
        "users": [{"id": 1}],
        "next_page": f"{foreign.origin}/api/v1/accounts/1/users?page=2",
    }
    foreign.pages["/api/v1/accounts/1/users"] = {"users": [{"id": 2}], "next_page": None}
    client = make_client(home.origin)
    with pytest.raises(CTMMalformedResponse, match="another origin") as info:
        client.users(1)
    assert info.value.path == "/api/v1/accounts/1/users"
    assert foreign.hits == []  # credentials never reached the other host
    assert len(home.hits) == 1


def test_next_page_on_another_scheme_or_host_spelling_is_refused(crafted, make_client):
    home = crafted()
    port = home.server_address[1]
    for target in (f"https://127.0.0.1:{port}/api/v1/x", f"http://localhost:{port}/api/v1/x"):
        home.pages["/api/v1/accounts/1/users"] = {"users": [], "next_page": target}
        with pytest.raises(CTMMalformedResponse, match="another origin"):
            make_client(home.origin).users(1)


def test_same_origin_relative_next_page_is_followed(crafted, make_client):
    home = crafted()
    home.pages["/api/v1/accounts/1/users"] = {
        "users": [{"id": 1}],
        "next_page": "/api/v1/accounts/1/users2?page=2",
    }
    home.pages["/api/v1/accounts/1/users2"] = {"users": [{"id": 2}], "next_page": None}
    client = make_client(home.origin)
    assert [u.id for u in client.users(1)] == ["1", "2"]
    # our own per_page is kept on later pages when next_page leaves it out
    assert "per_page=150" in home.hits[1] and "page=2" in home.hits[1]


def test_pagination_loop_is_refused(crafted, make_client):
    home = crafted()
    home.pages["/api/v1/accounts/1/users"] = {
        "users": [{"id": 1}],
        "next_page": f"{home.origin}/api/v1/accounts/1/users?per_page=150",
    }
    with pytest.raises(CTMMalformedResponse, match="loop"):
        make_client(home.origin).users(1)
    assert len(home.hits) == 1


def test_max_pages_bounds_an_endless_list(crafted, make_client):
    home = crafted()
    client = make_client(home.origin)
    with pytest.raises(CTMMalformedResponse, match="5 pages"):
        client.list_all("/endless/1", "users", User, max_pages=5)
    assert len(home.hits) == 5


def test_account_accepts_wrapped_and_bare_objects(crafted, make_client):
    home = crafted()
    home.pages["/api/v1/accounts/1"] = {"account": {"id": 1, "name": "Wrapped"}}
    home.pages["/api/v1/accounts/2"] = {"id": 2, "name": "Bare"}
    home.pages["/api/v1/accounts/3"] = {"status": "ok"}
    client = make_client(home.origin)
    assert client.account(1) == Account(id="1", name="Wrapped")
    assert client.account(2).name == "Bare"
    with pytest.raises(CTMMalformedResponse, match="'account'"):
        client.account(3)


def test_ids_must_be_one_path_segment(make_client):
    client = make_client("http://127.0.0.1:9")
    for bad in ("", "..", "1/../2"):
        with pytest.raises(ValueError):
            client.users(bad)
    assert client.stats.requests == 0


def test_constructor_validates_configuration():
    with pytest.raises(ValueError):
        CTMClient("", "s")
    with pytest.raises(ValueError):
        CTMClient("a", "s", base_url="ftp://example.com")
    with pytest.raises(ValueError):
        CTMClient("a", "s", max_attempts=0)
    client = CTMClient("a", "s")
    assert client.api_root == "https://api.calltrackingmetrics.com/api/v1"
    assert client.limiter is not None and client.limiter.rate == 5.0
    # one bucket per key and origin, shared by every client of that key
    assert CTMClient("a", "other").limiter is client.limiter
    assert CTMClient("b", "s").limiter is not client.limiter


# ---------------------------------------------------------------------------------------------
# one deadline for connect, headers and body


AGENCY_PAGE = {"agency": {"id": 42, "name": "A"}}  # 31 bytes as JSON, as in the issue


def test_a_dripped_body_is_cut_at_the_total_budget(crafted, make_client):
    home = crafted()
    home.pages["/api/v1/agency"] = AGENCY_PAGE
    home.drip_seconds = 0.3  # 31 bytes: 9.3 s in all, every byte well within the read timeout
    client = make_client(home.origin, total_timeout=1.0, clock=time.monotonic, sleep=time.sleep)
    started = time.monotonic()
    with pytest.raises(CTMUpstreamError) as info:
        client.agency()
    elapsed = time.monotonic() - started
    assert 0.9 <= elapsed < 1.5, elapsed
    assert "timeout" in str(info.value) and info.value.status is None
    assert info.value.path == "/api/v1/agency"


def test_a_slow_body_within_the_budget_is_read_whole(crafted, make_client):
    home = crafted()
    home.pages["/api/v1/agency"] = AGENCY_PAGE
    home.drip_seconds = 0.01
    client = make_client(home.origin, total_timeout=5.0, clock=time.monotonic, sleep=time.sleep)
    assert client.agency().id == "42"


def test_retries_share_the_one_deadline(crafted, make_client):
    # The first attempt spends the budget on a dripped body: no second attempt is started.
    home = crafted()
    home.pages["/api/v1/agency"] = AGENCY_PAGE
    home.drip_seconds = 0.3
    client = make_client(
        home.origin, total_timeout=1.0, max_attempts=5, clock=time.monotonic, sleep=time.sleep
    )
    started = time.monotonic()
    with pytest.raises(CTMUpstreamError, match="budget"):
        client.agency()
    assert time.monotonic() - started < 1.5
    assert client.stats.requests == 1


def test_streamed_bodies_keep_the_connection_alive(crafted, make_client):
    home = crafted()
    home.pages["/api/v1/agency"] = AGENCY_PAGE
    client = make_client(home.origin)
    for _ in range(3):
        assert client.agency().id == "42"
    assert home.connections == 1
