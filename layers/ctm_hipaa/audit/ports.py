"""The ports of the audit package: what the scheduler and the auditor need of the run records.
RunStore (DynamoDB) is the adapter; tests have an in-memory fake."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from ctm_hipaa.audit.runs import AccountAuditRecord, RunMeta


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
