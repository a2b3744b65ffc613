"""A run's reports in the reports bucket, written once, when the run completes.

    reports/<run_date>/<run_id>/report.<ext>   the run's results, one object per REPORT_FORMATS entry
                                               (report.html, report.ocsf.json, report.csv, report.json)
    reports/<run_date>/<run_id>/run.json       the manifest, written last: what the run covered
                                               (expected, finished, missing, incomplete accounts),
                                               why it completed, and each object's SHA-256

A run completes when every expected account has finished, or when its deadline (the META's, set by
the scheduler) has passed: the last account's audit notices the first (`account_finished`), and any
auditor invocation after the deadline notices the second (`sweep`, over the recent runs). Exactly
one writer, however many auditors run at once: the writer claims the run's META first
(`RunStore.claim_reports`, a conditional write with a lease, so that a writer that died is replaced)
and marks it written after the objects are stored.

An S3 failure loses nothing: the audit is already recorded and its message succeeds (redelivering
it would collect the account from CTM again, and after three tries dead-letter an audit that
succeeded); the claim is released, an error is logged and counted (`RunReportsNotWritten`), and the
next invocation's sweep writes the reports. Objects hold the checks' PHI-free results; their keys
and metadata hold run ids, dates and (in the manifest) CTM account ids only.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from aws_lambda_powertools import Logger
from botocore.exceptions import BotoCoreError, ClientError

from ctm_hipaa import telemetry
from ctm_hipaa.audit.runs import AccountAuditRecord, RunMeta, RunStatus, RunStoreError
from ctm_hipaa.findings import CheckResult
from ctm_hipaa.report import FORMATS, ReportInput, RunPoint, render

if TYPE_CHECKING:
    from ctm_hipaa.audit.ports import CompletionRepository

REPORTS_PREFIX = "reports"
MANIFEST_NAME = "run.json"
# Longer than any auditor invocation (120 s): a claim older than this belongs to a writer that died.
CLAIM_LEASE = timedelta(minutes=15)
# How many of the latest runs each sweep looks at: a week of daily runs.
SWEPT_RUNS = 7

logger = Logger(child=True)


class CompletedBy(StrEnum):
    """Why a run's reports were written."""

    ALL_ACCOUNTS = "all_accounts"  # every expected account finished
    DEADLINE = "deadline"  # the run's deadline passed; the manifest names the missing accounts


class ReportWriteError(Exception):
    """The report objects could not be stored; names the object and the AWS error code."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class RunReport:
    """Everything a run's report is made from: where the run stands and each finished account's
    record (its PHI-free results included)."""

    status: RunStatus
    records: tuple[AccountAuditRecord, ...]
    completed_by: CompletedBy
    completed_at: datetime
    deadline: datetime | None = None

    @property
    def results(self) -> list[CheckResult]:
        """Every finished account's results, account by account."""
        return [result for record in self.records for result in record.results]

    def report_input(self) -> ReportInput:
        """What the report formats render: the run's results, and its accounts' scores as the trend."""
        return ReportInput(
            generated_at=self.completed_at,
            results=tuple(self.results),
            runs=tuple(RunPoint.model_validate(record, from_attributes=True) for record in self.records),
        )

    @property
    def run_date(self) -> str:
        """The UTC date the run started (the day its reports are filed under)."""
        started = self.status.started_at or self.completed_at
        return started.astimezone(UTC).date().isoformat()


@dataclass(frozen=True)
class RunReportFormat:
    """One report object of a run: `report.<extension>`, rendered from the run's report."""

    extension: str
    content_type: str
    render: Callable[[RunReport], bytes]


def registered(name: str) -> RunReportFormat:
    """The report registry's format `name` (`ctm_hipaa.report.FORMATS`) as a run's report object."""
    fmt = FORMATS[name]

    def render_run(report: RunReport) -> bytes:
        return render(name, report.report_input()).encode()

    return RunReportFormat(fmt.extension.removeprefix("."), fmt.media_type, render_run)


# The formats every run's reports are written in: html for people and auditors, ocsf for a SIEM, csv
# for a spreadsheet, json as `ctm-hipaa audit --format json` prints it.
RUN_REPORT_FORMATS = ("html", "ocsf", "csv", "json")
REPORT_FORMATS: tuple[RunReportFormat, ...] = tuple(registered(name) for name in RUN_REPORT_FORMATS)


def report_prefix(run_date: str, run_id: str) -> str:
    """`reports/<run_date>/<run_id>/`: where one run's objects are."""
    return f"{REPORTS_PREFIX}/{run_date}/{run_id}/"


def manifest(report: RunReport, objects: Sequence[tuple[str, bytes, str]]) -> dict[str, Any]:
    """The run's manifest: ids, dates, counts and each object's key, type, size and SHA-256."""
    status = report.status
    return {
        "run_id": status.run_id,
        "run_date": report.run_date,
        "started_at": status.started_at.isoformat() if status.started_at else None,
        "deadline": report.deadline.isoformat() if report.deadline else None,
        "completed_at": report.completed_at.isoformat(),
        "completed_by": report.completed_by.value,
        "expected": status.expected,
        "finished": status.finished,
        "missing": status.missing,
        "unqueued": status.unqueued,
        "incomplete": status.incomplete,
        "results_truncated": sorted(r.account_id for r in report.records if r.results_truncated),
        # How many results each of those accounts' records left out (the worst were kept).
        "results_left_out": {r.account_id: r.results_left_out for r in report.records if r.results_truncated},
        "results": status.results,
        "checks": status.checks,
        "score": status.score,
        "not_compliant": status.not_compliant,
        "objects": [
            {
                "key": key,
                "content_type": content_type,
                "bytes": len(body),
                "sha256": hashlib.sha256(body).hexdigest(),
            }
            for key, body, content_type in objects
        ],
    }


