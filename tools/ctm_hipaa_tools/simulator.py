"""A CTM REST API simulator on loopback, serving an agency snapshot file.

It answers the read paths the audit uses (ctm-api.md sections 1-2) the way CTM does: HTTP Basic
auth, `page`/`per_page` pagination with absolute `next_page`/`previous_page` URLs, a 150 `per_page`
limit, `{"status":"error","reason":...}` errors, an optional `.json` suffix on every path. Faults
from the file (status, Retry-After, malformed body, latency) and a global latency / random 429 rate
let tests, the demo and the benchmark exercise the client's failure handling.

Standard library only (`http.server`), one thread per connection, so it stays light enough to run
inside tests and the demo and still serves a thousand-account agency concurrently.

    with CTMSimulator(load_agency_file("agency.json")) as sim:
        requests.get(f"{sim.api_url}/accounts", auth=("key", "secret"))

Command line: `python -m ctm_hipaa_tools.simulator FILE [--port N]` serves FILE until Ctrl-C.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import contextlib
import fnmatch
import hmac
import json
import math
import random
import re
import signal
import socket
import sys
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, urlencode, urlsplit

from ctm_hipaa.ctm import SNAPSHOT_PARTS
from ctm_hipaa_tools.agency_file import (
    AccountEntry,
    AgencyFile,
    AgencyFileError,
    Fault,
    load_agency_file,
    parse_agency,
)

__all__ = ["DEFAULT_PER_PAGE", "MAX_PER_PAGE", "CTMSimulator", "RequestRecord", "main"]

API_PREFIX = "/api/v1"
DEFAULT_PER_PAGE = 10
MAX_PER_PAGE = 150
# Paths under /accounts/{id}/ (the snapshot's list parts) and the key CTM lists each under: its own
# name, but triggers come back as automators.
LIST_KEYS = {part: part for part in SNAPSHOT_PARTS if part != "account"} | {"triggers": "automators"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Idle keep-alive connections are closed after this long, so a forgotten client cannot pin a thread.
_IDLE_TIMEOUT_S = 60.0


class RequestRecord(NamedTuple):
    """One answered request, for tests: method, request target (path and query), HTTP status."""

    method: str
    path: str
    status: int


class _Reply(NamedTuple):
    status: int
    body: bytes
    headers: dict[str, str]


def _json_reply(status: int, payload: Any, headers: dict[str, str] | None = None) -> _Reply:
    return _Reply(status, json.dumps(payload, separators=(",", ":")).encode(), headers or {})


def _error(status: int, reason: str, headers: dict[str, str] | None = None) -> _Reply:
    # CTM's error body style (ctm-api.md 1.3). Reasons are fixed texts or ids, never record values.
    return _json_reply(status, {"status": "error", "reason": reason}, headers)


class _BadRequest(Exception):
    """A query parameter the simulator cannot honour; becomes a 400."""

    def __init__(self, reply: _Reply) -> None:
        super().__init__(reply.status)
        self.reply = reply


def _normalize_path(path: str) -> str:
    """Path without query, trailing slash or `.json` suffix: the form routes and faults compare."""
    path = path.split("?", 1)[0].rstrip("/") or "/"
    if path.endswith(".json"):
        path = path[: -len(".json")]
    return path


class _ArmedFault:
    """A fault from the file with its remaining budget; `take()` is atomic across threads."""

    def __init__(self, fault: Fault) -> None:
        self.fault = fault
        pattern = _normalize_path(fault.path.strip())
        if not pattern.startswith("/api/"):
            pattern = API_PREFIX + ("" if pattern.startswith("/") else "/") + pattern
        self.pattern = pattern
        self.wildcard = "*" in pattern
        self.remaining = fault.times
        self._lock = threading.Lock()

    def matches(self, path: str) -> bool:
        return fnmatch.fnmatchcase(path, self.pattern) if self.wildcard else path == self.pattern

    def take(self) -> bool:
        """Consume one firing; False when the fault is used up."""
        with self._lock:
            if self.remaining is None:
                return True
            if self.remaining <= 0:
                return False
            self.remaining -= 1
            return True


class _Agency:
    """The snapshot indexed for serving: account objects with `agency_id`, lookups by id."""

    def __init__(self, agency: AgencyFile) -> None:
        self.info = agency.agency.model_dump(mode="json")
        agency_id = self.info.get("id")
        self.accounts: list[dict[str, Any]] = []
        self.entries: dict[str, AccountEntry] = {}
        self.account_objects: dict[str, dict[str, Any]] = {}
        for entry in agency.accounts:
            obj = {**entry.account}
            obj.setdefault("agency_id", agency_id)
            self.accounts.append(obj)
            self.entries[entry.account_id] = entry
            self.account_objects[entry.account_id] = obj

    def items(self, account_id: str, kind: str) -> list[dict[str, Any]]:
        entry = self.entries[account_id]
        items: list[dict[str, Any]] = getattr(entry, kind)
        return items


class _Server(ThreadingHTTPServer):
    """ThreadingHTTPServer that can close its live keep-alive connections on stop."""

    # Non-daemon handler threads, joined by server_close(): stop() leaves no thread behind.
    daemon_threads = False
    block_on_close = True
    # socketserver's default backlog of 5 drops connections under a concurrent client (the kernel
    # then retries the SYN after a full second), which would distort every benchmark.
    request_queue_size = 1024

    def __init__(self, address: tuple[str, int], simulator: CTMSimulator) -> None:
        self.simulator = simulator
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Shut every open connection so idle keep-alive handlers return at once."""
        with self._connections_lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):  # already closed by the peer
                conn.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Quiet: a client hanging up mid-answer (or stop() closing it) is not worth a traceback.
        return


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"  # keep-alive, like CTM; every answer carries Content-Length
    server_version = "CTMSimulator/1.0"

    def version_string(self) -> str:
        """`Server` header: the simulator's name only, not the Python version."""
        return self.server_version

    disable_nagle_algorithm = True  # header and body go out promptly, no 40 ms delayed-ACK stalls
    timeout = _IDLE_TIMEOUT_S

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default per-request stderr log."""
        return

    def do_GET(self) -> None:
        """Answer a read through the simulator."""
        reply = self.server.simulator._handle("GET", self.path, self.headers.get("Authorization"))
        self._send(reply)

    def do_HEAD(self) -> None:
        """HEAD is not part of CTM's API as used here."""
        self._method_not_allowed()

    def do_POST(self) -> None:
        """Writes are not simulated."""
        self._method_not_allowed()

    do_PUT = do_POST
    do_PATCH = do_POST
    do_DELETE = do_POST

    def _method_not_allowed(self) -> None:
        # The request body is not read, so the connection cannot be reused safely.
        self.close_connection = True
        headers = {"Allow": "GET", "Connection": "close"}
        self._send(_error(405, f"method {self.command} not supported", headers))

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """JSON instead of http.server's HTML for malformed requests (bad request line, 501...)."""
        self.close_connection = True
        if self.request_version == "HTTP/0.9":
            # An unparseable request line leaves http.server at 0.9, which would omit the status line.
            self.request_version = "HTTP/1.0"
        # The standard phrase only: http.server's own message can quote the client's request line.
        reason = self.responses.get(code, ("error",))[0]
        self._send(_error(code, reason.lower(), {"Connection": "close"}))

    def _send(self, reply: _Reply) -> None:
        # Logged before the answer goes out, so a client that has its answer finds it in the log.
        # command and path are unset when the request line itself could not be parsed.
        method, target = getattr(self, "command", None), getattr(self, "path", None)
        self.server.simulator._record(method or "?", target or "?", reply.status)
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD" and reply.status >= 200 and reply.status not in (204, 304):
            self.wfile.write(reply.body)


