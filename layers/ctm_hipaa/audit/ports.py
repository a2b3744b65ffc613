"""The ports of the audit package: what the scheduler and the auditor need of the run records, and
what a run's completion needs of them. RunStore (DynamoDB) is the adapter of both; tests have an
in-memory fake of the first and use RunStore on moto for the second."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from ctm_hipaa.audit.runs import AccountAuditRecord, RunMeta, RunStatus


class RunRepository(Protocol):
    """Where runs are recorded: a run's META, and one record per audited account.

    Errors of the storage are RunStoreError.
    """

    def start_run(self, meta: RunMeta) -> None:
        """Record what a run set out to do."""
        ...

    def mark_unqueued(self, run_id: str, account_ids: Iterable[str]) -> None:
        """Note on the run which accounts could not be queued."""
        ...

    def record_account(self, record: AccountAuditRecord) -> None:
        """Store one account's audit of a run (a retried message overwrites its own record)."""
        ...


class CompletionRepository(Protocol):
    """What `audit.artifacts.RunCompletion` reads and claims of the runs. Errors are RunStoreError."""

    def finish_account(self, run_id: str, account_id: str) -> RunMeta | None:
        """Add the account to the run's finished set; the META now, or None without a META."""
        ...

    def recent_runs(self, limit: int = 10) -> list[RunMeta]:
        """The latest runs, newest first."""
        ...

    def claim_reports(self, run_id: str, *, now: datetime, until: datetime) -> bool:
        """Become the one writer of the run's reports until `until`; False if someone else is."""
        ...

    def reports_written(self, run_id: str, keys: Iterable[str], *, at: datetime) -> None:
        """Mark the run's reports written, at these keys."""
        ...

    def release_reports(self, run_id: str) -> None:
        """Give up a claim after a failed write."""
        ...

    def run_status(self, run_id: str) -> RunStatus:
        """Expected vs finished accounts, the missing ones, totals."""
        ...

    def account_records(self, run_id: str) -> list[AccountAuditRecord]:
        """Every account record of the run."""
        ...
