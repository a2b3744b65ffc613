"""Fixtures for the CTM client and collector tests: small agencies served by the real simulator."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from ctm_hipaa.ctm.client import CTMClient
from ctm_hipaa_tools.simulator import CTMSimulator

ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"


class FakeTime:
    """A monotonic clock that only moves when the code under test sleeps; records every sleep."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def make_account(account_id: int, *, users: int = 2, calls: int = 3) -> dict[str, Any]:
    """One account entry shaped as the simulator serves it."""
    return {
        "account": {"id": account_id, "name": f"Clinic {account_id}", "status": "active"},
        "users": [
            {
                "id": f"USR{account_id}{i:04d}",
                "first_name": "Pat",
                "last_name": f"User{i}",
                "email": f"user{i}@clinic{account_id}.example.com",
                "role": "admin" if i == 0 else "call_agent",
                "status": "active",
                "recording_access_settings": {"password_protected": True},
            }
            for i in range(users)
        ],
        "webhooks": [
            {
                "id": 7001,
                "name": "CRM",
                "position": "end",
                "weburl": "https://crm.example.com/hook",
                "username": "u",
            }
        ],
        "triggers": [
            {
                "id": 8001,
                "name": "Notify front desk",
                "position": "end",
                "routing_rules": [
                    {
                        "conditions": [],
                        "actions": [{"id": 1, "type": "email", "to": "desk@example.com", "fields": ["name"]}],
                    }
                ],
            }
        ],
        "call_settings": [
            {
                "id": 9001,
                "name": "Default",
                "default": True,
                "inbound_recordings_on": True,
                "transcription": False,
            }
        ],
        "calls": [
            {
                "id": 500000 + i,
                "account_id": account_id,
                "tracking_label": "Main Line",
                "campaign": "Brand",
                "source": "Google Organic",
                "redacted": False,
                "name": "Dana Whitfield",
                "transcription_text": "Caller: I need a knee consult",
                "notes": "on blood thinners",
                "audio": "https://calltrackingmetrics.com/recordings/RE1",
            }
            for i in range(calls)
        ],
    }


def make_agency(
    *accounts: dict[str, Any], faults: list[dict[str, Any]] | None = None, credentials: bool = True
) -> dict[str, Any]:
    """An agency snapshot dict (DESIGN.md "Agency snapshot")."""
    agency: dict[str, Any] = {
        "agency": {"id": 42, "name": "Test Agency"},
        "accounts": list(accounts) or [make_account(1001)],
        "faults": faults or [],
    }
    if credentials:
        agency["credentials"] = {"access_key": ACCESS_KEY, "secret_key": SECRET_KEY}
    return agency


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


def settled(sim: CTMSimulator, expected: int, timeout: float = 2.0) -> int:
    """The simulator's request count once it has logged at least `expected` requests.

    The simulator logs a request just after writing its answer, so a client may hold the answer a
    moment before the log shows it.
    """
    deadline = time.monotonic() + timeout
    while sim.request_count < expected and time.monotonic() < deadline:
        time.sleep(0.005)
    return sim.request_count


@pytest.fixture(name="settled")
def settled_fixture() -> Callable[..., int]:
    return settled


@pytest.fixture(name="make_account")
def make_account_fixture() -> Callable[..., dict[str, Any]]:
    return make_account


@pytest.fixture(name="make_agency")
def make_agency_fixture() -> Callable[..., dict[str, Any]]:
    return make_agency


@pytest.fixture
def serve() -> Iterator[Callable[[dict[str, Any]], CTMSimulator]]:
    """Start a simulator for an agency dict; every simulator started is stopped after the test."""
    started: list[CTMSimulator] = []

    def _serve(agency: dict[str, Any]) -> CTMSimulator:
        sim = CTMSimulator(agency).start()
        started.append(sim)
        return sim

    yield _serve
    for sim in started:
        sim.stop()


@pytest.fixture
def make_client(fake_time: FakeTime) -> Iterator[Callable[..., CTMClient]]:
    """A client with fast, test-friendly settings: fake sleep and clock, no pacing by default."""
    clients: list[CTMClient] = []

    def _make(base_url: str, **overrides: Any) -> CTMClient:
        kwargs: dict[str, Any] = {
            "base_url": base_url,
            "connect_timeout": 1.0,
            "read_timeout": 2.0,
            "max_attempts": 4,
            "total_timeout": 30.0,
            "requests_per_second": None,
            "sleep": fake_time.sleep,
            "clock": fake_time.clock,
        }
        kwargs.update(overrides)
        access = kwargs.pop("access_key", ACCESS_KEY)
        secret = kwargs.pop("secret_key", SECRET_KEY)
        client = CTMClient(access, secret, **kwargs)
        clients.append(client)
        return client

    yield _make
    for client in clients:
        client.close()
