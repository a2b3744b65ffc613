"""The finding lifecycle on DynamoDB (DESIGN.md "Check results and findings").

Every write is conditional on the version the writer read (optimistic concurrency), so two
invocations racing on one finding never lose an update: the loser backs off, re-reads and
re-applies. A delivery's occurrence is written in one transaction with the finding that counts
it, so a delivery counts exactly once however often it is retried or redriven.

    FAIL, no finding        -> NEW (or SUPPRESSED when a mute rule matches)
    FAIL, NEW/NOTIFIED      -> only last_seen moves (generation bumps if its categories grow)
    FAIL, RESOLVED          -> NEW again, generation + 1 (reopened: alerts again)
    PASS, open              -> RESOLVED, but only when the caller allows resolution
    MANUAL / ERROR          -> nothing changes
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

from ctm_hipaa.findings.model import (
    CheckResult,
    Finding,
    ResultStatus,
    Severity,
    WorkflowStatus,
    bound_paths,
)
from ctm_hipaa.findings.mute import MuteRule

Clock = Callable[[], datetime]
OPEN = frozenset({WorkflowStatus.NEW, WorkflowStatus.NOTIFIED})
# Enough for 20 deliveries racing on one finding: with full jitter, each round most writers wait.
MAX_WRITE_ATTEMPTS = 16
BACKOFF_BASE_SECONDS = 0.01
BACKOFF_CAP_SECONDS = 0.5
MUTE_CACHE_SECONDS = 60.0


def utc_now() -> datetime:
    return datetime.now(UTC)


class FindingStoreError(Exception):
    """The findings table could not be read or written; the message names the operation."""


class Transition(StrEnum):
    """What one observation did to a finding."""

    CREATED = "created"
    REOPENED = "reopened"
    GREW = "grew"  # new categories or paths on an open finding
    SEEN = "seen"
    SUPPRESSED = "suppressed"
    RESOLVED = "resolved"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Observation:
    """The result of recording one check result: the finding as stored afterwards, and why."""

    transition: Transition
    finding: Finding | None

    @property
    def needs_alert(self) -> bool:
        """True when people have not yet heard about this generation of the finding."""
        return (
            self.finding is not None
            and self.finding.status in OPEN
            and self.finding.generation > self.finding.notified_generation
        )


@dataclass
class AuditOutcome:
    """What one account's audit changed, for the digest alert and the audit-run record."""

    created: list[Finding] = field(default_factory=list)
    reopened: list[Finding] = field(default_factory=list)
    resolved: list[Finding] = field(default_factory=list)
    seen: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)
    resolution_allowed: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.created or self.reopened or self.resolved)

    @property
    def needing_alert(self) -> list[Finding]:
        return [f for f in self.created + self.reopened if f.generation > f.notified_generation]


