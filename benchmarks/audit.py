"""Scheduled-audit throughput: a generated agency of 100 accounts through the auditor's code path.

Every account goes through `AuditorService.audit` (collect the snapshot over real HTTP from the CTM
simulator, run the catalog, move findings through the lifecycle in DynamoDB, alert, record the run)
with a worker pool standing in for the auditor's maximum concurrency and one shared client rate
limit per API key. DynamoDB, SNS and SQS are in-process moto. The simulator adds 50 ms to every
answer and rate-limits 1% of requests with 429 + `Retry-After: 0`.

Projection to 5,000 accounts at the template's defaults (AuditorMaxConcurrency 5, the client's
5 requests/s per key and process, so 25 requests/s against CTM in all):

    T(N) = N * max(r / (C * q), t / C)

r = mean requests per account (measured), q = requests/s per auditor instance, C = concurrency,
t = mean seconds one account takes when it is not waiting for the rate limiter (measured here).
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from typing import Any

import boto3
from moto import mock_aws

from ctm_hipaa.attestations import AttestationFile, AttestationStore, parse_attestations
from ctm_hipaa.audit import AuditorService, AuditRequest, RunMeta, RunStore
from ctm_hipaa.ctm import AccountSnapshot, CTMClient, collect_account
from ctm_hipaa.findings import AlertPublisher, FindingStore, SnsAlertSink
from ctm_hipaa_tools.provision import LOCAL_REGION, provision
from ctm_hipaa_tools.simulator import CTMSimulator
from ctm_hipaa_tools.stack import DEFAULT_SECRET, FAKE_AWS_ENV
from ctm_hipaa_tools.template import Template

# One worker and 100 accounts: every lifecycle move is a TransactWriteItems (the move and its history
# entry), and moto deep-copies every table on each one and is not thread-safe there. At 1,000 accounts
# and 20 threads one process grew past 9 GB, and threads lost audits to "dictionary changed size
# during iteration": moto's cost, which DynamoDB and Lambda (one process per invocation) never pay.
ACCOUNTS = int(os.environ.get("BENCH_AUDIT_ACCOUNTS", "100"))
CONCURRENCY = int(os.environ.get("BENCH_AUDIT_CONCURRENCY", "1"))
RATE = float(os.environ.get("BENCH_AUDIT_RATE", "400"))  # requests/s for the one API key
LATENCY_MS = 50.0
RATE_LIMIT_RATIO = 0.01
SEED = 20261129
MAX_RECEIVES = 3  # the audit queue's maxReceiveCount: a failed audit is redelivered, then dead-lettered
PROJECT_ACCOUNTS, PROJECT_CONCURRENCY, PROJECT_RATE = 5000, 5, 5.0  # template + client defaults

_FIRST = ("Avery", "Jordan", "Riley", "Casey", "Morgan", "Quinn", "Rowan", "Sage", "Emery", "Hayden")
_LAST = ("Lindgren", "Okafor", "Vasquez", "Nakamura", "Brennan", "Duarte", "Kowalski", "Haddad")
_LABELS = ("Main Line - Google", "Brand Search", "Directory Listing", "Oncology - Google", "Knee Pain Ads")


def generate_agency(accounts: int, seed: int = SEED) -> dict[str, Any]:
    """A synthetic agency: users (some on shared mailboxes), webhooks, triggers, call settings, calls."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data
    entries = []
    for index in range(accounts):
        account_id = 500000 + index
        troubled = rng.random() < 0.2  # one account in five has something to fix
        users = []
        for u in range(rng.randint(2, 8)):
            first, last = rng.choice(_FIRST), rng.choice(_LAST)
            shared = troubled and rng.random() < 0.1
            users.append(
                {
                    "id": f"USR{account_id}{u:02d}",
                    "first_name": first,
                    "last_name": last,
                    "email": f"frontdesk{index}@clinic.example.com"
                    if shared
                    else f"{first}.{last}.{u}@clinic{index}.example.com".lower(),
                    "role": rng.choice(("admin", "agent", "call_manager", "report_manager")),
                    "status": "active",
                    "recording_access_settings": {
                        "status": "all",
                        "password_protected": not (troubled and rng.random() < 0.2),
                    },
                    "notifications": {"email_notify_on_missed_calls": troubled and rng.random() < 0.2},
                }
            )
        webhooks = [
            {
                "id": account_id * 10 + w,
                "name": f"Post-call {w}",
                "position": "end",
                "weburl": "http://requests.example.com/bin"
                if troubled and rng.random() < 0.5
                else "https://hooks.carebridge.example.net/ctm",
                "username": "" if troubled and rng.random() < 0.5 else "ctm-user",
            }
            for w in range(rng.randint(0, 3))
        ]
        triggers = []
        for t in range(rng.randint(1, 4)):
            kind = rng.choice(("email", "sms", "webhook", "tag")) if troubled else "tag"
            action: dict[str, Any] = {"id": account_id * 100 + t, "type": kind, "fields": []}
            if kind != "tag":
                action.update(
                    to="ops@example.net", url="https://crm.example.org/in", fields=["caller_number", "name"]
                )
            triggers.append(
                {
                    "id": account_id * 10 + t,
                    "name": f"Trigger {t}",
                    "position": "end",
                    "routing_rules": [{"conditions": [], "actions": [action]}],
                }
            )
        call_settings = [
            {
                "id": account_id * 10 + s,
                "name": f"Setting {s}",
                "default": s == 0,
                "inbound_recordings_on": True,
                "outbound_recording_on": rng.random() < 0.5,
                "transcription": rng.random() < 0.6,
                "transcription_redaction": not (troubled and rng.random() < 0.5),
            }
            for s in range(rng.randint(1, 2))
        ]
        base = datetime(2026, 11, 20, 9, tzinfo=UTC)
        calls = [
            {
                "id": account_id * 1000 + c,
                "account_id": account_id,
                "name": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
                "caller_number": f"+1937555{rng.randint(100, 199):04d}",
                "tracking_label": rng.choice(_LABELS if troubled else _LABELS[:3]),
                "campaign": rng.choice(("Brand", "Local", "Sleep Apnea Study" if troubled else None)),
                "keyword": rng.choice((None, "clinic near me")),
                "location": "https://clinic.example.com/",
                "source": "Google Ads",
                "redacted": True,
                "unix_time": int((base + timedelta(hours=c)).timestamp()),
            }
            for c in range(rng.randint(5, 20))
        ]
        entries.append(
            {
                "account": {"id": account_id, "name": f"Clinic {index}", "status": "active"},
                "users": users,
                "webhooks": webhooks,
                "triggers": triggers,
                "call_settings": call_settings,
                "calls": calls,
            }
        )
    return {"agency": {"id": 300999, "name": "Generated Agency"}, "accounts": entries}