class CTMSimulator:
    """Serves an agency snapshot on CTM's REST paths on loopback until stopped.

    `latency_ms` delays every answer; `rate_limit_ratio` answers that share of requests (after
    authentication) with 429 and `Retry-After: 0`, drawn from a generator seeded with `seed`.
    """

    def __init__(
        self,
        agency: AgencyFile | dict[str, Any],
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        latency_ms: float = 0,
        rate_limit_ratio: float = 0.0,
        seed: int | None = None,
    ) -> None:
        if latency_ms < 0:
            raise ValueError("latency_ms must be >= 0")
        if not 0.0 <= rate_limit_ratio <= 1.0:
            raise ValueError("rate_limit_ratio must be between 0 and 1")
        self.agency = parse_agency(agency)
        self._data = _Agency(self.agency)
        self._faults = [_ArmedFault(f) for f in self.agency.faults]
        credentials = self.agency.credentials
        self._credentials = (credentials.access_key, credentials.secret_key) if credentials else None
        self._host = host
        self._port = port
        self.latency_ms = latency_ms
        self.rate_limit_ratio = rate_limit_ratio
        self._rng = random.Random(seed)  # noqa: S311 - simulated rate limiting, not security
        self._rng_lock = threading.Lock()
        self._log: list[RequestRecord] = []
        self._log_lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self) -> CTMSimulator:
        """Bind the port and serve in a background thread. Returns self."""
        if self._server is not None or self._stopping.is_set():
            raise RuntimeError("a CTMSimulator can be started once")
        self._server = _Server((self._host, self._port), self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"ctm-simulator-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close open connections, join every thread and release the port."""
        server = self._server
        self._stopping.set()  # wakes handlers sleeping in an injected delay
        if server is None:
            return
        self._server = None
        server.shutdown()
        server.close_connections()
        server.server_close()  # joins the handler threads (block_on_close)
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def __enter__(self) -> CTMSimulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- addresses and log --------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The bound port (the real one when constructed with port=0)."""
        if self._server is None:
            raise RuntimeError("the simulator is not running")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """Origin of the simulator, e.g. `http://127.0.0.1:54321`."""
        host = self._host
        if ":" in host:  # IPv6 literal
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    @property
    def api_url(self) -> str:
        """Base of the REST API, `base_url + "/api/v1"`, as a CTM client is configured."""
        return self.base_url + API_PREFIX

    @property
    def requests(self) -> list[RequestRecord]:
        """A copy of the request log, in answer order."""
        with self._log_lock:
            return list(self._log)

    @property
    def request_count(self) -> int:
        """How many requests were answered so far."""
        with self._log_lock:
            return len(self._log)

    def clear_requests(self) -> None:
        """Forget the request log (faults keep their counters)."""
        with self._log_lock:
            self._log.clear()

    def _record(self, method: str, target: str, status: int) -> None:
        with self._log_lock:
            self._log.append(RequestRecord(method, target, status))

    # -- request handling ---------------------------------------------------------------------

    def _sleep(self, milliseconds: float) -> None:
        if milliseconds > 0:
            self._stopping.wait(milliseconds / 1000.0)

    def _handle(self, method: str, target: str, authorization: str | None) -> _Reply:
        self._sleep(self.latency_ms)
        try:
            parts = urlsplit(target)
        except ValueError:
            return _error(400, "malformed request target")
        path = _normalize_path(parts.path)
        if not self._authorized(authorization):
            return _error(401, "authentication required", {"WWW-Authenticate": 'Basic realm="CTM"'})
        fault_reply = self._apply_faults(path)
        if fault_reply is not None:
            return fault_reply
        if self.rate_limit_ratio > 0:
            with self._rng_lock:
                limited = self._rng.random() < self.rate_limit_ratio
            if limited:
                return _error(429, "rate limit exceeded", {"Retry-After": "0"})
        query = parse_qsl(parts.query, keep_blank_values=True)
        try:
            return self._route(path, parts.path, query)
        except _BadRequest as exc:
            return exc.reply

    def _authorized(self, header: str | None) -> bool:
        if not header:
            return False
        scheme, _, encoded = header.partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return False
        user, sep, password = decoded.partition(":")
        if not sep or not user or not password:
            return False
        if self._credentials is None:
            return True
        want_user, want_password = self._credentials
        # Both compared, constant time, so a wrong key cannot be found by timing.
        user_ok = hmac.compare_digest(user.encode(), want_user.encode())
        password_ok = hmac.compare_digest(password.encode(), want_password.encode())
        return user_ok and password_ok

    def _apply_faults(self, path: str) -> _Reply | None:
        for armed in self._faults:
            if not armed.matches(path) or not armed.take():
                continue
            fault = armed.fault
            self._sleep(fault.delay_ms)
            if fault.body is None and fault.status in (None, 200):
                return None  # latency injection only: answer normally
            status = fault.status or 200
            headers: dict[str, str] = {}
            if fault.retry_after is not None:
                headers["Retry-After"] = str(fault.retry_after)
            if fault.body is None:
                return _error(status, f"simulated fault (HTTP {status})", headers)
            if isinstance(fault.body, str):
                return _Reply(status, fault.body.encode(), headers)  # raw: may well not be JSON
            return _json_reply(status, fault.body, headers)
        return None

    def _route(self, path: str, raw_path: str, query: list[tuple[str, str]]) -> _Reply:
        if not path.startswith(API_PREFIX + "/"):
            return _error(404, "not found")
        segments = path[len(API_PREFIX) + 1 :].split("/")
        data = self._data
        if segments == ["agency"]:
            return _json_reply(200, {"agency": data.info})
        if segments[0] != "accounts":
            return _error(404, "not found")
        if len(segments) == 1:
            return self._page(raw_path, query, "accounts", data.accounts)
        account_id = segments[1]
        if account_id not in data.entries:
            return _error(404, f"account {account_id} not found")
        if len(segments) == 2:
            return _json_reply(200, data.account_objects[account_id])
        kind = segments[2]
        if kind not in LIST_KEYS:
            return _error(404, "not found")
        items = data.items(account_id, kind)
        if len(segments) == 3:
            if kind == "calls":
                items = _filter_calls_by_date(items, query)
                items = _exclude_fields(items, query)
            return self._page(raw_path, query, LIST_KEYS[kind], items)
        if len(segments) == 4:
            item_id = segments[3]
            found = next((i for i in items if str(i.get("id")) == item_id), None)
            if found is None:
                return _error(404, f"{kind.rstrip('s')} {item_id} not found")
            if kind == "calls":
                found = _exclude_fields([found], query)[0]
            return _json_reply(200, found)
        return _error(404, "not found")

    def _page(
        self, raw_path: str, query: list[tuple[str, str]], key: str, items: Sequence[dict[str, Any]]
    ) -> _Reply:
        params = dict(query)
        page = _positive_int(params, "page", 1)
        per_page = _positive_int(params, "per_page", DEFAULT_PER_PAGE)
        if per_page > MAX_PER_PAGE:
            # CTM's own wording (ctm-api.md 1.3), in its `error` style rather than `reason`.
            raise _BadRequest(_json_reply(400, {"error": f"per_page limit is {MAX_PER_PAGE}"}))
        total = len(items)
        total_pages = math.ceil(total / per_page)
        start = (page - 1) * per_page
        chunk = list(items[start : start + per_page])

        def link(number: int) -> str:
            # Same path (with or without .json) and query, on our own origin, page and per_page set.
            kept = [(k, v) for k, v in query if k not in ("page", "per_page")]
            kept += [("page", str(number)), ("per_page", str(per_page))]
            return f"{self.base_url}{raw_path}?{urlencode(kept)}"

        body = {
            key: chunk,
            "page": page,
            "per_page": per_page,
            "total_entries": total,
            "total_pages": total_pages,
            "next_page": link(page + 1) if page < total_pages else None,
            "previous_page": link(page - 1) if page > 1 else None,
        }
        return _json_reply(200, body)


def _positive_int(params: dict[str, str], name: str, default: int) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        # The parameter's name only: its value came from the client and is echoed nowhere.
        raise _BadRequest(_error(400, f"{name} must be a positive integer"))
    return value


def _exclude_fields(calls: list[dict[str, Any]], query: list[tuple[str, str]]) -> list[dict[str, Any]]:
    excluded = {
        name.strip()
        for key, value in query
        if key in ("exclude_fields", "exclude_fields[]")
        for name in value.split(",")
        if name.strip()
    }
    if not excluded:
        return calls
    return [{k: v for k, v in call.items() if k not in excluded} for call in calls]


def _call_day(call: dict[str, Any]) -> date | None:
    called_at = call.get("called_at")
    if isinstance(called_at, str) and _DATE.match(called_at[:10]):
        try:
            # CTM's called_at is local time with offset ("2025-03-04 02:15 PM -05:00"): its date
            # part is the day the account saw the call, which is what CTM's date filter uses.
            return date.fromisoformat(called_at[:10])
        except ValueError:
            return None
    unix_time = call.get("unix_time")
    if isinstance(unix_time, int | float) and not isinstance(unix_time, bool):
        return datetime.fromtimestamp(unix_time, UTC).date()
    return None


def _filter_calls_by_date(calls: list[dict[str, Any]], query: list[tuple[str, str]]) -> list[dict[str, Any]]:
    params = dict(query)
    bounds: dict[str, date] = {}
    for name in ("start_date", "end_date"):
        raw = params.get(name)
        if not raw:
            continue
        try:
            if not _DATE.match(raw):
                raise ValueError(name)
            bounds[name] = date.fromisoformat(raw)
        except ValueError:
            raise _BadRequest(_error(400, f"{name} must be a date YYYY-MM-DD")) from None
    if not bounds:
        return calls
    start, end = bounds.get("start_date", date.min), bounds.get("end_date", date.max)
    kept = []
    for call in calls:
        day = _call_day(call)
        if day is not None and start <= day <= end:
            kept.append(call)
    return kept


def main(argv: Sequence[str] | None = None, *, ready: Callable[[CTMSimulator], None] | None = None) -> int:
    """Serve a snapshot file until Ctrl-C: `python -m ctm_hipaa_tools.simulator FILE [--port N]`.

    Prints the API URL once serving. Returns the process exit code (2 for an unusable file).
    `ready` is a hook for tests: called with the running simulator instead of waiting for Ctrl-C.
    """
    parser = argparse.ArgumentParser(
        prog="python -m ctm_hipaa_tools.simulator", description="Serve a CTM agency snapshot on loopback."
    )
    parser.add_argument("file", help="agency snapshot JSON (format: docs/snapshot.md)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--rate-limit-ratio", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    try:
        agency = load_agency_file(args.file)
    except AgencyFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    simulator = CTMSimulator(
        agency,
        host=args.host,
        port=args.port,
        latency_ms=args.latency_ms,
        rate_limit_ratio=args.rate_limit_ratio,
        seed=args.seed,
    )
    try:
        simulator.start()
    except OSError as exc:
        print(f"error: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        print(
            f"CTM simulator: agency {agency.agency.id} with {len(agency.accounts)} accounts at "
            f"{simulator.api_url} (Ctrl-C to stop)",
            flush=True,
        )
        if ready is not None:
            ready(simulator)
        else:
            _wait_for_termination()
    except KeyboardInterrupt:
        print("stopped", flush=True)
    finally:
        simulator.stop()
    return 0


def _wait_for_termination() -> None:
    # SIGTERM (a process manager, `kill`) stops as cleanly as Ctrl-C. The wait has a timeout so
    # Ctrl-C is delivered promptly on every platform.
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    while not stop.wait(0.5):
        pass


if __name__ == "__main__":
    raise SystemExit(main())