class FindingStore:
    """Findings, mute rules and their lifecycle in the single findings table."""

    def __init__(
        self,
        table: Any,
        *,
        clock: Clock = utc_now,
        page_size: int | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._table = table
        self._clock = clock
        self._page_size = page_size
        self._sleep = sleep
        self._mute_cache: tuple[float, list[MuteRule]] | None = None

    # -- reads -----------------------------------------------------------------------------

    def get(self, account_id: str, finding_id: str) -> Finding | None:
        """The finding as stored now (strongly consistent), or None."""
        item = self._get_item(_account_pk(account_id), f"FINDING#{finding_id}")
        return _finding_from_item(item) if item else None

    def findings_for_account(self, account_id: str) -> list[Finding]:
        """Every finding of one account, whatever its status."""
        items = self._query(
            KeyConditionExpression=Key("pk").eq(_account_pk(account_id)) & Key("sk").begins_with("FINDING#")
        )
        return [_finding_from_item(item) for item in items]

    def findings_with_status(self, status: WorkflowStatus) -> list[Finding]:
        """Findings of every account in one workflow status, worst severity first (gsi1)."""
        items = self._query(IndexName="gsi1", KeyConditionExpression=Key("gsi1pk").eq(f"FINDINGS#{status}"))
        return [_finding_from_item(item) for item in items]

    def findings_for_check(self, check_id: str) -> list[Finding]:
        """Findings of one check across accounts (gsi2)."""
        items = self._query(IndexName="gsi2", KeyConditionExpression=Key("gsi2pk").eq(f"CHECK#{check_id}"))
        return [_finding_from_item(item) for item in items]

    # -- lifecycle ---------------------------------------------------------------------------

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
        occurrence: Mapping[str, Any] | None = None,
    ) -> Observation:
        """Record one check result and move its finding through the lifecycle.

        `categories`/`paths` accumulate on the finding (webhook findings); a growing category set
        bumps the generation so that people hear about it. Paths are bounded (`bound_paths`);
        `more_paths` says how many distinct paths the caller already left out. PASS resolves only
        when `allow_resolve` is set.

        `occurrence` (a delivery's item, with its own keys) is written in the same transaction as
        the finding that counts its `occurrences`; when it exists already (the delivery was stored
        before, e.g. a redrive), the finding is updated without counting it again. Write conflicts
        back off (exponential, full jitter) and retry; FindingStoreError after MAX_WRITE_ATTEMPTS.
        """
        if result.status in (ResultStatus.MANUAL, ResultStatus.ERROR):
            return Observation(Transition.UNCHANGED, None)
        if result.status is ResultStatus.PASS and not allow_resolve:
            return Observation(Transition.UNCHANGED, None)
        new_categories, new_paths = set(categories), set(paths)
        seen = _PathsSeen(new_paths, more_paths)
        for attempt in range(MAX_WRITE_ATTEMPTS):
            if attempt:
                self._back_off(attempt)
            current = self.get(result.account_id, result.finding_id)
            now = self._clock()
            if result.status is ResultStatus.PASS:
                if current is None or current.status is WorkflowStatus.RESOLVED:
                    return Observation(Transition.UNCHANGED, current)
                planned = _moved(current, WorkflowStatus.RESOLVED, now, run_id=run_id)
                transition = Transition.RESOLVED
            else:
                mute = self._matching_mute(result, now)
                planned, transition = _after_failure(
                    current, result, mute, now, run_id, new_categories, seen, occurrences
                )
            try:
                written = self._write(planned, current, occurrence)
            except _AlreadyCounted:
                occurrence, occurrences = None, 0
                continue
            if written is not None:
                return Observation(transition, written)
        raise FindingStoreError(
            f"finding {result.finding_id}: gave up after {MAX_WRITE_ATTEMPTS} write conflicts"
        )

    def resolve_absent(
        self, account_id: str, check_ids: Iterable[str], seen_ids: set[str], *, run_id: str | None = None
    ) -> list[Finding]:
        """Resolve open findings of these checks that a complete audit no longer reports."""
        scope = set(check_ids)
        resolved = []
        for finding in self.findings_for_account(account_id):
            if finding.check_id not in scope or finding.finding_id in seen_ids:
                continue
            if finding.status is WorkflowStatus.RESOLVED:
                continue
            written = self._write(
                _moved(finding, WorkflowStatus.RESOLVED, self._clock(), run_id=run_id), finding
            )
            if written is not None:
                resolved.append(written)
        return resolved

    def apply_audit(
        self,
        account_id: str,
        results: Sequence[CheckResult],
        *,
        run_id: str,
        complete: bool,
        resolution_scope: Iterable[str] | None = None,
    ) -> AuditOutcome:
        """Record one account's audit. Only a complete audit with no ERROR result resolves anything.

        `resolution_scope` names the checks whose absent findings may be resolved (default: every
        check that produced a result in this audit).
        """
        allowed = complete and not any(r.status is ResultStatus.ERROR for r in results)
        outcome = AuditOutcome(resolution_allowed=allowed)
        buckets = {
            Transition.CREATED: outcome.created,
            Transition.REOPENED: outcome.reopened,
            Transition.RESOLVED: outcome.resolved,
            Transition.SEEN: outcome.seen,
            Transition.GREW: outcome.seen,
            Transition.SUPPRESSED: outcome.suppressed,
        }
        for result in results:
            observation = self.observe(result, run_id=run_id, allow_resolve=allowed)
            if observation.finding is not None and observation.transition in buckets:
                buckets[observation.transition].append(observation.finding)
        if allowed:
            scope = set(resolution_scope) if resolution_scope is not None else {r.check_id for r in results}
            reported = {r.finding_id for r in results}
            outcome.resolved.extend(self.resolve_absent(account_id, scope, reported, run_id=run_id))
        return outcome

    # -- alert bookkeeping ----------------------------------------------------------------------

    def claim_alert(self, finding: Finding) -> bool:
        """Atomically mark this generation of the finding as notified. False if someone already did.

        The alert publisher claims before it publishes, so retries never double-alert.
        """
        try:
            self._table.update_item(
                Key={"pk": _account_pk(finding.account_id), "sk": f"FINDING#{finding.finding_id}"},
                UpdateExpression="SET notified_generation = :g, #s = :notified, gsi1pk = :gsi1pk, "
                "version = version + :one",
                ConditionExpression=(
                    "generation = :g AND notified_generation < :g AND #s IN (:new, :notified)"
                ),
                ExpressionAttributeNames={"#s": "status"},
                ExpressionAttributeValues={
                    ":g": finding.generation,
                    ":one": 1,
                    ":new": WorkflowStatus.NEW.value,
                    ":notified": WorkflowStatus.NOTIFIED.value,
                    ":gsi1pk": f"FINDINGS#{WorkflowStatus.NOTIFIED}",
                },
            )
        except ClientError as exc:
            if _is_condition_failure(exc):
                return False
            raise FindingStoreError(
                f"finding {finding.finding_id}: cannot claim alert ({_code(exc)})"
            ) from exc
        return True

    def release_alert(self, finding: Finding) -> None:
        """Undo `claim_alert` after the alert could not be delivered, so that a retry sends it.

        Only while the finding is still in the state the claim wrote (this generation, NOTIFIED):
        a resolve, a mute or a reopen since the claim wins, and the release changes nothing. A
        write that only moved `last_seen` or the counts does not block it (the release touches
        none of those), or the alert it owes would never be sent.
        """
        try:
            self._table.update_item(
                Key={"pk": _account_pk(finding.account_id), "sk": f"FINDING#{finding.finding_id}"},
                UpdateExpression="SET notified_generation = :previous, #s = :status, gsi1pk = :gsi1pk, "
                "version = version + :one",
                ConditionExpression="generation = :g AND notified_generation = :g AND #s = :notified",
                ExpressionAttributeNames={"#s": "status"},
                ExpressionAttributeValues={
                    ":previous": finding.notified_generation,
                    ":g": finding.generation,
                    ":one": 1,
                    ":status": finding.status.value,
                    ":notified": WorkflowStatus.NOTIFIED.value,
                    ":gsi1pk": f"FINDINGS#{finding.status}",
                },
            )
        except ClientError as exc:
            if not _is_condition_failure(exc):
                raise FindingStoreError(
                    f"finding {finding.finding_id}: cannot release alert ({_code(exc)})"
                ) from exc

    def claim_marker(self, pk: str, sk: str, ttl_seconds: int) -> bool:
        """Create a one-off marker item (e.g. one digest per account per run); False if it exists."""
        try:
            self._table.put_item(
                Item={
                    "pk": pk,
                    "sk": sk,
                    "created_at": self._clock().isoformat(),
                    "expires_at": int(time.time()) + ttl_seconds,
                },
                ConditionExpression=Attr("pk").not_exists(),
            )
        except ClientError as exc:
            if _is_condition_failure(exc):
                return False
            raise FindingStoreError(f"marker {sk}: cannot write ({_code(exc)})") from exc
        return True

    def release_marker(self, pk: str, sk: str) -> None:
        """Delete a marker so that a retry can claim it again."""
        self._table.delete_item(Key={"pk": pk, "sk": sk})

    # -- mute rules -----------------------------------------------------------------------------

    def put_mute_rule(self, rule: MuteRule) -> None:
        """Store a mute rule. Matching findings become SUPPRESSED (kept, never deleted)."""
        self._table.put_item(Item=rule.to_item())
        self._mute_cache = None

    def mute_rules(self) -> list[MuteRule]:
        """Every stored mute rule, expired ones included (DynamoDB's TTL removes them later)."""
        return [MuteRule.from_item(item) for item in self._query(KeyConditionExpression=Key("pk").eq("MUTE"))]

    def _matching_mute(self, result: CheckResult, now: datetime) -> MuteRule | None:
        cached = self._mute_cache
        if cached is None or time.monotonic() - cached[0] > MUTE_CACHE_SECONDS:
            cached = (time.monotonic(), self.mute_rules())
            self._mute_cache = cached
        return next((rule for rule in cached[1] if rule.matches(result, now)), None)

    # -- plumbing ---------------------------------------------------------------------------------

    def _write(
        self, planned: Finding, current: Finding | None, occurrence: Mapping[str, Any] | None = None
    ) -> Finding | None:
        """Put `planned` if the stored item is still `current`; None when another writer won.

        With an `occurrence`, both items or neither are written; _AlreadyCounted if it exists.
        """
        written = planned.model_copy(update={"version": (current.version if current else 0) + 1})
        if current is None:
            condition: dict[str, Any] = {"ConditionExpression": "attribute_not_exists(pk)"}
        else:
            condition = {
                "ConditionExpression": "version = :read",
                "ExpressionAttributeValues": {":read": current.version},
            }
        try:
            if occurrence is None:
                self._table.put_item(Item=_finding_to_item(written), **condition)
            else:
                self._table.meta.client.transact_write_items(
                    TransactItems=[
                        {
                            "Put": {
                                "TableName": self._table.name,
                                "Item": _finding_to_item(written),
                                **condition,
                            }
                        },
                        {
                            "Put": {
                                "TableName": self._table.name,
                                "Item": dict(occurrence),
                                "ConditionExpression": "attribute_not_exists(pk)",
                            }
                        },
                    ]
                )
        except ClientError as exc:
            finding_failure, occurrence_failure = _cancellation_reasons(exc)
            if occurrence_failure == "ConditionalCheckFailed":
                raise _AlreadyCounted from exc
            if _code(exc) in _CONFLICTS or finding_failure in _CONFLICTS:
                return None
            raise FindingStoreError(f"finding {planned.finding_id}: cannot write ({_code(exc)})") from exc
        return written

    def _back_off(self, attempt: int) -> None:
        """Sleep before retry `attempt` (1, 2, ...): full jitter, so racing writers spread out."""
        ceiling = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2**attempt)
        self._sleep(random.uniform(0, ceiling))  # noqa: S311 - spreads retries, guards nothing

    def _get_item(self, pk: str, sk: str) -> dict[str, Any] | None:
        try:
            response = self._table.get_item(Key={"pk": pk, "sk": sk}, ConsistentRead=True)
        except ClientError as exc:
            raise FindingStoreError(f"cannot read {sk.split('#')[0].lower()} ({_code(exc)})") from exc
        item: dict[str, Any] | None = response.get("Item")
        return item

    def _query(self, **kwargs: Any) -> Iterator[dict[str, Any]]:
        """Query every page, following LastEvaluatedKey."""
        if self._page_size:
            kwargs["Limit"] = self._page_size
        while True:
            try:
                page = self._table.query(**kwargs)
            except ClientError as exc:
                raise FindingStoreError(f"cannot query findings ({_code(exc)})") from exc
            yield from page.get("Items", [])
            if "LastEvaluatedKey" not in page:
                return
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


