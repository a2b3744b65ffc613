"""A run's reports in the reports bucket: written once when the run completes, on template.yaml's
resources (moto), by the auditor `build_auditor_service` wires, auditing the CTM simulator's sample
agency over HTTP.

A run completes when every expected account has finished, or when its deadline passes: then the
last audit, or any later auditor invocation, writes `reports/<run_date>/<run_id>/report.json` and
`run.json` (the manifest), SSE-KMS with the stack's key, exactly once.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from audit_support import leaked, phi_values, sample_agency
from aws_lambda_powertools.utilities import parameters

from ctm_hipaa.audit import AuditorService, build_auditor_service
from ctm_hipaa.audit.artifacts import (
    REPORT_FORMATS,
    RunCompletion,
    RunReport,
    RunReportFormat,
    S3ReportWriter,
)
from ctm_hipaa.audit.messages import AuditRequest
from ctm_hipaa.audit.runs import RunMeta, RunStore
from ctm_hipaa.checks import all_checks
from ctm_hipaa.findings import RETENTION
from ctm_hipaa.findings.store import FindingStore
from ctm_hipaa.settings import Settings, SettingsError
from ctm_hipaa_tools.invoke import LambdaContext
from ctm_hipaa_tools.local_audit import sqs_event
from ctm_hipaa_tools.provision import provision
from ctm_hipaa_tools.simulator import CTMSimulator
from ctm_hipaa_tools.stack import DEFAULT_SECRET
from ctm_hipaa_tools.template import Template

STARTED = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
DEADLINE = STARTED + timedelta(hours=6)
CATALOG = {check.check_id for check in all_checks()}
BOTH = ["412230", "412233"]


@dataclass
class Clock:
    now: datetime = STARTED + timedelta(minutes=5)

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Auditors:
    """The auditor as Lambda runs it on the stack, with a clock the test moves."""

    session: boto3.session.Session
    settings: Settings
    clock: Clock
    runs: RunStore
    store: FindingStore
    service: AuditorService
    invocations: list[dict[str, Any]] = field(default_factory=list)

    def deliver(self, *requests: AuditRequest, timeout_seconds: int = 120) -> dict[str, Any]:
        """One SQS batch of these requests through the handler; its response."""
        messages = [
            {"MessageId": f"m-{len(self.invocations)}-{i}", "ReceiptHandle": f"r-{i}", "Body": r.body()}
            for i, r in enumerate(requests)
        ]
        event = sqs_event(messages, "arn:aws:sqs:us-east-1:123456789012:audit", "us-east-1")
        arn = "arn:aws:lambda:us-east-1:123456789012:function:auditor"
        context = LambdaContext("auditor", 512, arn, timeout_seconds)
        response = self.service.handle(event, context)
        self.invocations.append(response)
        return response

    def start(
        self,
        run_id: str,
        expected: list[str],
        *,
        started: datetime = STARTED,
        deadline: datetime | None = DEADLINE,
    ) -> None:
        self.runs.start_run(RunMeta(run_id=run_id, started_at=started, expected=expected, deadline=deadline))

    def objects(self) -> dict[str, list[dict[str, Any]]]:
        """Every version of every object in the bucket, by key."""
        s3 = self.session.client("s3")
        versions = s3.list_object_versions(Bucket=self.settings.reports_bucket).get("Versions", [])
        by_key: dict[str, list[dict[str, Any]]] = {}
        for version in versions:
            by_key.setdefault(version["Key"], []).append(version)
        return by_key

    def read(self, key: str) -> tuple[dict[str, Any], Any]:
        """The object's head and its parsed JSON body."""
        s3 = self.session.client("s3")
        got = s3.get_object(Bucket=self.settings.reports_bucket, Key=key)
        return got, json.loads(got["Body"].read())

    def read_text(self, key: str) -> tuple[dict[str, Any], str]:
        """The object's head and its body as text."""
        got = self.session.client("s3").get_object(Bucket=self.settings.reports_bucket, Key=key)
        return got, got["Body"].read().decode()


@pytest.fixture
def simulator() -> Iterator[CTMSimulator]:
    with CTMSimulator(sample_agency()) as running:
        yield running


