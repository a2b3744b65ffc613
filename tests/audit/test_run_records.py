"""An account's run record keeps its results, however many users the account has (run records on
template.yaml's findings table, moto).

Results carry their check's title, remediation and citations: about 650 bytes each as JSON, two or
three per user, so a record of the JSON results (the shape before) could hold an account of about
200 users. Stored compressed, an account of 2,000 users keeps all of them, and so do the run's
reports; past the limit even compressed, the worst results are kept and the rest are counted.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import boto3
import pytest
from audit_support import sample_agency

from benchmarks.records import account_results, grow_users, raw_size
from ctm_hipaa import tables
from ctm_hipaa.audit.artifacts import RunCompletion, S3ReportWriter
from ctm_hipaa.audit.runs import MAX_RESULTS_BYTES, AccountAuditRecord, RunMeta, RunStore
from ctm_hipaa.findings.model import CheckResult, ResultStatus, Severity
from ctm_hipaa.report import summarize
from ctm_hipaa.settings import Settings
from ctm_hipaa_tools.agency_file import sample_attestations
from ctm_hipaa_tools.template import Template

ACCOUNT = "412236"
USERS = 2000
STARTED = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def grown() -> dict[str, Any]:
    """The sample agency with account 412236 grown to 2,000 distinct users."""
    return grow_users(sample_agency(), ACCOUNT, USERS)


@pytest.fixture(scope="module")
def big_results(grown: dict[str, Any]) -> list[CheckResult]:
    """The 2,000-user account's results, computed by the catalog as the auditor does."""
    return account_results(grown, [ACCOUNT], sample_attestations())[ACCOUNT]


def record(run_id: str, results: list[CheckResult], **extra: Any) -> AccountAuditRecord:
    return AccountAuditRecord(
        run_id=run_id,
        account_id=ACCOUNT,
        started_at=STARTED,
        finished_at=STARTED,
        duration_ms=1,
        complete=True,
        summary=summarize(results),
        results=results,
        **extra,
    )


def test_an_account_of_2000_users_keeps_every_result_on_its_record(
    findings_table: Any, big_results: list[CheckResult]
) -> None:
    assert raw_size(big_results) > 5 * MAX_RESULTS_BYTES  # far past what the JSON shape could hold
    runs = RunStore(findings_table)
    runs.record_account(record("r-big", big_results))

    [stored] = runs.account_records("r-big")

    assert stored.results == big_results
    assert (stored.results_truncated, stored.results_left_out) == (False, 0)


def old_item(run_id: str, results: list[CheckResult], *, truncated: bool = False) -> dict[str, Any]:
    """An account record as RunStore wrote it before the results were compressed: a JSON string in
    `results`, "[]" when they passed the limit (with `results_truncated`)."""
    data = record(run_id, results).model_dump(mode="json")
    rows = data.pop("results")
    item: dict[str, Any] = json.loads(
        json.dumps({**data, "results_truncated": truncated}), parse_float=Decimal
    )
    item.update(
        results="[]" if truncated else json.dumps(rows, separators=(",", ":")),
        pk=tables.run_pk(run_id),
        sk=tables.run_account_sk(ACCOUNT),
        type="run_account",
        expires_at=int(STARTED.timestamp()) + 400 * 24 * 3600,
    )
    return item


def test_a_record_written_before_compression_loads_as_it_did(findings_table: Any) -> None:
    results = [
        result(ResultStatus.FAIL, "user:U1", "Front Desk <frontdesk@clinic.example.com>"),
        result(ResultStatus.PASS, "user:U2"),
    ]
    findings_table.put_item(Item=old_item("r-old", results))
    findings_table.put_item(Item=old_item("r-old-big", results, truncated=True))
    runs = RunStore(findings_table)

    [old] = runs.account_records("r-old")
    [truncated] = runs.account_records("r-old-big")

    assert old.results == results and old.summary == summarize(results) and not old.results_truncated
    # A record the old limit emptied says so, and counts what it lacks from its summary.
    assert (truncated.results, truncated.results_truncated, truncated.results_left_out) == ([], True, 2)


