"""The CTM simulator over real HTTP on loopback, and the agency snapshot file loader."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from ctm_hipaa_tools.agency_file import AgencyFile, AgencyFileError, load_agency_file, parse_agency
from ctm_hipaa_tools.simulator import CTMSimulator, main

AUTH = ("AK_test", "SK_test")
ACCOUNT_ID = 1004


def _call(call_id: int, day: str) -> dict[str, Any]:
    return {
        "id": call_id,
        "account_id": ACCOUNT_ID,
        "name": "Test Caller",
        "caller_number": "+16145550142",
        "called_at": f"{day} 02:15 PM -05:00",
        "transcription_text": "Caller: hello",
        "notes": "note",
        "tracking_label": "Main Line",
    }


def tiny_agency(accounts: int = 1, **top: Any) -> dict[str, Any]:
    """An agency whose first account (1004) has one of everything and three calls."""
    entries: list[dict[str, Any]] = []
    for n in range(accounts):
        entries.append({"account": {"id": ACCOUNT_ID + n, "name": f"Account {n}", "status": "active"}})
    entries[0].update(
        users=[
            {"id": "USR1", "uid": 1, "email": "a@example.com"},
            {"id": "USR2", "uid": 2, "email": "b@example.com"},
        ],
        webhooks=[{"id": 11, "name": "hook", "weburl": "https://hooks.example.net/x", "username": "u"}],
        triggers=[{"id": 21, "name": "tag", "routing_rules": []}],
        call_settings=[{"id": 31, "name": "Default", "transcription": True}],
        calls=[_call(901, "2026-11-01"), _call(902, "2026-11-15"), _call(903, "2026-11-28")],
    )
    return {"agency": {"id": 77, "name": "Test Agency"}, "accounts": entries, **top}


@pytest.fixture
def no_thread_left() -> Iterator[None]:
    """Fails a test that leaves a simulator thread behind."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        left = [t for t in threading.enumerate() if t not in before and t.is_alive()]
        if not left:
            return
        time.sleep(0.01)
    pytest.fail(f"threads left running: {[t.name for t in left]}")


@pytest.fixture
def serve(no_thread_left: None) -> Iterator[Callable[..., CTMSimulator]]:
    """Start simulators for a test and stop them all afterwards."""
    started: list[CTMSimulator] = []

    def _serve(agency: dict[str, Any] | AgencyFile | None = None, **kwargs: Any) -> CTMSimulator:
        sim = CTMSimulator(agency if agency is not None else tiny_agency(), **kwargs).start()
        started.append(sim)
        return sim

    yield _serve
    for sim in started:
        sim.stop()


def get(sim: CTMSimulator, path: str, auth: Any = AUTH, **params: Any) -> requests.Response:
    return requests.get(sim.api_url + path, params=params, auth=auth, timeout=5)


# -- paths --------------------------------------------------------------------------------------

LIST_PATHS = [
    ("/accounts", "accounts", 1),
    (f"/accounts/{ACCOUNT_ID}/users", "users", 2),
    (f"/accounts/{ACCOUNT_ID}/webhooks", "webhooks", 1),
    (f"/accounts/{ACCOUNT_ID}/call_settings", "call_settings", 1),
    (f"/accounts/{ACCOUNT_ID}/calls", "calls", 3),
    (f"/accounts/{ACCOUNT_ID}/triggers", "automators", 1),
]


@pytest.mark.parametrize("suffix", ["", ".json"])
def test_every_path_answers_with_and_without_json(serve: Callable[..., CTMSimulator], suffix: str) -> None:
    sim = serve()
    agency = get(sim, f"/agency{suffix}")
    assert agency.status_code == 200
    assert agency.json() == {"agency": {"id": 77, "name": "Test Agency"}}
    assert agency.headers["Content-Type"].startswith("application/json")

    for path, key, count in LIST_PATHS:
        response = get(sim, path + suffix)
        assert response.status_code == 200, path
        body = response.json()
        assert len(body[key]) == count, path
        assert body["total_entries"] == count

    account = get(sim, f"/accounts/{ACCOUNT_ID}{suffix}")
    assert account.status_code == 200
    assert account.json()["id"] == ACCOUNT_ID
    call = get(sim, f"/accounts/{ACCOUNT_ID}/calls/902{suffix}")
    assert call.status_code == 200
    assert call.json()["id"] == 902


