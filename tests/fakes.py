"""In-memory fakes of the project's own ports, for service-level tests that do not test AWS.

MemoryFindingStore applies the same rules as the DynamoDB adapter, from `findings.lifecycle` (the
transitions, what an audit resolves, the claim and release of an alert), orders its listings as
the table's keys do (`ctm_hipaa.tables`), and counts an occurrence once. It has no write races to
lose: those, the transactions, pagination and TTL items are the adapter's own tests, on moto.
tests/findings/test_store.py runs the lifecycle tests on both, so the two cannot drift apart.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ctm_hipaa import tables
from ctm_hipaa.audit.runs import AccountAuditRecord, RunMeta
from ctm_hipaa.findings import lifecycle
from ctm_hipaa.findings.alerts import AlertDeliveryError
from ctm_hipaa.findings.lifecycle import AuditOutcome, Observation, Transition
from ctm_hipaa.findings.model import CheckResult, DeliveriesSeen, Finding, Occurrence, WorkflowStatus
from ctm_hipaa.findings.mute import MuteRule
from ctm_hipaa.findings.store import utc_now
from ctm_hipaa.webhook.recorder import DeliveryRecord


class MemoryFindingStore:
    """The FindingRepository port in memory."""

    def __init__(self, *, clock: Callable[[], datetime] = utc_now) -> None:
        self._clock = clock
        self.findings: dict[tuple[str, str], Finding] = {}
        self.occurrences: dict[tuple[str, str], Occurrence] = {}
        self.digests: set[tuple[str, str]] = set()
        self.rules: dict[str, MuteRule] = {}
        self.seen: dict[tuple[str, str], DeliveriesSeen] = {}

    def get(self, account_id: str, finding_id: str) -> Finding | None:
        return self.findings.get((account_id, finding_id))

    def findings_for_account(self, account_id: str) -> list[Finding]:
        mine = [f for (account, _), f in self.findings.items() if account == account_id]
        return sorted(mine, key=lambda f: tables.finding_sk(f.finding_id))

    def findings_with_status(self, status: WorkflowStatus) -> list[Finding]:
        return sorted(
            (f for f in self.findings.values() if f.status is status),
            key=lambda f: tables.findings_by_status_sk(f.severity.rank, f.last_seen, f.finding_id),
        )

    def findings_for_check(self, check_id: str) -> list[Finding]:
        return sorted(
            (f for f in self.findings.values() if f.check_id == check_id),
            key=lambda f: tables.findings_by_check_sk(f.account_id, f.finding_id),
        )

    def deliveries_seen(self, account_id: str) -> list[DeliveriesSeen]:
        mine = [m for (account, _), m in self.seen.items() if account == account_id]
        return sorted(mine, key=lambda m: tables.deliveries_seen_sk(m.channel))

    def mark_delivery_seen(self, account_id: str, channel: str, *, at: datetime, clean: bool) -> None:
        current = self.seen.get((account_id, channel)) or DeliveriesSeen(
            account_id=account_id, channel=channel, last_seen=at
        )
        counted = {"deliveries": current.deliveries + 1, "last_seen": at}
        if clean:
            counted.update(clean_deliveries=current.clean_deliveries + 1, last_clean=at)
        else:
            counted["last_flagged"] = at
        self.seen[(account_id, channel)] = current.model_copy(update=counted)

    def observe(
        self,
        result: CheckResult,
        *,
        run_id: str | None = None,
        allow_resolve: bool = True,
        categories: Iterable[str] = (),
        paths: Iterable[str] = (),
        more_paths: int = 0,
        occurrences: int = 1,
        occurrence: Occurrence | None = None,
    ) -> Observation:
        if lifecycle.ignored(result, allow_resolve=allow_resolve):
            return Observation(Transition.UNCHANGED, None)
        if occurrence is not None and _occurrence_key(result.account_id, occurrence) in self.occurrences:
            occurrence, occurrences = None, 0  # counted when it was first stored
        current = self.get(result.account_id, result.finding_id)
        now = self._clock()
        mute = self._matching_mute(result, now) if result.status in lifecycle.OPENING else None
        change = lifecycle.observed(
            current,
            result,
            mute=mute,
            now=now,
            run_id=run_id,
            categories=set(categories),
            seen=lifecycle.PathsSeen(set(paths), more_paths),
            occurrences=occurrences,
        )
        if change is None:
            return Observation(Transition.UNCHANGED, current)
        planned, transition = change
        if occurrence is not None:
            self.occurrences[_occurrence_key(result.account_id, occurrence)] = occurrence
        return Observation(transition, self._put(planned, current))

    def resolve_absent(
        self, account_id: str, check_ids: Iterable[str], seen_ids: set[str], *, run_id: str | None = None
    ) -> list[Finding]:
        return [
            self._put(lifecycle.resolved(finding, self._clock(), run_id=run_id), finding)
            for finding in lifecycle.absent(self.findings_for_account(account_id), check_ids, seen_ids)
        ]

    def apply_audit(
        self,
        account_id: str,
        results: Sequence[CheckResult],
        *,
        run_id: str,
        complete: bool,
        resolution_scope: Iterable[str] | None = None,
    ) -> AuditOutcome:
        return lifecycle.apply_audit(
            results,
            complete=complete,
            resolution_scope=resolution_scope,
            observe=lambda result, allowed: self.observe(result, run_id=run_id, allow_resolve=allowed),
            resolve_absent=lambda scope, seen: self.resolve_absent(account_id, scope, seen, run_id=run_id),
        )

    def claim_alert(self, finding: Finding) -> bool:
        stored = self.get(finding.account_id, finding.finding_id)
        notified = lifecycle.claimed(stored, finding) if stored else None
        if notified is None:
            return False
        self._put(notified, stored)
        return True

    def release_alert(self, finding: Finding) -> None:
        stored = self.get(finding.account_id, finding.finding_id)
        restored = lifecycle.released(stored, finding) if stored else None
        if restored is not None:
            self._put(restored, stored)

    def claim_digest(self, account_id: str, run_id: str) -> bool:
        if (account_id, run_id) in self.digests:
            return False
        self.digests.add((account_id, run_id))
        return True

    def release_digest(self, account_id: str, run_id: str) -> None:
        self.digests.discard((account_id, run_id))

    def put_mute_rule(self, rule: MuteRule) -> None:
        self.rules[rule.rule_id] = rule

    def mute_rules(self) -> list[MuteRule]:
        return [self.rules[rule_id] for rule_id in sorted(self.rules)]

    def _matching_mute(self, result: CheckResult, now: datetime) -> MuteRule | None:
        return next((rule for rule in self.mute_rules() if rule.matches(result, now)), None)

    def _put(self, planned: Finding, current: Finding | None) -> Finding:
        written = planned.model_copy(update={"version": (current.version if current else 0) + 1})
        self.findings[(written.account_id, written.finding_id)] = written
        return written


def _occurrence_key(account_id: str, occurrence: Occurrence) -> tuple[str, str]:
    return tables.account_pk(account_id), tables.occurrence_sk(
        occurrence.channel, occurrence.received_at, occurrence.digest
    )


@dataclass(frozen=True)
class SentAlert:
    subject: str
    body: dict[str, Any]
    attributes: dict[str, str]


class MemoryAlertSink:
    """The AlertSink port in memory: keeps what was published; refuses while `refusing` is set.

    `before_publish` runs first on every publish (what happens meanwhile, in another invocation).
    """

    def __init__(self) -> None:
        self.sent: list[SentAlert] = []
        self.refusing = False
        self.before_publish: Callable[[], None] = lambda: None

    def publish(self, *, subject: str, body: str, attributes: Mapping[str, str]) -> None:
        self.before_publish()
        if self.refusing:
            raise AlertDeliveryError(f"the sink refused the alert for account {attributes.get('account_id')}")
        self.sent.append(SentAlert(subject, json.loads(body), dict(attributes)))


class MemoryParkingQueue:
    """The ParkingQueue port in memory: keeps what was parked, with its failure."""

    def __init__(self) -> None:
        self.parked: list[tuple[DeliveryRecord, str]] = []

    def park(self, record: DeliveryRecord, failure: str) -> None:
        self.parked.append((record, failure))


class MemoryRunRepository:
    """The RunRepository port in memory: each run's META and its accounts' records."""

    def __init__(self) -> None:
        self.metas: dict[str, RunMeta] = {}
        self.records: dict[tuple[str, str], AccountAuditRecord] = {}

    def start_run(self, meta: RunMeta) -> None:
        self.metas[meta.run_id] = meta

    def mark_unqueued(self, run_id: str, account_ids: Iterable[str]) -> None:
        self.metas[run_id] = self.metas[run_id].model_copy(update={"unqueued": sorted(set(account_ids))})

    def record_account(self, record: AccountAuditRecord) -> None:
        self.records[(record.run_id, record.account_id)] = record