def attestations_for(account_ids: list[str]) -> AttestationFile:
    today = datetime.now(UTC).date()
    recent = (today - timedelta(days=10)).isoformat()
    accounts = {
        account_id: {
            "plan": "Advanced",
            "baa_signed_on": date(2024, 1, 2).isoformat(),
            "encrypted_recordings": True,
            "encrypted_recording_storage": i % 7 != 0,
            "notification_fields": [],
            "export_fields": ["name"] if i % 5 == 0 else [],
            "support_access": "off",
            "attested_by": "benchmark",
            "attested_on": recent,
        }
        for i, account_id in enumerate(account_ids)
        if i % 10 != 0
    }
    agency = {
        "idle_logout_minutes": 15,
        "mfa": {"required": True, "interval": "every_login", "email_allowed": False},
        "recordings_login_required": True,
        "recording_link_expiry_days": 7,
        "allow_account_override": False,
        "baa_vendor_hosts": ["hooks.carebridge.example.net"],
        "attested_by": "benchmark",
        "attested_on": recent,
    }
    return parse_attestations({"agency": agency, "accounts": accounts}, source="benchmark")


class _Clients:
    """One CTM client per worker thread, all sharing the key's rate limiter (as in one process)."""

    def __init__(self, base_url: str, rate: float) -> None:
        self._base_url, self._rate = base_url, rate
        self._local = threading.local()
        self.all: list[CTMClient] = []
        self._lock = threading.Lock()

    def collect(self, account_id: str) -> AccountSnapshot:
        client: CTMClient | None = getattr(self._local, "client", None)
        if client is None:
            client = CTMClient(
                DEFAULT_SECRET.access_key,
                DEFAULT_SECRET.secret_key,
                base_url=self._base_url,
                requests_per_second=self._rate,
                burst=self._rate / 10,
            )
            self._local.client = client
            with self._lock:
                self.all.append(client)
        return collect_account(client, account_id)