def test_accounts_carry_agency_id_and_triggers_come_as_automators(serve: Callable[..., CTMSimulator]) -> None:
    sim = serve()
    accounts = get(sim, "/accounts").json()["accounts"]
    assert accounts[0]["agency_id"] == 77
    assert get(sim, f"/accounts/{ACCOUNT_ID}").json()["agency_id"] == 77
    body = get(sim, f"/accounts/{ACCOUNT_ID}/triggers").json()
    assert "triggers" not in body
    assert body["automators"][0]["id"] == 21


def test_unknown_account_call_and_path_are_404_json(serve: Callable[..., CTMSimulator]) -> None:
    sim = serve()
    for path in (
        "/accounts/999999",
        "/accounts/999999/users.json",
        f"/accounts/{ACCOUNT_ID}/calls/1",
        f"/accounts/{ACCOUNT_ID}/numbers",
        "/nothing",
        "/accounts/1004/calls/902/extra",
    ):
        response = get(sim, path)
        assert response.status_code == 404, path
        assert response.json()["status"] == "error"
    outside = requests.get(sim.base_url + "/favicon.ico", auth=AUTH, timeout=5)
    assert outside.status_code == 404


def test_writes_are_405_and_garbage_request_is_400(serve: Callable[..., CTMSimulator]) -> None:
    sim = serve()
    response = requests.post(sim.api_url + "/accounts", json={"account": {}}, auth=AUTH, timeout=5)
    assert response.status_code == 405
    assert response.json()["status"] == "error"
    with socket.create_connection(("127.0.0.1", sim.port), timeout=5) as conn:
        conn.sendall(b"THIS IS NOT HTTP\r\n\r\n")
        reply = conn.recv(4096)
    assert reply.startswith(b"HTTP/1.1 400") or reply.startswith(b"HTTP/1.0 400")
    # The server is still up after both, and logged both.
    assert get(sim, "/agency").status_code == 200
    assert [r.status for r in sim.requests] == [405, 400, 200]
    assert sim.requests[0] == ("POST", "/api/v1/accounts", 405)


# -- auth ---------------------------------------------------------------------------------------


def test_auth_with_configured_credentials(serve: Callable[..., CTMSimulator]) -> None:
    sim = serve(tiny_agency(credentials={"access_key": "AK_real", "secret_key": "SK_real"}))
    missing = get(sim, "/accounts", auth=None)
    assert missing.status_code == 401
    assert missing.json()["status"] == "error"
    assert get(sim, "/accounts", auth=("AK_real", "wrong")).status_code == 401
    assert get(sim, "/accounts", auth=("wrong", "SK_real")).status_code == 401
    assert get(sim, "/accounts", auth=("AK_real", "SK_real")).status_code == 200
    # Auth is checked before routing: an unknown path does not leak a 404 to strangers.
    assert get(sim, "/nothing", auth=None).status_code == 401


def test_any_nonempty_basic_credentials_without_configured_ones(serve: Callable[..., CTMSimulator]) -> None:
    sim = serve()
    assert get(sim, "/accounts", auth=("anything", "goes")).status_code == 200
    assert get(sim, "/accounts", auth=None).status_code == 401
    assert get(sim, "/accounts", auth=("", "")).status_code == 401
    bearer = requests.get(sim.api_url + "/accounts", headers={"Authorization": "Bearer abc"}, timeout=5)
    assert bearer.status_code == 401
    garbage = requests.get(sim.api_url + "/accounts", headers={"Authorization": "Basic %%%"}, timeout=5)
    assert garbage.status_code == 401


# -- pagination ---------------------------------------------------------------------------------


def test_page_walk_following_next_page_yields_every_item_once(serve: Callable[..., CTMSimulator]) -> None:
    sim = serve(tiny_agency(accounts=23))
    seen: list[int] = []
    url: str | None = sim.api_url + "/accounts.json?per_page=5"
    pages = 0
    while url:
        assert url.startswith(sim.base_url + "/api/v1/accounts.json?")  # absolute, own origin, keeps .json
        body = requests.get(url, auth=AUTH, timeout=5).json()
        pages += 1
        assert body["per_page"] == 5
        assert body["total_entries"] == 23
        assert body["total_pages"] == 5
        assert parse_qs(urlsplit(url).query)["per_page"] == ["5"]
        seen += [a["id"] for a in body["accounts"]]
        url = body["next_page"]
    assert pages == 5
    assert sorted(seen) == [ACCOUNT_ID + n for n in range(23)]
    assert len(seen) == len(set(seen))


