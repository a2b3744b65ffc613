"""The scheduler's use case: list the agency's accounts, record the run, queue one message each.

    {"source": "schedule"}  ->  the run's META (expected accounts, deadline)  ->  N SQS messages

The deadline (`deadline_after` past the start, AuditRunDeadlineMinutes) is when the run counts as
complete even if some account never finishes: its reports then name the missing accounts.

An item of CTM's account list that fits no shape (an id that is an object, no id) is left out and
reported, PHI-free, on the run's META (`rejected`), in the answer and in the log; the other accounts
are audited. If some messages cannot be queued after retries, the run's META names those accounts
(`unqueued`, also in `run_status`) and the invocation fails with `AccountsNotQueued`, so that
EventBridge Scheduler's retry policy runs the audit again (and finally its DLQ keeps the event):
an account is never dropped silently. Re-auditing an account is harmless (the auditor is idempotent).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from aws_lambda_powertools import Logger

from ctm_hipaa.audit.messages import AuditRequest, parse_schedule_event
from ctm_hipaa.audit.ports import RunRepository
from ctm_hipaa.audit.queue import AuditQueueSender, FailedSend
from ctm_hipaa.audit.runs import RunMeta
from ctm_hipaa.ctm import ACCOUNT_LIST, ItemProblem

logger = Logger(child=True)


class AccountsNotQueued(Exception):
    """Some accounts' audit messages could not be sent; they are recorded on the run's META."""

    def __init__(self, run_id: str, failed: list[FailedSend]) -> None:
        self.run_id = run_id
        self.failed = failed
        ids = ", ".join(f.account_id for f in failed[:20]) + ("..." if len(failed) > 20 else "")
        codes = ", ".join(sorted({f.code for f in failed}))
        super().__init__(
            f"run {run_id}: {len(failed)} account(s) could not be queued ({codes}): {ids}; "
            "they are listed as unqueued on the run"
        )


@dataclass(frozen=True)
class ScheduleOutcome:
    """What one scheduler run did (PHI-free: ids and counts)."""

    run_id: str
    started_at: datetime
    expected: list[str]
    queued: list[str]
    failed: list[FailedSend]
    retried: int
    rejected: list[str] = field(default_factory=list)  # items of CTM's account list left out

    def as_response(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "started_at": self.started_at.isoformat(),
            "accounts": len(self.expected),
            "queued": len(self.queued),
            "unqueued": [f.account_id for f in self.failed],
            "rejected": self.rejected,
            "retried": self.retried,
        }


def new_run_id(now: datetime) -> str:
    """`20261129T060000Z-3f9a1c2e`: sortable by time, unique by its random suffix."""
    return f"{now.strftime('%Y%m%dT%H%M%SZ')}-{secrets.token_hex(4)}"


class SchedulerService:
    """Starts one audit run per invocation."""

    def __init__(
        self,
        *,
        list_accounts: Callable[[list[ItemProblem]], list[str]],
        queue: AuditQueueSender,
        runs: RunRepository,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        deadline_after: timedelta | None = None,
    ) -> None:
        self._list_accounts = list_accounts
        self._queue = queue
        self._runs = runs
        self._clock = clock
        self._deadline_after = deadline_after  # None: a run is complete only when every account is

    def handle(self, event: Mapping[str, Any], context: Any = None) -> dict[str, Any]:
        """Run the schedule event; returns the run summary, raises `AccountsNotQueued` on loss."""
        schedule = parse_schedule_event(dict(event))
        outcome = self.start_run(source=schedule.source, run_id=schedule.run_id)
        if outcome.failed:
            raise AccountsNotQueued(outcome.run_id, outcome.failed)
        return outcome.as_response()

    def start_run(self, *, source: str = "schedule", run_id: str | None = None) -> ScheduleOutcome:
        """List accounts, record the run, queue the messages; failures are returned, not raised."""
        started = self._clock()
        run_id = run_id or new_run_id(started)
        # A listing failure raises (CTMError): nothing is recorded and the scheduler retries. One
        # malformed item is no listing failure: retrying would not mend it, so the others go ahead.
        problems: list[ItemProblem] = []
        account_ids = list(dict.fromkeys(self._list_accounts(problems)))
        rejected = [problem.describe(ACCOUNT_LIST) for problem in problems]
        deadline = started + self._deadline_after if self._deadline_after is not None else None
        self._runs.start_run(
            RunMeta(
                run_id=run_id,
                started_at=started,
                source=source,
                expected=account_ids,
                rejected=rejected,
                deadline=deadline,
            )
        )
        if rejected:
            logger.error("accounts left out of the run", extra={"run_id": run_id, "rejected": rejected})
        report = self._queue.send([AuditRequest(run_id=run_id, account_id=a) for a in account_ids])
        if report.failed:
            self._runs.mark_unqueued(run_id, [f.account_id for f in report.failed])
            logger.error(
                "audit messages could not be queued",
                extra={
                    "run_id": run_id,
                    "unqueued": [f.account_id for f in report.failed],
                    "codes": sorted({f.code for f in report.failed}),
                },
            )
        logger.info(
            "audit run started",
            extra={
                "run_id": run_id,
                "accounts": len(account_ids),
                "queued": len(report.sent),
                "retried": report.retried,
            },
        )
        return ScheduleOutcome(
            run_id=run_id,
            started_at=started,
            expected=account_ids,
            queued=report.sent,
            failed=report.failed,
            retried=report.retried,
            rejected=rejected,
        )
