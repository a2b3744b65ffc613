"""`ctm-hipaa audit` without --snapshot: the live agency, read through the real client over HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from audit_support import deployed_stack, leaked, phi_values, sample_agency
from aws_lambda_powertools.utilities import parameters
from moto import mock_aws

from ctm_hipaa.attestations import DEFAULT_MAX_AGE_DAYS, AttestationStore
from ctm_hipaa_tools.agency_file import sample_attestations
from ctm_hipaa_tools.cli import main
from ctm_hipaa_tools.simulator import CTMSimulator
from ctm_hipaa_tools.template import Template

KEYS = {"access_key": "live-key", "secret_key": "live-secret-never-shown"}
ACCOUNTS = {"412230", "412233", "412236", "412239", "412242"}
GATE_LINE = "ctm-hipaa audit: 2 FAIL, MANUAL or ERROR result(s) of severity critical or above"


@pytest.fixture
def agency_file(tmp_path: Path) -> Path:
    """The sample agency behind keys: the simulator refuses any other."""
    path = tmp_path / "agency.json"
    path.write_text(json.dumps({**sample_agency(), "credentials": KEYS}))
    return path


@pytest.fixture
def attestations_file(tmp_path: Path) -> Path:
    path = tmp_path / "attestations.json"
    path.write_text(sample_attestations().model_dump_json())
    return path


@pytest.fixture
def live_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CTM_ACCESS_KEY", KEYS["access_key"])
    monkeypatch.setenv("CTM_SECRET_KEY", KEYS["secret_key"])
    monkeypatch.setenv("CTM_REQUESTS_PER_SECOND", "1000")


@pytest.fixture
def simulator(agency_file: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CTMSimulator]:
    with CTMSimulator(json.loads(agency_file.read_text())) as sim:
        monkeypatch.setenv("CTM_API_BASE_URL", sim.base_url)
        yield sim


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ctm_hipaa_tools.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture
def simulator_process(agency_file: Path) -> Iterator[str]:
    """`python -m ctm_hipaa_tools.simulator FILE` as its own process; yields its origin."""
    process = subprocess.Popen(
        [sys.executable, "-m", "ctm_hipaa_tools.simulator", str(agency_file), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # "CTM simulator: ... at http://127.0.0.1:PORT/api/v1 (Ctrl-C ...)"
        api_url = next(word for word in line.split() if word.startswith("http://"))
        yield api_url.removesuffix("/api/v1")
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_live_audit_of_a_simulator_process_gives_the_snapshot_audits_results(
    simulator_process: str, agency_file: Path, attestations_file: Path
) -> None:
    env = {
        **os.environ,
        "CTM_ACCESS_KEY": KEYS["access_key"],
        "CTM_SECRET_KEY": KEYS["secret_key"],
        "CTM_API_BASE_URL": simulator_process,
        # The pace has tests of its own (tests/ctm/test_ctm_ratelimit.py); at the default 5
        # requests/s this audit takes about 6 s, nearly all of it waiting.
        "CTM_REQUESTS_PER_SECOND": "1000",
    }
    started = time.monotonic()
    live = cli("audit", "--attestations", str(attestations_file), "--format", "json", env=env)
    elapsed = time.monotonic() - started
    offline = cli(
        "audit",
        "--snapshot",
        str(agency_file),
        "--attestations",
        str(attestations_file),
        "--format",
        "json",
        env=env,
    )

    assert live.returncode == offline.returncode == 1  # --fail-on critical: the BAA MANUALs
    results: list[dict[str, Any]] = json.loads(live.stdout)
    assert results == json.loads(offline.stdout)
    assert {r["account_id"] for r in results} == ACCOUNTS
    progress, gate_line = live.stderr.splitlines()[:-1], live.stderr.splitlines()[-1]
    assert gate_line == GATE_LINE
    assert [line.split(",")[0] for line in progress] == [f"audited {n}/5 accounts" for n in range(1, 6)]
    # One request to list the accounts, then one per part of each account (no list spans a page).
    assert progress[-1] == "audited 5/5 accounts, 31 requests, 0 retries"
    for stream in (live.stdout, live.stderr):
        assert KEYS["secret_key"] not in stream
        assert leaked(stream, phi_values(sample_agency())) == []
    print(f"live audit of the sample agency through the simulator process: {elapsed:.2f} s")


def test_without_keys_it_says_how_to_give_them_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("CTM_ACCESS_KEY", raising=False)
    monkeypatch.setenv("CTM_SECRET_KEY", "only-half")
    assert main(["audit"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "ctm-hipaa audit: set CTM_ACCESS_KEY and CTM_SECRET_KEY, or pass --secret-arn, or --snapshot FILE\n"
    )


@pytest.mark.usefixtures("live_env")
def test_refused_keys_exit_1_with_one_line(
    simulator: CTMSimulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CTM_SECRET_KEY", "wrong-secret")
    assert main(["audit"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.startswith(
        "ctm-hipaa audit: cannot list the accounts"
    )
    assert "wrong-secret" not in captured.err


@pytest.mark.usefixtures("live_env")
def test_account_chooses_the_accounts_read(
    simulator: CTMSimulator, attestations_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["audit", "--account", "412233", "--attestations", str(attestations_file), "--format", "json"]
    )
    captured = capsys.readouterr()
    assert code == 0
    assert {r["account_id"] for r in json.loads(captured.out)} == {"412233"}
    assert captured.err == "audited 1/1 accounts, 7 requests, 0 retries\n"
    read = {record.path.split("?")[0] for record in simulator.requests}
    assert all("/accounts/412233" in path for path in read if path.startswith("/api/v1/accounts/"))


@pytest.mark.usefixtures("live_env")
def test_an_account_the_agency_lacks_exits_2_naming_the_agency(
    simulator: CTMSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "--account", "999"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        "ctm-hipaa audit: --account '999' is not an account of the agency; choose from 412230"
    )


@pytest.mark.usefixtures("live_env")
def test_attestations_of_an_account_the_agency_lacks_are_a_warning(
    simulator: CTMSimulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "att.yaml"
    path.write_text("accounts:\n  '412233': {plan: Advanced}\n  '412299': {plan: Advanced}\n")
    assert main(["audit", "--account", "412233", "--attestations", str(path), "--fail-on", "none"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        "ctm-hipaa audit: warning: the attestations name 1 account the agency does not have (412299); "
        "their blocks are not used"
    )
    assert err[1:] == ["audited 1/1 accounts, 7 requests, 0 retries"]


@pytest.mark.usefixtures("live_env")
def test_retries_are_counted_in_the_progress(
    agency_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    agency = json.loads(agency_file.read_text())
    agency["faults"] = [
        {"path": "/api/v1/accounts/412230/users", "status": 429, "times": 1, "retry_after": 0}
    ]
    with CTMSimulator(agency) as sim:
        monkeypatch.setenv("CTM_API_BASE_URL", sim.base_url)
        assert main(["audit", "--account", "412230", "--fail-on", "none"]) == 0
    assert capsys.readouterr().err == "audited 1/1 accounts, 8 requests, 1 retry\n"


@pytest.fixture
def secrets(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("CTM_ACCESS_KEY", raising=False)
    monkeypatch.delenv("CTM_SECRET_KEY", raising=False)
    monkeypatch.setenv("CTM_REQUESTS_PER_SECOND", "1000")
    parameters.clear_caches()  # type: ignore[no-untyped-call]
    with mock_aws():
        yield boto3.client("secretsmanager", region_name="us-east-1")
    parameters.clear_caches()  # type: ignore[no-untyped-call]


def test_secret_arn_reads_the_keys_of_the_deployed_secret(
    secrets: Any, simulator: CTMSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    arn = secrets.create_secret(Name="ctm/api", SecretString=json.dumps(KEYS))["ARN"]
    assert main(["audit", "--secret-arn", arn, "--account", "412230", "--fail-on", "none"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("Account 412230 (")
    assert KEYS["secret_key"] not in captured.out + captured.err


def test_an_unreadable_secret_exits_2_with_one_line(secrets: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--secret-arn", "ctm/absent"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith("ctm-hipaa audit: cannot read the secret ctm/absent: no such resource")


@pytest.mark.usefixtures("no_aws_configured")
def test_secret_arn_without_aws_configured_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    parameters.clear_caches()  # type: ignore[no-untyped-call]
    assert main(["audit", "--secret-arn", "ctm/api"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("ctm-hipaa audit: "), err
    parameters.clear_caches()  # type: ignore[no-untyped-call]


@pytest.mark.usefixtures("live_env")
def test_stack_reads_the_attestations_recorded_in_the_deployed_stack(
    aws: boto3.session.Session,
    stack: Template,
    findings_table: Any,
    simulator: CTMSimulator,
    attestations_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    AttestationStore(findings_table).record(sample_attestations(), recorded_by="test", note="sample")
    stack_name = deployed_stack(aws, stack, str(DEFAULT_MAX_AGE_DAYS))
    items_before = findings_table.scan()["Count"]
    assert main(["audit", "--attestations", str(attestations_file), "--format", "json"]) == 1
    from_file = json.loads(capsys.readouterr().out)

    assert main(["audit", "--stack", stack_name, "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out) == from_file
    assert findings_table.scan()["Count"] == items_before  # nothing written without --store

    # The stack's maximum age is the one applied: a day makes every attestation stale.
    aws.client("cloudformation").delete_stack(StackName=stack_name)
    deployed_stack(aws, stack, "1")
    assert main(["audit", "--stack", stack_name, "--format", "json", "--fail-on", "none"]) == 0
    baa = {r["status"] for r in json.loads(capsys.readouterr().out) if r["check_id"] == "baa_in_place"}
    assert baa == {"MANUAL"}


@pytest.mark.usefixtures("live_env")
def test_a_stack_that_is_not_there_exits_2_with_one_line(
    aws: boto3.session.Session, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "--stack", "absent"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.startswith(
        "ctm-hipaa audit: cannot read the stack absent"
    )


@pytest.mark.usefixtures("live_env")
def test_store_records_the_audit_in_the_stack_as_the_auditor_does(
    aws: boto3.session.Session,
    stack: Template,
    findings_table: Any,
    simulator: CTMSimulator,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from ctm_hipaa.audit import RunStore
    from ctm_hipaa.findings import FindingStore

    AttestationStore(findings_table).record(sample_attestations(), recorded_by="test", note="sample")
    stack_name = deployed_stack(aws, stack, str(DEFAULT_MAX_AGE_DAYS))
    assert main(["audit", "--stack", stack_name, "--format", "json"]) == 1
    in_memory = json.loads(capsys.readouterr().out)

    assert main(["audit", "--stack", stack_name, "--store", "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out) == in_memory
    assert captured.err.splitlines()[-2].startswith("audited 5/5 accounts")
    failing = {(r["account_id"], r["check_id"]) for r in in_memory if r["status"] == "FAIL"}
    stored = {
        (f.account_id, f.check_id)
        for account_id in ACCOUNTS
        for f in FindingStore(findings_table).findings_for_account(account_id)
    }
    assert failing and failing <= stored
    (run,) = RunStore(findings_table).recent_runs()
    assert run.source == "local" and set(run.expected) == ACCOUNTS
    assert {r.account_id for r in RunStore(findings_table).account_records(run.run_id)} == ACCOUNTS


@pytest.mark.parametrize("args", [["--store"], ["--store", "--stack", "s", "--snapshot", "agency.json"]])
def test_store_without_a_stack_or_with_a_snapshot_exits_2(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", *args]) == 2
    assert capsys.readouterr().err == (
        "ctm-hipaa audit: --store needs --stack NAME and a live audit (no --snapshot)\n"
    )