def test_page_links_and_defaults(serve: Callable[..., CTMSimulator]) -> None:
    sim = serve(tiny_agency(accounts=23))
    first = get(sim, "/accounts").json()
    assert first["page"] == 1
    assert first["per_page"] == 10
    assert len(first["accounts"]) == 10
    assert first["previous_page"] is None
    second = get(sim, "/accounts", page=2, per_page=10, names=1).json()
    query = parse_qs(urlsplit(second["next_page"]).query)
    assert query == {"page": ["3"], "per_page": ["10"], "names": ["1"]}  # other params are carried too
    assert parse_qs(urlsplit(second["previous_page"]).query)["page"] == ["1"]
    last = get(sim, "/accounts", page=3).json()
    assert last["next_page"] is None
    assert len(last["accounts"]) == 3
    beyond = get(sim, "/accounts", page=9).json()
    assert beyond["accounts"] == []
    assert beyond["next_page"] is None


def test_per_page_limit_and_bad_numbers(serve: Callable[..., CTMSimulator]) -> None:
    sim = serve(tiny_agency(accounts=3))
    ok = get(sim, "/accounts", per_page=150)
    assert ok.status_code == 200
    assert len(ok.json()["accounts"]) == 3
    too_many = get(sim, "/accounts", per_page=151)
    assert too_many.status_code == 400
    assert too_many.json() == {"error": "per_page limit is 150"}
    for params in ({"page": "abc"}, {"page": "0"}, {"page": "-1"}, {"per_page": "x"}, {"per_page": "0"}):
        response = get(sim, "/accounts", **params)
        assert response.status_code == 400, params
        assert response.json()["status"] == "error"


# -- calls --------------------------------------------------------------------------------------


def test_exclude_fields_on_list_and_single_call(serve: Callable[..., CTMSimulator]) -> None:
    sim = serve()
    calls = get(sim, f"/accounts/{ACCOUNT_ID}/calls", exclude_fields="transcription_text,notes").json()[
        "calls"
    ]
    assert calls
    for call in calls:
        assert "transcription_text" not in call
        assert "notes" not in call
        assert call["caller_number"] == "+16145550142"
    one = get(sim, f"/accounts/{ACCOUNT_ID}/calls/901.json", exclude_fields="name").json()
    assert "name" not in one
    assert "notes" in one
    # The served data itself is untouched.
    assert "notes" in get(sim, f"/accounts/{ACCOUNT_ID}/calls").json()["calls"][0]


def test_calls_date_filter(serve: Callable[..., CTMSimulator]) -> None:
    sim = serve()
    path = f"/accounts/{ACCOUNT_ID}/calls"
    between = get(sim, path, start_date="2026-11-10", end_date="2026-11-28").json()
    assert [c["id"] for c in between["calls"]] == [902, 903]
    assert between["total_entries"] == 2
    assert [c["id"] for c in get(sim, path, end_date="2026-11-01").json()["calls"]] == [901]
    assert get(sim, path, start_date="11/01/2026").status_code == 400


# -- faults and load ----------------------------------------------------------------------------


def test_fault_fires_times_then_answers_normally(serve: Callable[..., CTMSimulator]) -> None:
    fault = {"path": f"/api/v1/accounts/{ACCOUNT_ID}/users", "status": 503, "times": 2, "retry_after": 3}
    sim = serve(tiny_agency(faults=[fault]))
    first = get(sim, f"/accounts/{ACCOUNT_ID}/users")
    assert first.status_code == 503
    assert first.headers["Retry-After"] == "3"
    assert first.json()["status"] == "error"
    assert get(sim, f"/accounts/{ACCOUNT_ID}/users.json").status_code == 503  # .json matches too
    third = get(sim, f"/accounts/{ACCOUNT_ID}/users")
    assert third.status_code == 200
    assert len(third.json()["users"]) == 2
    # Other paths were never affected.
    assert get(sim, f"/accounts/{ACCOUNT_ID}/webhooks").status_code == 200
    statuses = [r.status for r in sim.requests if "/users" in r.path]
    assert statuses == [503, 503, 200]


def test_fault_always_with_custom_body_and_relative_wildcard_path(serve: Callable[..., CTMSimulator]) -> None:
    faults = [
        {"path": "/accounts/*/webhooks.json", "status": 403, "body": {"status": "error", "reason": "denied"}},
    ]
    sim = serve(tiny_agency(faults=faults))
    for _ in range(3):
        response = get(sim, f"/accounts/{ACCOUNT_ID}/webhooks")
        assert response.status_code == 403
        assert response.json() == {"status": "error", "reason": "denied"}
        assert "Retry-After" not in response.headers