class _AlreadyCounted(Exception):
    """The occurrence of a transactional write exists: its delivery was counted when it was written."""


# Another writer won: re-read and re-apply. (A transaction on the item in flight counts too.)
_CONFLICTS = frozenset(
    {
        "ConditionalCheckFailedException",
        "ConditionalCheckFailed",
        "TransactionConflictException",
        "TransactionConflict",
    }
)


@dataclass(frozen=True)
class _PathsSeen:
    """The paths of one observation, and how many distinct ones its caller already left out."""

    paths: set[str]
    left_out: int

    def bounded(self, current: Finding | None = None) -> dict[str, Any]:
        """`paths` and `more_paths` of a finding after this observation (merged into `current`'s).

        Paths dropped earlier are not remembered, so the count is a lower bound: the largest of
        what each bound alone proves, never a sum that a repeated delivery would inflate.
        """
        kept, dropped = bound_paths(self.paths | set(current.paths if current else ()))
        earlier = current.more_paths if current else 0
        return {"paths": kept, "more_paths": max(dropped, self.left_out, earlier)}


def _after_failure(
    current: Finding | None,
    result: CheckResult,
    mute: MuteRule | None,
    now: datetime,
    run_id: str | None,
    categories: set[str],
    seen: _PathsSeen,
    occurrences: int,
) -> tuple[Finding, Transition]:
    muted_status = WorkflowStatus.SUPPRESSED if mute else None
    if current is None:
        finding = Finding(
            finding_id=result.finding_id,
            check_id=result.check_id,
            account_id=result.account_id,
            resource_id=result.resource_id,
            severity=result.severity,
            title=result.title,
            detail=result.detail,
            status=muted_status or WorkflowStatus.NEW,
            first_seen=now,
            last_seen=now,
            status_changed_at=now,
            categories=sorted(categories),
            **seen.bounded(),
            occurrences=occurrences,
            mute_rule_id=mute.rule_id if mute else None,
            last_run_id=run_id,
        )
        return finding, Transition.SUPPRESSED if mute else Transition.CREATED
    merged_categories = set(current.categories) | categories
    update: dict[str, Any] = {
        "last_seen": now,
        "title": result.title,
        "detail": result.detail,
        "last_run_id": run_id,
        "categories": sorted(merged_categories),
        **seen.bounded(current),
        "occurrences": current.occurrences + occurrences,
        "severity": _worse(current.severity, result.severity),
        "mute_rule_id": mute.rule_id if mute else None,
    }
    if current.status is WorkflowStatus.RESOLVED or (
        current.status is WorkflowStatus.SUPPRESSED and not mute
    ):
        # Reopened (or a mute expired): a fresh generation that people must hear about.
        update.update(
            status=muted_status or WorkflowStatus.NEW,
            status_changed_at=now,
            generation=current.generation + 1,
            severity=result.severity,
            categories=sorted(categories),
            **seen.bounded(),
            occurrences=occurrences,
        )
        transition = Transition.SUPPRESSED if mute else Transition.REOPENED
    elif mute and current.status is not WorkflowStatus.SUPPRESSED:
        update.update(status=WorkflowStatus.SUPPRESSED, status_changed_at=now)
        transition = Transition.SUPPRESSED
    elif merged_categories != set(current.categories):
        update["generation"] = current.generation + 1
        transition = Transition.GREW
    else:
        transition = Transition.SEEN
    return current.model_copy(update=update), transition


