"""The findings, mute rules and digest markers of the single findings table, on DynamoDB: the
adapter of the `FindingRepository` port. The lifecycle rules are `findings.lifecycle`'s; the keys are
`ctm_hipaa.tables`'.

Every write is conditional on the version the writer read (optimistic concurrency), so two
invocations racing on one finding never lose an update: the loser backs off, re-reads and
re-applies. A delivery's occurrence is written in one transaction with the finding that counts
it, so a delivery counts exactly once however often it is retried or redriven. Every move of a
finding (`findings.history`) is written in one transaction with the move itself, so the history
never tells of a move that did not happen, nor misses one that did.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

from ctm_hipaa import tables
from ctm_hipaa.findings import lifecycle
from ctm_hipaa.findings.history import HistoryEntry, HistoryEvent
from ctm_hipaa.findings.lifecycle import AuditOutcome, Observation, Transition
from ctm_hipaa.findings.model import (
    OPEN_STATUSES,
    RETENTION,
    CheckResult,
    DeliveriesSeen,
    Finding,
    Occurrence,
    WorkflowStatus,
)
from ctm_hipaa.findings.mute import ANY, MuteRule

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.service_resource import Table
    from mypy_boto3_dynamodb.type_defs import PutTypeDef, TransactWriteItemTypeDef

Clock = Callable[[], datetime]
# Enough for 20 deliveries racing on one finding: with full jitter, each round most writers wait.
MAX_WRITE_ATTEMPTS = 16
BACKOFF_BASE_SECONDS = 0.01
BACKOFF_CAP_SECONDS = 0.5
MUTE_CACHE_SECONDS = 60.0
DIGEST_MARKER_TTL_SECONDS = 14 * 24 * 3600
# A channel's SEEN marker outlives any attestation age; a channel silent this long is gone from the table.
DELIVERIES_SEEN_TTL_SECONDS = 400 * 24 * 3600


def utc_now() -> datetime:
    return datetime.now(UTC)


class FindingStoreError(Exception):
    """The findings table could not be read or written; the message names the operation."""


class FindingStore:
    """Findings, mute rules and their lifecycle in the single findings table."""

    def __init__(
        self,
        table: Table,
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
        item = self._get_item(tables.account_pk(account_id), tables.finding_sk(finding_id))
        return _finding_from_item(item) if item else None

    def findings_for_account(self, account_id: str) -> list[Finding]:
        """Every finding of one account, whatever its status."""
        items = self._query(
            KeyConditionExpression=Key("pk").eq(tables.account_pk(account_id))
            & Key("sk").begins_with(tables.FINDING_SK_PREFIX)
        )
        return [_finding_from_item(item) for item in items]

    def findings_with_status(self, status: WorkflowStatus) -> list[Finding]:
        """Findings of every account in one workflow status, worst severity first (gsi1)."""
        items = self._query(
            IndexName="gsi1", KeyConditionExpression=Key("gsi1pk").eq(tables.findings_by_status_pk(status))
        )
        return [_finding_from_item(item) for item in items]

    def findings_for_check(self, check_id: str) -> list[Finding]:
        """Findings of one check across accounts (gsi2)."""
        items = self._query(
            IndexName="gsi2", KeyConditionExpression=Key("gsi2pk").eq(tables.findings_by_check_pk(check_id))
        )
        return [_finding_from_item(item) for item in items]

    def deliveries_seen(self, account_id: str) -> list[DeliveriesSeen]:
        """The account's SEEN markers, one per channel the webhook inspected deliveries on."""
        items = self._query(
            KeyConditionExpression=Key("pk").eq(tables.account_pk(account_id))
            & Key("sk").begins_with(tables.SEEN_SK_PREFIX)
        )
        return [_seen_from_item(account_id, item) for item in items]

    # -- deliveries seen ---------------------------------------------------------------------------

    def mark_delivery_seen(self, account_id: str, channel: str, *, at: datetime, clean: bool) -> None:
        """Count one inspected delivery on the channel's SEEN marker: one UpdateItem (ADD and SET), no read.

        Racing writers are all counted (ADD); of two racing deliveries, the time the last write SETs
        is kept, which can only be moments older than the other's. FindingStoreError when DynamoDB
        refuses.
        """
        outcome = "clean" if clean else "flagged"
        counts = "deliveries :one, clean_deliveries :one" if clean else "deliveries :one"
        try:
            self._table.update_item(
                Key={"pk": tables.account_pk(account_id), "sk": tables.deliveries_seen_sk(channel)},
                UpdateExpression=(
                    f"SET #type = :type, channel = :channel, last_seen = :at, last_{outcome} = :at, "
                    f"expires_at = :expires ADD {counts}"
                ),
                ExpressionAttributeNames={"#type": "type"},
                ExpressionAttributeValues={
                    ":type": "deliveries_seen",
                    ":channel": channel,
                    ":at": at.isoformat(),
                    ":expires": int(at.timestamp()) + DELIVERIES_SEEN_TTL_SECONDS,
                    ":one": 1,
                },
            )
        except ClientError as exc:
            raise FindingStoreError(f"deliveries seen on {channel}: cannot write ({_code(exc)})") from exc

    def find(self, id_prefix: str) -> list[Finding]:
        """The findings of any account and status whose id starts with `id_prefix` (a whole id finds
        at most one). Reads gsi1's status partitions, filtered: for the CLI, not for hot paths."""
        return [
            _finding_from_item(item)
            for status in WorkflowStatus
            for item in self._query(
                IndexName="gsi1",
                KeyConditionExpression=Key("gsi1pk").eq(tables.findings_by_status_pk(status)),
                FilterExpression=Attr("finding_id").begins_with(id_prefix),
            )
        ]

    def history(self, finding: Finding) -> list[HistoryEntry]:
        """The recorded moves of `finding`, oldest first (entries older than RETENTION expire)."""
        items = self._query(
            KeyConditionExpression=Key("pk").eq(tables.account_pk(finding.account_id))
            & Key("sk").begins_with(tables.history_prefix(finding.finding_id))
        )
        fields = HistoryEntry.model_fields
        return [HistoryEntry.model_validate({k: v for k, v in item.items() if k in fields}) for item in items]

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
        occurrence: Occurrence | None = None,
    ) -> Observation:
        """Record one check result and move its finding through the lifecycle.

        `categories`/`paths` accumulate on the finding (webhook findings); a growing category set
        bumps the generation so that people hear about it. Paths are bounded (`bound_paths`);
        `more_paths` says how many distinct paths the caller already left out. FAIL, MANUAL and ERROR
        open or keep a finding; PASS and NOT_APPLICABLE resolve it only when `allow_resolve` is set.

        `occurrence` (one delivery, under the result's account) is written in the same transaction as
        the finding that counts its `occurrences`; when it exists already (the delivery was stored
        before, e.g. a redrive), the finding is updated without counting it again. Write conflicts
        back off (exponential, full jitter) and retry; FindingStoreError after MAX_WRITE_ATTEMPTS.
        """
        if lifecycle.ignored(result, allow_resolve=allow_resolve):
            return Observation(Transition.UNCHANGED, None)
        new_categories = set(categories)
        seen = lifecycle.PathsSeen(set(paths), more_paths)
        for attempt in range(MAX_WRITE_ATTEMPTS):
            if attempt:
                self._back_off(attempt)
            current = self.get(result.account_id, result.finding_id)
            now = self._clock()
            mute = self._matching_mute(result, now) if result.status in lifecycle.OPENING else None
            change = lifecycle.observed(
                current,
                result,
                mute=mute,
                now=now,
                run_id=run_id,
                categories=new_categories,
                seen=seen,
                occurrences=occurrences,
            )
            if change is None:
                return Observation(Transition.UNCHANGED, current)
            planned, transition = change
            event = HistoryEvent.of(transition)
            logged = HistoryEntry.of_move(event, current, planned, now, run_id=run_id) if event else None
            try:
                written = self._write(planned, current, occurrence, logged)
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
        resolved = []
        for finding in lifecycle.absent(self.findings_for_account(account_id), check_ids, seen_ids):
            now = self._clock()
            planned = lifecycle.resolved(finding, now, run_id=run_id)
            logged = HistoryEntry.of_move(HistoryEvent.RESOLVED, finding, planned, now, run_id=run_id)
            written = self._write(planned, finding, logged=logged)
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
        """Record one account's audit (`lifecycle.apply_audit`): only a complete audit with no ERROR
        result resolves anything, and only findings of the checks in `resolution_scope`."""
        return lifecycle.apply_audit(
            results,
            complete=complete,
            resolution_scope=resolution_scope,
            observe=lambda result, allowed: self.observe(result, run_id=run_id, allow_resolve=allowed),
            resolve_absent=lambda scope, seen: self.resolve_absent(account_id, scope, seen, run_id=run_id),
        )

    # -- alert bookkeeping ----------------------------------------------------------------------

    def claim_alert(self, finding: Finding) -> bool:
        """Atomically mark this generation of the finding as notified. False if someone already did.

        The alert publisher claims before it publishes, so retries never double-alert. The condition
        is `lifecycle.claimed`'s rule, checked by DynamoDB; the claim is logged in the same
        transaction (`HistoryEvent.NOTIFIED`).
        """
        notified = finding.model_copy(
            update={"status": WorkflowStatus.NOTIFIED, "notified_generation": finding.generation}
        )
        failure = self._update_logged(
            finding,
            {
                "UpdateExpression": "SET notified_generation = :g, #s = :notified, gsi1pk = :gsi1pk, "
                "version = version + :one",
                "ConditionExpression": (
                    "generation = :g AND notified_generation < :g AND #s IN (:new, :notified)"
                ),
                "ExpressionAttributeNames": {"#s": "status"},
                "ExpressionAttributeValues": {
                    ":g": finding.generation,
                    ":one": 1,
                    ":new": WorkflowStatus.NEW.value,
                    ":notified": WorkflowStatus.NOTIFIED.value,
                    ":gsi1pk": tables.findings_by_status_pk(WorkflowStatus.NOTIFIED),
                },
            },
            HistoryEntry.of_move(HistoryEvent.NOTIFIED, finding, notified, self._clock()),
            "claim alert",
        )
        return failure is None

    def release_alert(self, finding: Finding) -> None:
        """Undo `claim_alert` after the alert could not be delivered, so that a retry sends it.

        Only while the finding is still in the state the claim wrote (this generation, NOTIFIED):
        a resolve, a mute or a reopen since the claim wins, and the release changes nothing. A
        write that only moved `last_seen` or the counts does not block it (the release touches
        none of those), or the alert it owes would never be sent. The condition is
        `lifecycle.released`'s rule, checked by DynamoDB; the release is logged with it.
        """
        claimed = finding.model_copy(
            update={"status": WorkflowStatus.NOTIFIED, "notified_generation": finding.generation}
        )
        self._update_logged(
            finding,
            {
                "UpdateExpression": "SET notified_generation = :previous, #s = :status, gsi1pk = :gsi1pk, "
                "version = version + :one",
                "ConditionExpression": "generation = :g AND notified_generation = :g AND #s = :notified",
                "ExpressionAttributeNames": {"#s": "status"},
                "ExpressionAttributeValues": {
                    ":previous": finding.notified_generation,
                    ":g": finding.generation,
                    ":one": 1,
                    ":status": finding.status.value,
                    ":notified": WorkflowStatus.NOTIFIED.value,
                    ":gsi1pk": tables.findings_by_status_pk(finding.status),
                },
            },
            HistoryEntry.of_move(HistoryEvent.RELEASED, claimed, finding, self._clock()),
            "release alert",
        )

    def claim_digest(self, account_id: str, run_id: str) -> bool:
        """Mark one account's digest of one run as sent; False if someone already did.

        The marker expires after DIGEST_MARKER_TTL_SECONDS (DynamoDB's TTL removes it).
        """
        pk, sk = tables.run_pk(run_id), tables.digest_marker_sk(account_id)
        try:
            self._table.put_item(
                Item={
                    "pk": pk,
                    "sk": sk,
                    "created_at": self._clock().isoformat(),
                    "expires_at": int(time.time()) + DIGEST_MARKER_TTL_SECONDS,
                },
                ConditionExpression=Attr("pk").not_exists(),
            )
        except ClientError as exc:
            if _is_condition_failure(exc):
                return False
            raise FindingStoreError(f"marker {sk}: cannot write ({_code(exc)})") from exc
        return True

    def release_digest(self, account_id: str, run_id: str) -> None:
        """Undo `claim_digest` so that a retry can claim it again."""
        self._table.delete_item(Key={"pk": tables.run_pk(run_id), "sk": tables.digest_marker_sk(account_id)})

    # -- mute rules -----------------------------------------------------------------------------

    def put_mute_rule(self, rule: MuteRule) -> None:
        """Store a mute rule. Matching findings become SUPPRESSED (kept, never deleted)."""
        self._table.put_item(Item=_mute_to_item(rule))
        self._mute_cache = None

    def mute_rules(self) -> list[MuteRule]:
        """Every stored mute rule, expired and revoked ones included: a rule is evidence (who muted
        what, why, until when), kept `RETENTION` (six years) past its expiry."""
        return [
            _mute_from_item(item) for item in self._query(KeyConditionExpression=Key("pk").eq(tables.MUTE_PK))
        ]

    def mute_rule(self, rule_id: str) -> MuteRule | None:
        """One stored mute rule, or None."""
        item = self._get_item(tables.MUTE_PK, tables.mute_sk(rule_id))
        return _mute_from_item(item) if item else None

    def mute(self, rule: MuteRule) -> list[Finding]:
        """Store `rule` and suppress at once the open findings it matches (`lifecycle.muted`, each
        move logged). Returns the findings it suppressed."""
        self.put_mute_rule(rule)
        if rule.check_id == ANY:
            candidates = [f for status in sorted(OPEN_STATUSES) for f in self.findings_with_status(status)]
        else:
            candidates = self.findings_for_check(rule.check_id)
        suppressed = []
        for candidate in candidates:
            if candidate.status.is_open and rule.matches(candidate, self._clock()):
                moved = self._move(
                    candidate,
                    lambda current, now: (lifecycle.muted(current, rule, now), HistoryEvent.MUTED),
                )
                if moved is not None:
                    suppressed.append(moved)
        return suppressed

    def unmute(self, rule: MuteRule, *, by: str) -> list[Finding]:
        """Revoke `rule` (kept, with who revoked it and when) and reopen the findings it suppressed
        (`lifecycle.unmuted`, each move logged). Returns the findings reopened."""
        revoked = MuteRule.model_validate(
            {**rule.model_dump(), "revoked_at": self._clock(), "revoked_by": by}
        )
        self.put_mute_rule(revoked)
        rules = self.mute_rules()

        def change(current: Finding, at: datetime) -> tuple[Finding | None, HistoryEvent]:
            after = lifecycle.unmuted(current, revoked, rules, at)
            if after is None:
                return None, HistoryEvent.UNMUTED
            finding, reopened = after
            return finding, HistoryEvent.UNMUTED if reopened else HistoryEvent.SUPPRESSED

        reopened = []
        for finding in self.findings_with_status(WorkflowStatus.SUPPRESSED):
            if finding.mute_rule_id == rule.rule_id:
                moved = self._move(finding, change)
                if moved is not None and moved.status is not WorkflowStatus.SUPPRESSED:
                    reopened.append(moved)
        return reopened

    def _matching_mute(self, result: CheckResult, now: datetime) -> MuteRule | None:
        cached = self._mute_cache
        if cached is None or time.monotonic() - cached[0] > MUTE_CACHE_SECONDS:
            cached = (time.monotonic(), self.mute_rules())
            self._mute_cache = cached
        return next((rule for rule in cached[1] if rule.matches(result, now)), None)

    # -- plumbing ---------------------------------------------------------------------------------

    def _write(
        self,
        planned: Finding,
        current: Finding | None,
        occurrence: Occurrence | None = None,
        logged: HistoryEntry | None = None,
    ) -> Finding | None:
        """Put `planned` if the stored item is still `current`; None when another writer won.

        With an `occurrence` or a `logged` history entry, all of them or none are written (one
        transaction); _AlreadyCounted if the occurrence exists.
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
            if occurrence is None and logged is None:
                self._table.put_item(Item=_finding_to_item(written), **condition)
            else:
                finding_put = cast(
                    "PutTypeDef",
                    {"TableName": self._table.name, "Item": _finding_to_item(written), **condition},
                )
                items: list[TransactWriteItemTypeDef] = [{"Put": finding_put}]
                if occurrence is not None:
                    occurrence_put: PutTypeDef = {
                        "TableName": self._table.name,
                        "Item": _occurrence_to_item(planned.account_id, occurrence),
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                    items.append({"Put": occurrence_put})
                if logged is not None:
                    # Tagged with the version written: unique per finding, whatever the clock says.
                    items.append({"Put": self._history_put(logged, f"v{written.version}")})
                self._table.meta.client.transact_write_items(TransactItems=items)
        except ClientError as exc:
            reasons = _cancellation_reasons(exc)
            finding_failure = reasons[0] if reasons else None
            if occurrence is not None and len(reasons) > 1 and reasons[1] == "ConditionalCheckFailed":
                raise _AlreadyCounted from exc
            if _code(exc) in _CONFLICTS or finding_failure in _CONFLICTS:
                return None
            raise FindingStoreError(f"finding {planned.finding_id}: cannot write ({_code(exc)})") from exc
        return written

    def _move(
        self,
        finding: Finding,
        change: Callable[[Finding, datetime], tuple[Finding | None, HistoryEvent]],
    ) -> Finding | None:
        """Apply `change` (the finding as stored, now) -> (the finding after, or None; the event to
        log) to the stored finding, re-reading and retrying on write conflicts as `observe` does.
        The finding written, or None when there was nothing to change."""
        for attempt in range(MAX_WRITE_ATTEMPTS):
            if attempt:
                self._back_off(attempt)
            current = self.get(finding.account_id, finding.finding_id)
            if current is None:
                return None
            now = self._clock()
            planned, event = change(current, now)
            if planned is None:
                return None
            written = self._write(planned, current, logged=HistoryEntry.of_move(event, current, planned, now))
            if written is not None:
                return written
        raise FindingStoreError(
            f"finding {finding.finding_id}: gave up after {MAX_WRITE_ATTEMPTS} write conflicts"
        )

    def _update_logged(
        self, finding: Finding, update: dict[str, Any], logged: HistoryEntry, operation: str
    ) -> str | None:
        """Run one conditional update of `finding`'s item and log `logged` with it, in one
        transaction. None when it was done; the failure code when its condition failed. Retries
        while another transaction holds the item; FindingStoreError for any other failure."""
        tag = f"{logged.event.value}-g{logged.generation}"
        items: list[TransactWriteItemTypeDef] = [
            {"Update": {"TableName": self._table.name, "Key": _finding_key(finding), **update}},  # type: ignore[typeddict-item]
            {"Put": self._history_put(logged, tag)},
        ]
        for attempt in range(MAX_WRITE_ATTEMPTS):
            if attempt:
                self._back_off(attempt)
            try:
                self._table.meta.client.transact_write_items(TransactItems=items)
            except ClientError as exc:
                reasons = _cancellation_reasons(exc)
                failure = reasons[0] if reasons else None
                if failure == "ConditionalCheckFailed":
                    return failure
                if failure in _CONFLICTS or _code(exc) in _CONFLICTS:
                    continue
                raise FindingStoreError(
                    f"finding {finding.finding_id}: cannot {operation} ({_code(exc)})"
                ) from exc
            return None
        raise FindingStoreError(
            f"finding {finding.finding_id}: cannot {operation}: gave up after {MAX_WRITE_ATTEMPTS} conflicts"
        )

    def _history_put(self, logged: HistoryEntry, tag: str) -> PutTypeDef:
        item = logged.model_dump(mode="json", exclude_none=True)
        item.update(
            pk=tables.account_pk(logged.account_id),
            sk=tables.history_sk(logged.finding_id, logged.at, tag),
            type="history",
            expires_at=int((logged.at + RETENTION).timestamp()),
        )
        return {"TableName": self._table.name, "Item": item}

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


def _finding_key(finding: Finding) -> dict[str, str]:
    return {"pk": tables.account_pk(finding.account_id), "sk": tables.finding_sk(finding.finding_id)}


def _finding_to_item(finding: Finding) -> dict[str, Any]:
    item = finding.model_dump(mode="json", exclude_none=True)
    item.update(
        **_finding_key(finding),
        gsi1pk=tables.findings_by_status_pk(finding.status),
        gsi1sk=tables.findings_by_status_sk(finding.severity.rank, finding.last_seen, finding.finding_id),
        gsi2pk=tables.findings_by_check_pk(finding.check_id),
        gsi2sk=tables.findings_by_check_sk(finding.account_id, finding.finding_id),
        type="finding",
    )
    return item


def _occurrence_to_item(account_id: str, occurrence: Occurrence) -> dict[str, Any]:
    return {
        "pk": tables.account_pk(account_id),
        "sk": tables.occurrence_sk(occurrence.channel, occurrence.received_at, occurrence.digest),
        "type": "occurrence",
        **occurrence.attributes,
        "expires_at": int(occurrence.expires_at.timestamp()),
    }


def _seen_from_item(account_id: str, item: dict[str, Any]) -> DeliveriesSeen:
    fields = {name: item[name] for name in DeliveriesSeen.model_fields if name in item}
    plain = {key: (int(value) if isinstance(value, Decimal) else value) for key, value in fields.items()}
    return DeliveriesSeen.model_validate({**plain, "account_id": account_id})


def _finding_from_item(item: dict[str, Any]) -> Finding:
    plain = {key: (int(value) if isinstance(value, Decimal) else value) for key, value in item.items()}
    return Finding.model_validate(plain)


def _cancellation_reasons(exc: ClientError) -> list[str]:
    """Why a transaction was cancelled, per item in order ("None" for an item that was fine); empty
    when `exc` is no cancelled transaction."""
    return [str(reason.get("Code")) for reason in exc.response.get("CancellationReasons", [])]


def _is_condition_failure(exc: ClientError) -> bool:
    return _code(exc) == "ConditionalCheckFailedException"


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", "unknown error"))


def _mute_to_item(rule: MuteRule) -> dict[str, Any]:
    item = rule.model_dump(mode="json")
    # The rule's own expiry is `expires_iso` (matching reads it); `expires_at` is the table's TTL
    # attribute (epoch seconds): a rule is documentation, kept six years after it was last in force.
    item.update(
        pk=tables.MUTE_PK,
        sk=tables.mute_sk(rule.rule_id),
        type="mute_rule",
        expires_iso=item.pop("expires_at"),
        expires_at=int((rule.expires_at + RETENTION).timestamp()),
    )
    return item


def _mute_from_item(item: dict[str, Any]) -> MuteRule:
    fields = {key: item[key] for key in MuteRule.model_fields if key in item and key != "expires_at"}
    return MuteRule(expires_at=item["expires_iso"], **fields)