def test_malformed_body_fault_is_sent_raw(serve: Callable[..., CTMSimulator]) -> None:
    broken = '{"calls": [{"id": 1, '
    sim = serve(
        tiny_agency(
            faults=[
                {"path": f"/api/v1/accounts/{ACCOUNT_ID}/calls", "status": 200, "body": broken, "times": 1}
            ]
        )
    )
    response = get(sim, f"/accounts/{ACCOUNT_ID}/calls")
    # status 200 with a body is a malformed answer, not latency: the raw body is served.
    assert response.status_code == 200
    assert response.text == broken
    with pytest.raises(ValueError):
        response.json()
    assert get(sim, f"/accounts/{ACCOUNT_ID}/calls").json()["total_entries"] == 3


def test_delay_faults_and_global_latency(serve: Callable[..., CTMSimulator]) -> None:
    faults = [{"path": "/api/v1/agency", "delay_ms": 250, "times": 1}]
    sim = serve(tiny_agency(faults=faults))
    started = time.monotonic()
    response = get(sim, "/agency")
    assert time.monotonic() - started >= 0.25
    assert response.status_code == 200  # delay only: answered normally
    started = time.monotonic()
    get(sim, "/agency")
    assert time.monotonic() - started < 0.2  # times=1: the second request is not delayed

    slow = serve(latency_ms=100)
    started = time.monotonic()
    assert get(slow, "/agency").status_code == 200
    assert time.monotonic() - started >= 0.1


def test_random_rate_limit(serve: Callable[..., CTMSimulator]) -> None:
    always = serve(rate_limit_ratio=1.0)
    limited = get(always, "/accounts")
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "0"

    def statuses(seed: int) -> list[int]:
        sim = serve(rate_limit_ratio=0.5, seed=seed)
        return [get(sim, "/agency").status_code for _ in range(20)]

    first = statuses(7)
    assert set(first) == {200, 429}
    assert statuses(7) == first  # seeded: reproducible


def test_concurrent_requests_are_served_in_parallel(serve: Callable[..., CTMSimulator]) -> None:
    sim = serve(tiny_agency(accounts=50), latency_ms=100)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=25) as pool:
        codes = list(pool.map(lambda n: get(sim, f"/accounts/{ACCOUNT_ID + n}").status_code, range(50)))
    elapsed = time.monotonic() - started
    assert codes == [200] * 50
    assert elapsed < 0.9  # serial: 5 s; a too-small listen backlog: over 1 s (SYN retry)
    assert sim.request_count == 50


# -- lifecycle ----------------------------------------------------------------------------------


def test_stop_releases_port_and_threads_even_with_open_keepalive(no_thread_left: None) -> None:
    with CTMSimulator(tiny_agency()) as sim:
        port = sim.port
        assert sim.base_url == f"http://127.0.0.1:{port}"
        assert sim.api_url == f"http://127.0.0.1:{port}/api/v1"
        session = requests.Session()
        assert session.get(sim.api_url + "/agency", auth=AUTH, timeout=5).status_code == 200
        started = time.monotonic()
    assert time.monotonic() - started < 1.5  # an idle keep-alive connection does not hold up stop()
    session.close()
    sim.stop()  # idempotent
    with CTMSimulator(tiny_agency(), port=port) as again:
        assert again.port == port
        assert requests.get(again.api_url + "/agency", auth=AUTH, timeout=5).status_code == 200
    with pytest.raises(RuntimeError):
        _ = sim.base_url


def test_stop_interrupts_a_long_injected_delay(no_thread_left: None) -> None:
    sim = CTMSimulator(tiny_agency(faults=[{"path": "/api/v1/agency", "delay_ms": 30_000}])).start()
    worker = threading.Thread(target=lambda: _swallow(lambda: get(sim, "/agency")))
    worker.start()
    time.sleep(0.1)
    started = time.monotonic()
    sim.stop()
    worker.join(5)
    assert time.monotonic() - started < 2


def _swallow(action: Callable[[], object]) -> None:
    with contextlib.suppress(requests.RequestException):
        action()


def test_main_serves_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], no_thread_left: None) -> None:
    snapshot = tmp_path / "agency.json"
    snapshot.write_text(json.dumps(tiny_agency()))
    seen: list[int] = []

    def ready(sim: CTMSimulator) -> None:
        seen.append(requests.get(sim.api_url + "/accounts", auth=AUTH, timeout=5).status_code)

    assert main([str(snapshot), "--port", "0"], ready=ready) == 0
    assert seen == [200]
    assert "http://127.0.0.1:" in capsys.readouterr().out
    assert main([str(tmp_path / "missing.json")]) == 2
    assert "missing.json" in capsys.readouterr().err


# -- agency file --------------------------------------------------------------------------------


def _load_text(tmp_path: Path, text: str) -> AgencyFile:
    path = tmp_path / "agency.json"
    path.write_text(text)
    return load_agency_file(path)


