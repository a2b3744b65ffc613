"""collect_account against the CTM simulator: one read per part, failures recorded as data."""

from __future__ import annotations

from datetime import UTC, datetime

from ctm_hipaa.ctm.collector import collect_account
from ctm_hipaa.ctm.models import SNAPSHOT_PARTS, AccountSnapshot

FIXED = datetime(2025, 3, 4, 12, 0, tzinfo=UTC)
PARTS = SNAPSHOT_PARTS


def collect(client, account_id, **kw) -> AccountSnapshot:
    return collect_account(client, account_id, clock=lambda: FIXED, **kw)


def test_full_snapshot_of_a_normal_account(serve, make_client, make_agency, make_account, settled):
    sim = serve(make_agency(make_account(1001, users=5, calls=80), make_account(1002)))
    client = make_client(sim.base_url)

    snap = collect(client, 1001, calls_limit=30)

    assert snap.complete is True
    assert snap.account_id == "1001" and snap.collected_at == FIXED
    assert snap.requests_made == 6 <= 8
    assert settled(sim, 6) == 6
    assert snap.account.items is not None and snap.account.items[0].name == "Clinic 1001"
    assert snap.users.items is not None and len(snap.users.items) == 5
    assert snap.webhooks.items is not None and snap.webhooks.items[0].id == "7001"
    assert (
        snap.triggers.items is not None and snap.triggers.items[0].routing_rules[0].actions[0].type == "email"
    )
    assert snap.call_settings.items is not None and snap.call_settings.items[0].default is True
    assert snap.calls.items is not None and len(snap.calls.items) == 30
    assert all("transcription_text" not in (c.model_extra or {}) for c in snap.calls.items)
    assert all(getattr(snap, p).error is None for p in PARTS)
    # the snapshot round-trips as JSON (it is what the auditor stores or passes on)
    assert AccountSnapshot.model_validate_json(snap.model_dump_json()).complete


def test_requests_made_counts_only_this_account(serve, make_client, make_agency, make_account):
    sim = serve(make_agency(make_account(1001), make_account(1002, users=320)))
    client = make_client(sim.base_url)
    first = collect(client, 1001)
    second = collect(client, 1002)
    assert first.requests_made == 6
    assert second.requests_made == 8  # users span three pages
    assert client.stats.requests == 14


def test_one_part_forbidden_others_still_read(serve, make_client, make_agency, make_account):
    faults = [{"path": "/api/v1/accounts/1001/users", "status": 403, "body": {"reason": "Dana Whitfield"}}]
    sim = serve(make_agency(make_account(1001), faults=faults))
    client = make_client(sim.base_url)

    snap = collect(client, 1001)

    assert snap.complete is False
    assert snap.users.items is None
    err = snap.users.error
    assert err is not None
    assert (err.kind, err.status, err.path) == ("forbidden", 403, "/api/v1/accounts/1001/users")
    assert "lacks access" in err.message and "Dana" not in err.message
    for part in (p for p in PARTS if p != "users"):
        assert snap.part(part).ok, part
    assert snap.requests_made == 6  # a 403 is not retried


def test_every_part_failing_is_recorded_not_raised(serve, make_client, make_agency, make_account):
    faults = [
        {"path": "/api/v1/accounts/1001", "status": 404},
        {"path": "/api/v1/accounts/1001/webhooks", "status": 429},
        {"path": "/api/v1/accounts/1001/triggers", "status": 502},
        {"path": "/api/v1/accounts/1001/call_settings", "status": 203, "body": "not json"},
        {"path": "/api/v1/accounts/1001/calls", "status": 203, "body": {"activities": []}},
    ]
    sim = serve(make_agency(make_account(1001), faults=faults))
    client = make_client(sim.base_url, max_attempts=2)

    snap = collect(client, 1001)

    kinds = {p: (getattr(snap, p).error.kind if getattr(snap, p).error else None) for p in PARTS}
    assert kinds == {
        "account": "not_found",
        "users": None,
        "webhooks": "rate_limited",
        "triggers": "upstream",
        "call_settings": "malformed",
        "calls": "malformed",
    }
    assert snap.users.ok and not snap.complete
    # 1 + 1 + 2 + 2 + 1 + 1: retries count as requests
    assert snap.requests_made == 8


def test_retries_are_counted_and_part_recovers(serve, make_client, make_agency, make_account):
    faults = [{"path": "/api/v1/accounts/1001/webhooks", "status": 500, "times": 1}]
    sim = serve(make_agency(make_account(1001), faults=faults))
    client = make_client(sim.base_url)
    snap = collect(client, 1001)
    assert snap.complete is True
    assert snap.requests_made == 7
    assert client.stats.retries == 1


def test_bad_credentials_mark_every_part_unauthorized(serve, make_client, make_agency):
    sim = serve(make_agency())
    client = make_client(sim.base_url, access_key="nope")
    snap = collect(client, 1001)
    assert not snap.complete
    assert {getattr(snap, p).error.kind for p in PARTS} == {"unauthorized"}
    assert snap.requests_made == 6