def result(
    status: ResultStatus, resource_id: str, detail: str = "", severity: Severity = Severity.HIGH
) -> CheckResult:
    return CheckResult(
        check_id="users_individual_logins",
        account_id=ACCOUNT,
        resource_id=resource_id,
        status=status,
        severity=severity,
        title="Every person has an individual CTM login",
        detail=detail or f"User {resource_id} has a login of their own.",
    )


def test_past_the_limit_even_compressed_the_worst_are_kept_and_the_rest_counted(
    aws: boto3.session.Session, stack: Template, findings_table: Any
) -> None:
    rng = random.Random(7)  # incompressible details
    passes = [
        result(ResultStatus.PASS, f"user:U{n}", f"User U{n} token {rng.getrandbits(256):064x}.")
        for n in range(12_000)
    ]
    bad = [
        result(ResultStatus.FAIL, "user:F1"),
        result(ResultStatus.ERROR, "user:E1"),
        result(ResultStatus.MANUAL, "user:M1", severity=Severity.CRITICAL),
    ]
    # The bad ones last: kept first whatever their place.
    results = [*passes[:6000], result(ResultStatus.NOT_APPLICABLE, "account"), *passes[6000:], *bad]
    runs = RunStore(findings_table)
    runs.start_run(RunMeta(run_id="r-huge", started_at=STARTED, expected=[ACCOUNT]))
    runs.record_account(record("r-huge", results))  # moto refuses an item past 400 KB

    [stored] = runs.account_records("r-huge")

    assert stored.results_truncated and stored.results_left_out == len(results) - len(stored.results)
    assert 0 < stored.results_left_out < len(passes)
    assert stored.results[-3:] == bad  # every FAIL, ERROR and MANUAL, in their own order
    assert ResultStatus.NOT_APPLICABLE not in {r.status for r in stored.results}  # PASS before it
    kept = set(stored.results)
    assert stored.results == [r for r in results if r in kept]
    assert stored.summary == summarize(results)  # the counts are the whole audit's
    # The run's manifest says how many results its reports lack.
    settings = Settings.from_env(stack.function_environment("AuditorFunction"))
    s3 = aws.client("s3")
    writer = S3ReportWriter(s3, settings.reports_bucket, settings.reports_key_arn)
    RunCompletion(runs, writer, clock=lambda: STARTED).account_finished("r-huge", ACCOUNT)
    got = s3.get_object(Bucket=settings.reports_bucket, Key="reports/2026-12-01/r-huge/run.json")
    manifest = json.loads(got["Body"].read())
    assert manifest["results_left_out"] == {ACCOUNT: stored.results_left_out}


def test_the_run_reports_of_a_2000_user_account_hold_all_its_results(
    aws: boto3.session.Session, stack: Template, findings_table: Any, big_results: list[CheckResult]
) -> None:
    # The auditor records the account, then completes the run (`RunCompletion`, as bootstrap wires it).
    # Not the auditor itself: moto copies the whole table on each transaction, and the ~900 findings of
    # this account would take minutes to open there.
    settings = Settings.from_env(stack.function_environment("AuditorFunction"))
    runs = RunStore(findings_table)
    runs.start_run(RunMeta(run_id="r-report", started_at=STARTED, expected=[ACCOUNT]))
    runs.record_account(record("r-report", big_results))
    s3 = aws.client("s3")
    writer = S3ReportWriter(s3, settings.reports_bucket, settings.reports_key_arn)

    keys = RunCompletion(runs, writer, clock=lambda: STARTED).account_finished("r-report", ACCOUNT)

    prefix = "reports/2026-12-01/r-report/"
    assert prefix + "report.json" in keys
    body = s3.get_object(Bucket=settings.reports_bucket, Key=prefix + "report.json")["Body"].read()
    assert json.loads(body) == [r.model_dump(mode="json") for r in big_results]
    manifest = json.loads(
        s3.get_object(Bucket=settings.reports_bucket, Key=prefix + "run.json")["Body"].read()
    )
    assert (manifest["results_truncated"], manifest["results_left_out"]) == ([], {})