class ReportWriter(Protocol):
    """Where a run's report objects go (S3: S3ReportWriter)."""

    def write(self, report: RunReport) -> list[str]:
        """Store the run's report objects, then its manifest; return their keys. Raises
        ReportWriteError. Writing the same run again overwrites the same keys."""
        ...


class S3ReportWriter:
    """The reports bucket: one object per format and the manifest, each SSE-KMS with the stack's key."""

    def __init__(
        self,
        s3: Any,
        bucket: str,
        key_arn: str,
        *,
        formats: Sequence[RunReportFormat] = REPORT_FORMATS,
    ) -> None:
        self._s3 = s3
        self._bucket = bucket
        self._key_arn = key_arn
        self._formats = tuple(formats)

    def write(self, report: RunReport) -> list[str]:
        prefix = report_prefix(report.run_date, report.status.run_id)
        objects = [
            (f"{prefix}report.{fmt.extension}", fmt.render(report), fmt.content_type) for fmt in self._formats
        ]
        body = json.dumps(manifest(report, objects), indent=2).encode()
        objects.append((f"{prefix}{MANIFEST_NAME}", body, "application/json"))
        for key, content, content_type in objects:
            self._put(key, content, content_type, report)
        return [key for key, _, _ in objects]

    def _put(self, key: str, body: bytes, content_type: str, report: RunReport) -> None:
        try:
            self._s3.put_object(
                Bucket=self._bucket,
                Key=key,
                Body=body,
                ContentType=content_type,
                # Explicit, not the bucket's default: the bucket policy refuses anything else.
                ServerSideEncryption="aws:kms",
                SSEKMSKeyId=self._key_arn,
                BucketKeyEnabled=True,
                # A checksum, which S3 demands when Object Lock is on.
                ChecksumAlgorithm="SHA256",
                Metadata={"run-id": report.status.run_id, "run-date": report.run_date},
            )
        except ClientError as exc:
            code = str(exc.response.get("Error", {}).get("Code", "ClientError"))
            raise ReportWriteError(f"cannot write {key} ({code})", code) from None
        except BotoCoreError as exc:
            raise ReportWriteError(f"cannot write {key} ({type(exc).__name__})", type(exc).__name__) from None


def completion(meta: RunMeta, now: datetime) -> CompletedBy | None:
    """Why the run is complete at `now` and its reports are owed, or None (not yet, or written)."""
    if meta.reports_written_at is not None:
        return None
    if meta.all_finished:
        return CompletedBy.ALL_ACCOUNTS
    if meta.deadline is not None and now >= meta.deadline:
        return CompletedBy.DEADLINE
    return None


class RunCompletion:
    """Writes each run's reports exactly once, when the run completes."""

    def __init__(
        self,
        runs: CompletionRepository,
        writer: ReportWriter,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        lease: timedelta = CLAIM_LEASE,
        swept_runs: int = SWEPT_RUNS,
        on_failure: Callable[[str], None] = telemetry.reports_not_written,
    ) -> None:
        self._runs = runs
        self._writer = writer
        self._clock = clock
        self._lease = lease
        self._swept_runs = swept_runs
        self._on_failure = on_failure

    def account_finished(self, run_id: str, account_id: str) -> list[str]:
        """Note that `account_id` finished the run; write the run's reports if that completed it (or
        its deadline has passed). The keys written now, if any. Raises RunStoreError only when the
        account cannot be marked finished (the caller's message is then retried); a failure to write
        the reports is logged and counted, and left to the next sweep."""
        meta = self._runs.finish_account(run_id, account_id)
        return self._complete(meta) if meta is not None else []

    def sweep(self) -> list[str]:
        """Write the reports of the recent runs that are complete (done, or past their deadline) and
        have none yet. The keys written now. Never raises: failures are logged and counted."""
        try:
            metas = self._runs.recent_runs(self._swept_runs)
        except RunStoreError as exc:
            self._failed(None, "RunStoreError", str(exc))
            return []
        return [key for meta in metas for key in self._complete(meta)]

    def _complete(self, meta: RunMeta) -> list[str]:
        now = self._clock()
        reason = completion(meta, now)
        if reason is None:
            return []
        run_id = meta.run_id
        try:
            if not self._runs.claim_reports(run_id, now=now, until=now + self._lease):
                return []  # written, or another writer is at it
        except RunStoreError as exc:
            self._failed(run_id, "RunStoreError", str(exc))
            return []
        try:
            report = RunReport(
                status=self._runs.run_status(run_id),
                records=tuple(self._runs.account_records(run_id)),
                completed_by=reason,
                completed_at=now,
                deadline=meta.deadline,
            )
            keys = self._writer.write(report)
            self._runs.reports_written(run_id, keys, at=now)
        except Exception as exc:  # the audit is recorded: nothing here may fail its message
            code = exc.code if isinstance(exc, ReportWriteError) else type(exc).__name__
            self._release(run_id)
            self._failed(run_id, code, str(exc) if isinstance(exc, ReportWriteError | RunStoreError) else "")
            return []
        logger.info(
            "run reports written",
            extra={
                "run_id": run_id,
                "completed_by": reason.value,
                "missing": report.status.missing,
                "objects": keys,
            },
        )
        return keys

    def _release(self, run_id: str) -> None:
        # If even this fails, the claim's lease ends it: the sweep after that writes the reports.
        with contextlib.suppress(RunStoreError):
            self._runs.release_reports(run_id)

    def _failed(self, run_id: str | None, code: str, why: str) -> None:
        # Our own messages only (they name keys and AWS codes); never a library's text.
        logger.error("run reports not written", extra={"run_id": run_id, "error": code, "why": why})
        self._on_failure(code)
