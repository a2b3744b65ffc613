"""A `ReportInput` from a stack's stored state: what `ctm-hipaa report`, `ctm-hipaa evidence` and the
demo render, read from the findings table through its adapters (RunStore, FindingStore,
AttestationStore) and nothing else.

- `results`: the latest record of each account among the runs read (its stored results);
- `runs`: every record of those runs, for the trend;
- `findings`: the open findings (NEW, NOTIFIED) first seen by the report's time;
- `attestations`: every recorded version of the attestation blocks, by the report's time;
- `phi_flows`: the webhook check's findings (any status), first seen by the report's time.

Reads are bounded: the latest runs through the runs-by-time index (`latest`) or the runs of a time
window (`within`), each run's own partition, the two open-status partitions of gsi1, the webhook
check's partition of gsi2, one partition per attestation scope. Never a scan.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from ctm_hipaa.attestations import AttestationStore
from ctm_hipaa.audit import AccountAuditRecord, RunMeta, RunStore
from ctm_hipaa.findings import OPEN_STATUSES, FindingStore
from ctm_hipaa.report import ReportInput, RunPoint, attestation_history, phi_flows
from ctm_hipaa.webhook import WEBHOOK_CHECK_ID

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.service_resource import Table


@dataclass(frozen=True)
class StoredRun:
    """One run read from the table: its META and its accounts' records."""

    meta: RunMeta
    records: tuple[AccountAuditRecord, ...]

    def report_input(self) -> ReportInput:
        """This run alone: its results and its accounts' scores, as of its last account's finish
        (its start when none finished), so that the same run always renders the same."""
        finished = [r.finished_at for r in self.records]
        return ReportInput(
            generated_at=max(finished, default=self.meta.started_at),
            results=tuple(result for record in self.records for result in record.results),
            runs=tuple(_point(record) for record in self.records),
        )


@dataclass(frozen=True)
class StoredState:
    """A findings table and the attestation maximum age its stack applies."""

    table: Table
    max_age_days: int

    def latest(self, count: int) -> list[StoredRun]:
        """The latest `count` runs (at least 1), newest first."""
        return self._read(RunStore(self.table).recent_runs(limit=max(1, count)))

    def within(self, start: datetime, end: datetime) -> list[StoredRun]:
        """The runs started at or after `start` and before `end`, newest first."""
        return self._read(reversed(RunStore(self.table).runs_started(start, end)))

    def report(self, runs: Sequence[StoredRun], *, as_of: datetime) -> ReportInput:
        """The report of `runs` (newest first) and of the findings and attestations as stored, each
        left out when it came after `as_of` (the report's time)."""
        latest: dict[str, AccountAuditRecord] = {}
        for run in runs:
            for record in run.records:
                latest.setdefault(record.account_id, record)
        findings = FindingStore(self.table)
        open_findings = [f for status in sorted(OPEN_STATUSES) for f in findings.findings_with_status(status)]
        webhook = findings.findings_for_check(WEBHOOK_CHECK_ID)
        versions = AttestationStore(self.table, max_age_days=self.max_age_days).history()
        return ReportInput(
            generated_at=as_of,
            results=tuple(result for record in latest.values() for result in record.results),
            runs=tuple(_point(record) for run in runs for record in run.records),
            findings=tuple(f for f in open_findings if f.first_seen <= as_of),
            attestations=tuple(
                attestation_history(
                    (v for v in versions if v.recorded_at <= as_of), max_age_days=self.max_age_days
                )
            ),
            phi_flows=tuple(phi_flows(f for f in webhook if f.first_seen <= as_of)),
        )

    def _read(self, metas: Iterable[RunMeta]) -> list[StoredRun]:
        runs = RunStore(self.table)
        return [StoredRun(meta, tuple(runs.account_records(meta.run_id))) for meta in metas]


def _point(record: AccountAuditRecord) -> RunPoint:
    return RunPoint.model_validate(record, from_attributes=True)