@pytest.fixture
def auditors(
    aws: boto3.session.Session, stack: Template, simulator: CTMSimulator, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Auditors]:
    environment = {
        **stack.function_environment("AuditorFunction"),
        "CTM_API_BASE_URL": simulator.base_url,
        "CTM_REQUESTS_PER_SECOND": "100",  # loopback: no need to pace
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    parameters.clear_caches()  # type: ignore[no-untyped-call]
    settings = Settings.from_env(environment)
    clock = Clock()
    table = aws.resource("dynamodb").Table(settings.findings_table)
    yield Auditors(
        session=aws,
        settings=settings,
        clock=clock,
        runs=RunStore(table),
        store=FindingStore(table),
        service=build_auditor_service(settings, aws, clock=clock),
    )
    parameters.clear_caches()  # type: ignore[no-untyped-call]


def report_keys(run_id: str) -> list[str]:
    """The run's report objects, in the writer's order (html, ocsf, csv, json), without the manifest."""
    return [f"reports/2026-12-01/{run_id}/report.{fmt.extension}" for fmt in REPORT_FORMATS]


def keys_of(run_id: str) -> set[str]:
    return {*report_keys(run_id), f"reports/2026-12-01/{run_id}/run.json"}


def test_a_run_whose_accounts_all_finish_gets_one_set_of_encrypted_objects(
    auditors: Auditors, stack: Template
) -> None:
    auditors.start("r-both", BOTH)
    auditors.deliver(AuditRequest(run_id="r-both", account_id=BOTH[0]))
    assert auditors.objects() == {}  # one of two accounts: not complete yet

    auditors.deliver(AuditRequest(run_id="r-both", account_id=BOTH[1]))

    objects = auditors.objects()
    assert set(objects) == keys_of("r-both")
    assert all(len(versions) == 1 for versions in objects.values())
    key_arn = stack.physical["DataKey"].attributes["Arn"]
    prefix = "reports/2026-12-01/r-both/"
    head, results = auditors.read(prefix + "report.json")
    assert (head["ServerSideEncryption"], head["SSEKMSKeyId"]) == ("aws:kms", key_arn)
    assert head["ContentType"] == "application/json"
    assert head["Metadata"] == {"run-id": "r-both", "run-date": "2026-12-01"}
    assert {r["account_id"] for r in results} == set(BOTH)
    for account_id in BOTH:
        assert {r["check_id"] for r in results if r["account_id"] == account_id} == CATALOG
    head, manifest = auditors.read(prefix + "run.json")
    assert head["ServerSideEncryption"] == "aws:kms" and head["SSEKMSKeyId"] == key_arn
    assert manifest["completed_by"] == "all_accounts"
    assert (manifest["expected"], manifest["finished"], manifest["missing"]) == (BOTH, BOTH, [])
    assert [o["key"] for o in manifest["objects"]] == report_keys("r-both")
    meta = auditors.runs.meta("r-both")
    assert meta is not None and meta.reports == [*report_keys("r-both"), prefix + "run.json"]
    head, page = auditors.read_text(prefix + "report.html")
    assert head["ContentType"] == "text/html; charset=utf-8"
    assert all(f"Account {a}" in page for a in BOTH) and all(c in page for c in CATALOG)
    _, events = auditors.read(prefix + "report.ocsf.json")
    assert {e["class_uid"] for e in events} == {2003}
    assert all(any(a in json.dumps(e) for a in BOTH) for e in events)
    _, table = auditors.read_text(prefix + "report.csv")
    assert len(table.splitlines()) == 1 + len(results)


def test_a_second_completion_signal_writes_nothing_more(auditors: Auditors) -> None:
    auditors.start("r-again", BOTH)
    auditors.deliver(*(AuditRequest(run_id="r-again", account_id=a) for a in BOTH))
    written = auditors.objects()
    assert set(written) == keys_of("r-again")

    # SQS redelivers one account's message; later invocations sweep, after the deadline too.
    auditors.deliver(AuditRequest(run_id="r-again", account_id=BOTH[1]))
    auditors.clock.now = DEADLINE + timedelta(hours=1)
    auditors.deliver(AuditRequest(run_id="r-again", account_id=BOTH[0]))

    assert auditors.objects() == written
    assert all(response == {"batchItemFailures": []} for response in auditors.invocations)


def test_a_run_with_an_account_that_never_finishes_is_reported_after_its_deadline(
    auditors: Auditors,
) -> None:
    auditors.start("r-short", BOTH)
    auditors.deliver(AuditRequest(run_id="r-short", account_id=BOTH[0]))
    assert auditors.objects() == {}  # 412233's message is failing somewhere; the deadline is hours away

    # The next day's run: its first invocation finds yesterday's deadline passed.
    auditors.clock.now = STARTED + timedelta(days=1, minutes=5)
    next_day = STARTED + timedelta(days=1)
    auditors.start("r-next", ["412236"], started=next_day, deadline=next_day + timedelta(hours=6))
    auditors.deliver(AuditRequest(run_id="r-next", account_id="412236"))

    objects = auditors.objects()
    assert keys_of("r-short") <= set(objects)
    _, manifest = auditors.read("reports/2026-12-01/r-short/run.json")
    assert manifest["completed_by"] == "deadline"
    assert manifest["deadline"] == DEADLINE.isoformat()
    assert (manifest["finished"], manifest["missing"]) == ([BOTH[0]], [BOTH[1]])
    _, results = auditors.read("reports/2026-12-01/r-short/report.json")
    assert {r["account_id"] for r in results} == {BOTH[0]}
    # The next run's single account completed it: its reports are there too, under its own date.
    assert {k for k in objects if "/r-next/" in k} == {
        key.replace("2026-12-01", "2026-12-02") for key in keys_of("r-next")
    }


def test_the_last_audit_after_the_deadline_reports_the_run_at_once(auditors: Auditors) -> None:
    auditors.start("r-late", ["412230", "412233", "412236"])
    auditors.deliver(AuditRequest(run_id="r-late", account_id="412230"))
    auditors.clock.now = DEADLINE + timedelta(minutes=1)
    auditors.deliver(AuditRequest(run_id="r-late", account_id="412233"))

    _, manifest = auditors.read("reports/2026-12-01/r-late/run.json")
    assert (manifest["completed_by"], manifest["missing"]) == ("deadline", ["412236"])
    assert manifest["finished"] == ["412230", "412233"]


def test_an_invocation_short_of_time_leaves_the_sweep_to_the_next(auditors: Auditors) -> None:
    auditors.start("r-swept", BOTH)
    auditors.deliver(AuditRequest(run_id="r-swept", account_id=BOTH[0]))
    auditors.clock.now = DEADLINE + timedelta(minutes=1)

    # 10 s left: the message is deferred (redelivered) and nothing else is started.
    response = auditors.deliver(AuditRequest(run_id="r-other", account_id=BOTH[1]), timeout_seconds=10)
    assert len(response["batchItemFailures"]) == 1
    assert auditors.objects() == {}
    auditors.deliver(AuditRequest(run_id="r-other", account_id=BOTH[1]))
    assert set(auditors.objects()) == keys_of("r-swept")


def test_the_auditor_needs_its_reports_bucket(stack: Template, aws: boto3.session.Session) -> None:
    environment = stack.function_environment("AuditorFunction")
    for missing in ("REPORTS_BUCKET", "REPORTS_KEY_ARN"):
        settings = Settings.from_env({k: v for k, v in environment.items() if k != missing})
        with pytest.raises(SettingsError, match=missing):
            build_auditor_service(settings, aws)


def test_a_run_without_a_deadline_waits_for_every_account(auditors: Auditors) -> None:
    auditors.start("r-open", BOTH, deadline=None)
    auditors.deliver(AuditRequest(run_id="r-open", account_id=BOTH[0]))
    auditors.clock.now = STARTED + timedelta(days=3)
    auditors.deliver(AuditRequest(run_id="r-open", account_id=BOTH[0]))
    assert auditors.objects() == {}


def test_when_s3_fails_the_audit_is_kept_the_message_succeeds_and_a_later_sweep_writes_the_reports(
    auditors: Auditors, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    s3 = auditors.session.client("s3")
    bucket = auditors.settings.reports_bucket
    s3.delete_bucket(Bucket=bucket)
    auditors.start("r-s3", [BOTH[0]])
    caplog.set_level(logging.INFO)

    response = auditors.deliver(AuditRequest(run_id="r-s3", account_id=BOTH[0]))

    # Not retried: the findings and the run's record are stored.
    assert response == {"batchItemFailures": []}
    assert auditors.store.findings_for_account(BOTH[0])
    assert [r.account_id for r in auditors.runs.account_records("r-s3")] == [BOTH[0]]
    meta = auditors.runs.meta("r-s3")
    assert meta is not None and meta.reports_written_at is None
    failures = [r for r in caplog.records if r.getMessage() == "run reports not written"]
    assert failures and {getattr(r, "error", None) for r in failures} == {"NoSuchBucket"}
    out = capsys.readouterr().out
    metrics = [json.loads(line) for line in out.splitlines() if '"RunReportsNotWritten"' in line]
    assert metrics and {m["error"] for m in metrics} == {"NoSuchBucket"}
    logged = "\n".join(f"{r.getMessage()} {r.__dict__!r}" for r in caplog.records) + out
    assert leaked(logged, phi_values(sample_agency())) == []

    # The bucket is back: the next invocation, whatever it audits, writes the run's reports.
    s3.create_bucket(Bucket=bucket)
    auditors.deliver(AuditRequest(run_id="r-other", account_id=BOTH[1]))  # a message of a run without META
    assert set(auditors.objects()) == keys_of("r-s3")


def writer_of(auditors: Auditors) -> S3ReportWriter:
    s3 = auditors.session.client("s3")
    return S3ReportWriter(s3, auditors.settings.reports_bucket, auditors.settings.reports_key_arn)


def test_an_auditor_finishing_while_another_writes_the_reports_writes_nothing(auditors: Auditors) -> None:
    auditors.start("r-race", BOTH)
    auditors.runs.finish_account("r-race", BOTH[0])
    second = RunCompletion(auditors.runs, writer_of(auditors), clock=auditors.clock)
    meanwhile: list[list[str]] = []

    class Slow:
        """The first writer: while it writes, another auditor (a redelivery) finishes the run too."""

        def write(self, report: RunReport) -> list[str]:
            meanwhile.append(second.account_finished("r-race", BOTH[1]))
            return writer_of(auditors).write(report)

    first = RunCompletion(auditors.runs, Slow(), clock=auditors.clock)
    assert set(first.account_finished("r-race", BOTH[1])) == keys_of("r-race")
    assert meanwhile == [[]]
    assert {key: len(versions) for key, versions in auditors.objects().items()} == dict.fromkeys(
        keys_of("r-race"), 1
    )


def test_each_format_of_the_writer_is_one_object_the_manifest_lists(auditors: Auditors) -> None:
    def accounts_line(report: RunReport) -> bytes:
        return " ".join(r.account_id for r in report.records).encode()

    formats = (*REPORT_FORMATS, RunReportFormat("txt", "text/plain; charset=utf-8", accounts_line))
    s3 = auditors.session.client("s3")
    bucket, key_arn = auditors.settings.reports_bucket, auditors.settings.reports_key_arn
    writer = S3ReportWriter(s3, bucket, key_arn, formats=formats)
    auditors.start("r-two", [])  # a run of no account is complete at once

    keys = RunCompletion(auditors.runs, writer, clock=auditors.clock).sweep()

    prefix = "reports/2026-12-01/r-two/"
    assert keys == [*report_keys("r-two"), prefix + "report.txt", prefix + "run.json"]
    _, manifest = auditors.read(prefix + "run.json")
    assert [(o["key"], o["content_type"]) for o in manifest["objects"]] == [
        *((f"{prefix}report.{f.extension}", f.content_type) for f in REPORT_FORMATS),
        (prefix + "report.txt", "text/plain; charset=utf-8"),
    ]
    text = s3.get_object(Bucket=bucket, Key=prefix + "report.txt")
    assert text["ContentType"] == "text/plain; charset=utf-8" and text["ServerSideEncryption"] == "aws:kms"
    body = text["Body"].read()
    assert body == b"" and manifest["objects"][-1]["sha256"] == hashlib.sha256(body).hexdigest()


def test_a_writer_that_died_is_replaced_after_its_lease(auditors: Auditors) -> None:
    auditors.start("r-died", [])
    claimed_at = auditors.clock.now
    assert auditors.runs.claim_reports("r-died", now=claimed_at, until=claimed_at + timedelta(minutes=15))
    completion = RunCompletion(auditors.runs, writer_of(auditors), clock=auditors.clock)

    auditors.clock.now = claimed_at + timedelta(minutes=10)
    assert completion.sweep() == []  # the claim may still be writing
    auditors.clock.now = claimed_at + timedelta(minutes=16)
    assert set(completion.sweep()) == keys_of("r-died")
    assert completion.sweep() == []


def test_object_lock_keeps_each_report_version_six_years(aws: boto3.session.Session) -> None:
    template = provision(
        Template.load(overrides={"Stage": "lock", "ReportsObjectLock": "Enabled"}), aws, DEFAULT_SECRET
    )
    s3 = aws.client("s3")
    bucket = template.physical["ReportsBucket"].ref
    lock = s3.get_object_lock_configuration(Bucket=bucket)["ObjectLockConfiguration"]
    assert lock["ObjectLockEnabled"] == "Enabled"
    assert {k: lock["Rule"]["DefaultRetention"][k] for k in ("Mode", "Days")} == {
        "Mode": "GOVERNANCE",
        "Days": RETENTION.days,  # the findings' six years
    }
    table = aws.resource("dynamodb").Table(template.physical["FindingsTable"].ref)
    runs = RunStore(table)
    runs.start_run(RunMeta(run_id="r-lock", started_at=STARTED, expected=[]))
    writer = S3ReportWriter(s3, bucket, template.physical["DataKey"].attributes["Arn"])
    keys = RunCompletion(runs, writer, clock=Clock()).sweep()
    assert set(keys) == keys_of("r-lock")
    head = s3.head_object(Bucket=bucket, Key="reports/2026-12-01/r-lock/run.json")
    assert head["ObjectLockMode"] == "GOVERNANCE"
    assert head["ObjectLockRetainUntilDate"] > STARTED + timedelta(days=2189)