def _moved(finding: Finding, status: WorkflowStatus, now: datetime, *, run_id: str | None) -> Finding:
    return finding.model_copy(update={"status": status, "status_changed_at": now, "last_run_id": run_id})


def _worse(a: Severity, b: Severity) -> Severity:
    return a if a.rank <= b.rank else b


def _account_pk(account_id: str) -> str:
    return f"ACCOUNT#{account_id}"


def _finding_to_item(finding: Finding) -> dict[str, Any]:
    item = finding.model_dump(mode="json", exclude_none=True)
    item.update(
        pk=_account_pk(finding.account_id),
        sk=f"FINDING#{finding.finding_id}",
        gsi1pk=f"FINDINGS#{finding.status}",
        gsi1sk=f"{finding.severity.rank}#{finding.last_seen.isoformat()}#{finding.finding_id}",
        gsi2pk=f"CHECK#{finding.check_id}",
        gsi2sk=f"ACCOUNT#{finding.account_id}#{finding.finding_id}",
        type="finding",
    )
    return item


def _finding_from_item(item: dict[str, Any]) -> Finding:
    plain = {key: (int(value) if isinstance(value, Decimal) else value) for key, value in item.items()}
    return Finding.model_validate(plain)


def _cancellation_reasons(exc: ClientError) -> tuple[str | None, str | None]:
    """Why a transaction of (finding, occurrence) was cancelled, per item; (None, None) otherwise."""
    reasons = [str(reason.get("Code")) for reason in exc.response.get("CancellationReasons", [])]
    finding, occurrence, *_ = [*reasons, None, None]
    return finding, occurrence


def _is_condition_failure(exc: ClientError) -> bool:
    return _code(exc) == "ConditionalCheckFailedException"


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", "unknown error"))