def _error_for(tmp_path: Path, data: Any) -> AgencyFileError:
    with pytest.raises(AgencyFileError) as info:
        _load_text(tmp_path, json.dumps(data))
    return info.value


def test_agency_file_loads_and_keeps_unknown_fields(tmp_path: Path) -> None:
    data = tiny_agency(faults=[{"path": "/api/v1/agency", "status": 500}], future_field={"x": 1})
    data["accounts"][0]["numbers"] = [{"id": "TPN1"}]
    agency = _load_text(tmp_path, json.dumps(data))
    assert agency.model_extra == {"future_field": {"x": 1}}
    assert agency.accounts[0].model_extra == {"numbers": [{"id": "TPN1"}]}
    assert agency.accounts[0].account_id == "1004"
    assert agency.account(1004) is agency.accounts[0]
    assert agency.faults[0].times is None
    assert agency.credentials is None


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d.pop("agency"), "agency"),
        (lambda d: d["agency"].pop("id"), "agency.id"),
        (lambda d: d["accounts"][0]["account"].pop("id"), "accounts[0].account.id"),
        (lambda d: d["accounts"][1].pop("account"), "accounts[1].account"),
        (lambda d: d["accounts"][0].update(users="Dana Whitfield 614-555-0142"), "accounts[0].users"),
        (lambda d: d.update(faults=[{"path": "/x", "status": "often"}]), "faults[0].status"),
        (lambda d: d.update(faults=[{"path": "/x", "times": -1}]), "faults[0].times"),
        (lambda d: d.update(faults=[{"status": 500}]), "faults[0].path"),
        (lambda d: d.update(credentials={"access_key": "AK", "secret_key": ""}), "credentials.secret_key"),
        (lambda d: d["accounts"][1]["account"].update(id=1004), "accounts[1].account.id"),
        (lambda d: d.update(acounts=d.pop("accounts")), "<root>"),
        (lambda d: d["accounts"][0].update(usres=d["accounts"][0].pop("users")), "accounts[0]"),
    ],
)
def test_agency_file_errors_name_the_field(
    tmp_path: Path, mutate: Callable[[dict[str, Any]], Any], field: str
) -> None:
    data = tiny_agency(accounts=2)
    mutate(data)
    error = _error_for(tmp_path, data)
    assert error.field == field
    assert f"'{field}'" in str(error)
    assert "Dana" not in str(error)  # values (PHI) are never echoed
    assert "555" not in str(error)


@pytest.mark.parametrize(
    ("misspelt", "known"), [("acounts", "accounts"), ("credentails", "credentials"), ("faluts", "faults")]
)
def test_a_misspelt_field_of_the_file_is_refused_with_a_suggestion(
    tmp_path: Path, misspelt: str, known: str
) -> None:
    # Kept as an unknown field, `acounts` would be read as an agency without accounts.
    data = tiny_agency()
    data[misspelt] = data.pop(known, [])
    error = _error_for(tmp_path, data)
    assert error.reason == f'an unknown field is nearly a known one; did you mean "{known}"?'
    assert misspelt not in str(error)  # a key the file holds is not repeated


def test_agency_file_broken_json_missing_file_and_wrong_root(tmp_path: Path) -> None:
    with pytest.raises(AgencyFileError, match=r"not valid JSON: .* line 1 column"):
        _load_text(tmp_path, '{"agency": {"id": 1, "name": "Dana Whitfield"')
    with pytest.raises(AgencyFileError, match="file not found"):
        load_agency_file(tmp_path / "nope.json")
    assert _error_for(tmp_path, [1, 2]).field == "<root>"


def test_simulator_rejects_invalid_agency_data() -> None:
    with pytest.raises(AgencyFileError) as info:
        CTMSimulator({"accounts": []})
    assert info.value.field == "agency"
    assert parse_agency(tiny_agency()).agency.name == "Test Agency"


@pytest.mark.parametrize("agency", [{"id": 77, "name": None}, {"id": 77}], ids=["null", "absent"])
def test_an_agency_without_a_name_is_served_and_audited(
    serve: Callable[..., CTMSimulator], agency: dict[str, Any]
) -> None:
    # CTM types names as nullable (tests/data/ctm_schemas/account.json); the agency's is no different.
    from ctm_hipaa.ctm import CTMClient

    data = tiny_agency()
    data["agency"] = agency
    assert parse_agency(data).agency.name is None
    sim = serve(data)
    assert get(sim, "/agency").json() == {"agency": {"id": 77, "name": None}}
    with CTMClient(*AUTH, base_url=sim.base_url, requests_per_second=None) as client:
        assert client.agency().name is None