def run() -> None:
    """Audit the generated agency and print time, requests, retries, losses, memory and a projection."""
    print(
        f"audit benchmark: {ACCOUNTS} generated accounts, concurrency {CONCURRENCY}, "
        f"client rate {RATE:g} req/s per key, simulator latency {LATENCY_MS:g} ms, "
        f"{RATE_LIMIT_RATIO:.0%} answered 429"
    )
    saved = {name: os.environ.get(name) for name in (*FAKE_AWS_ENV, "AWS_ENDPOINT_URL")}
    os.environ.update(FAKE_AWS_ENV)
    os.environ.pop("AWS_ENDPOINT_URL", None)
    try:
        with mock_aws():
            _run()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _run() -> None:
    session = boto3.session.Session(region_name=LOCAL_REGION)
    template = provision(Template.load(overrides={"Stage": "bench"}), session, DEFAULT_SECRET)
    table = session.resource("dynamodb").Table(template.physical["FindingsTable"].ref)
    agency = generate_agency(ACCOUNTS)
    account_ids = [str(entry["account"]["id"]) for entry in agency["accounts"]]
    AttestationStore(table).record(attestations_for(account_ids), recorded_by="benchmark", note="generated")
    store = FindingStore(table)
    runs = RunStore(table)
    run_id = "bench-run"
    runs.start_run(RunMeta(run_id=run_id, started_at=datetime.now(UTC), expected=account_ids))

    with CTMSimulator(agency, latency_ms=LATENCY_MS, rate_limit_ratio=RATE_LIMIT_RATIO, seed=SEED) as sim:
        clients = _Clients(sim.base_url, RATE)
        attestations = AttestationStore(table)
        service = AuditorService(
            collect=clients.collect,
            attestations=attestations.effective,
            store=store,
            publisher=AlertPublisher(
                SnsAlertSink(session.client("sns"), template.physical["AlertsTopic"].ref), store
            ),
            runs=runs,
        )
        failures: list[str] = []
        redelivered: Counter[str] = Counter()
        first_error: dict[str, str] = {}

        def audit(account_id: str) -> None:
            # As SQS would: a failed audit comes back until maxReceiveCount, then it is lost to the DLQ.
            for _ in range(MAX_RECEIVES):
                try:
                    service.audit(AuditRequest(run_id=run_id, account_id=account_id))
                except Exception as exc:  # counted by type, as a redelivery would
                    redelivered[type(exc).__name__] += 1
                    first_error.setdefault(type(exc).__name__, str(exc))
                else:
                    return
            failures.append(account_id)

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
            list(pool.map(audit, account_ids))
        wall = time.perf_counter() - started
        http_requests = sim.request_count

    status = runs.run_status(run_id)
    records = runs.account_records(run_id)
    requests = [r.requests for r in records]
    durations = [r.duration_ms / 1000 for r in records]
    retries = sum(c.stats.retries for c in clients.all)
    throttled = sum(c.stats.throttled_seconds for c in clients.all)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lost = len(status.missing) + len(failures)

    print(f"  wall time            {wall:8.1f} s  ({len(records) / wall:.1f} accounts/s)")
    print(f"  HTTP requests        {http_requests:8d}  (simulator count)")
    print(
        f"  requests per account mean {statistics.mean(requests):.2f}, max {max(requests)} "
        "(6 parts, one page each here; the target is at most 8 beyond pagination)"
    )
    print(f"  retries (429s)       {retries:8d}")
    print(f"  redelivered audits   {sum(redelivered.values()):8d}  {dict(redelivered) or ''}")
    for name, message in first_error.items():
        print(f"    first {name}: {message}")
    print(
        f"  accounts lost        {lost:8d}  "
        f"(missing {len(status.missing)}, failed {MAX_RECEIVES} times {len(failures)})"
    )
    print(f"  incomplete accounts  {len(status.incomplete):8d}")
    print(f"  findings created     {status.created:8d}; results {status.results}")
    print(f"  per-account time     mean {statistics.mean(durations):.2f} s, max {max(durations):.2f} s")
    print(f"  rate-limiter waits   {throttled:8.1f} s in all")
    print(f"  peak memory (RSS)    {peak_mb:8.0f} MB")
    mean_requests = statistics.mean(requests)
    # t: a worker's time per account minus what it spent queued for the shared rate limiter.
    unthrottled = max(statistics.mean(durations) - throttled / max(len(records), 1), 0.0)
    rate_bound = PROJECT_ACCOUNTS * mean_requests / (PROJECT_CONCURRENCY * PROJECT_RATE)
    latency_bound = PROJECT_ACCOUNTS * unthrottled / PROJECT_CONCURRENCY
    print(
        f"  projection: {PROJECT_ACCOUNTS} accounts, concurrency {PROJECT_CONCURRENCY}, "
        f"{PROJECT_RATE:g} req/s per instance: T = N * max(r / (C * q), t / C) = "
        f"{PROJECT_ACCOUNTS} * max({mean_requests:.2f} / "
        f"({PROJECT_CONCURRENCY} * {PROJECT_RATE:g}), {unthrottled:.2f} / {PROJECT_CONCURRENCY}) = "
        f"{max(rate_bound, latency_bound) / 60:.1f} min (rate bound {rate_bound / 60:.1f} min, "
        f"latency bound {latency_bound / 60:.1f} min)"
    )
    if lost:
        raise SystemExit(f"{lost} account(s) lost")


if __name__ == "__main__":
    run()
