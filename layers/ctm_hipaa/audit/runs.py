"""Audit runs in the findings table: what a run expected, what each account's audit found.

    a run's META                      expected account ids, started_at, deadline, source, unqueued
                                      ids, the items of CTM's account list left out (PHI-free), the
                                      finished ids (a set), its reports' state
                                      (on gsi1: runs by time)
    one account's record in the run   one account's audit: counts, score, duration, part error
                                      kinds, complete flag, lifecycle counts, PHI-free results
                                      (`pack_results`: zlib-compressed JSON, `results_zlib`)
    (the run's digest markers belong to FindingStore; not read here)

The keys are `ctm_hipaa.tables`'.
Results are stored compressed: remediation, citations and titles repeat per check, so an account's
results shrink about fifteenfold and an account of several thousand users keeps all of them within
DynamoDB's 400 KB item. Past `MAX_RESULTS_BYTES` even compressed, the worst results are kept first
and the record says how many were left out (`results_truncated`, `results_left_out`). Records
written before (`results` as a JSON string) load as they did.
`run_status` compares the two: expected vs finished accounts, the missing ones, totals. The META's
`finished` set lets each audit learn in one write whether its run is done (`finish_account`), and
its reports claim makes one writer of the run's reports (`claim_reports`, `audit.artifacts`).
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger
from boto3.dynamodb.conditions import Key
from boto3.dynamodb.types import Binary
from botocore.exceptions import BotoCoreError, ClientError
from pydantic import BaseModel, ConfigDict, Field

from ctm_hipaa import tables
from ctm_hipaa.findings import CheckResult
from ctm_hipaa.report import Compliance, ResultSummary, combine

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.service_resource import Table

logger = Logger(child=True)

RUN_TTL_DAYS = 400  # a run record outlives a year of audits, then DynamoDB's TTL removes it
# DynamoDB items stop at 400 KB: the compressed results take at most this, the rest of the record
# (counts, ids, kinds) a few KB.
MAX_RESULTS_BYTES = 300_000


class RunStoreError(Exception):
    """The run records could not be read or written; names the operation and the AWS error code."""


class RunMeta(BaseModel):
    """What a run set out to do, and how far it got."""

    model_config = ConfigDict(frozen=True)

    run_id: str
    started_at: datetime
    source: str = "schedule"
    expected: list[str] = Field(default_factory=list)  # account ids, as listed by CTM
    unqueued: list[str] = Field(default_factory=list)  # accounts whose message could not be sent
    # Items of CTM's account list that fit no shape, so were not audited (`ItemProblem.describe`)
    rejected: list[str] = Field(default_factory=list)
    deadline: datetime | None = None  # the run is complete then, finished or not (None: only when done)
    finished: list[str] = Field(default_factory=list)  # accounts with a record (`finish_account`)
    reports_written_at: datetime | None = None
    reports: list[str] = Field(default_factory=list)  # the keys of the run's report objects

    @property
    def all_finished(self) -> bool:
        """Every expected account has finished (the META's view of `RunStatus.done`)."""
        return set(self.expected) <= set(self.finished)


class AccountAuditRecord(BaseModel):
    """One account's audit in one run: PHI-free (ids, counts, kinds, the checks' own sentences)."""

    model_config = ConfigDict(frozen=True)

    run_id: str
    account_id: str
    started_at: datetime
    finished_at: datetime
    duration_ms: int
    complete: bool  # every snapshot part was read
    part_errors: dict[str, str] = Field(default_factory=dict)  # part name -> error kind
    summary: ResultSummary
    requests: int = 0  # HTTP attempts made to CTM for this account
    resolution_allowed: bool = False
    created: int = 0
    reopened: int = 0
    resolved: int = 0
    seen: int = 0
    suppressed: int = 0
    alerts_sent: int = 0
    digest_sent: bool = False
    results: list[CheckResult] = Field(default_factory=list)
    results_truncated: bool = False  # some results were left out of the record (`results_left_out`)

    @property
    def score(self) -> float | None:
        return self.summary.score

    @property
    def results_left_out(self) -> int:
        """How many of the audit's results the record does not hold (0 unless `results_truncated`):
        the summary counts every result of the audit, the record holds the worst that fit."""
        if not self.results_truncated:
            return 0
        return max(sum(self.summary.results.values()) - len(self.results), 0)

    @property
    def error_kinds(self) -> list[str]:
        """The distinct CTM error kinds met while collecting (e.g. `forbidden`)."""
        return sorted(set(self.part_errors.values()))


class RunStatus(BaseModel):
    """Where a run stands: who was expected, who finished, who is missing, and the totals."""

    model_config = ConfigDict(frozen=True)

    run_id: str
    started_at: datetime | None  # None when the run has no META (e.g. a hand-sent message)
    expected: list[str]
    finished: list[str]
    missing: list[str]  # expected but not finished (still queued, failing, or in the DLQ)
    unexpected: list[str]  # finished without being expected
    unqueued: list[str]  # the scheduler could not queue these
    rejected: list[str] = Field(default_factory=list)  # items of CTM's account list not audited
    incomplete: list[str]  # finished, but some CTM part could not be read
    results: dict[str, int]  # results per status over every finished account
    checks: dict[str, int]  # check verdicts per status over every finished account
    created: int
    reopened: int
    resolved: int
    mean_score: float | None  # mean of the finished accounts' scores (those that have one)
    score: float | None = None  # the agency's score: the formula over every finished account's checks
    not_compliant: list[str] = Field(default_factory=list)  # finished accounts judged not compliant

    @property
    def done(self) -> bool:
        """Every expected account has a record."""
        return not self.missing


class RunStore:
    """Reads and writes the run records of the findings table."""

    def __init__(self, table: Table) -> None:
        self._table = table

    # -- writes ----------------------------------------------------------------------------------

    def start_run(self, meta: RunMeta) -> None:
        """Record a run's META item (expected accounts, start time)."""
        started = meta.started_at.isoformat()
        item = {
            "pk": tables.run_pk(meta.run_id),
            "sk": tables.RUN_META_SK,
            "gsi1pk": tables.RUNS_GSI1PK,
            "gsi1sk": tables.runs_by_time_sk(meta.started_at, meta.run_id),
            "type": "run",
            "run_id": meta.run_id,
            "started_at": started,
            "source": meta.source,
            "expected": list(meta.expected),
            "expected_count": len(meta.expected),
            "unqueued": list(meta.unqueued),
            "rejected": list(meta.rejected),
            "expires_at": _expiry(meta.started_at),
        }
        if meta.deadline is not None:
            item["deadline"] = meta.deadline.isoformat()
        self._put(item, "run META")

    def mark_unqueued(self, run_id: str, account_ids: Iterable[str]) -> None:
        """Note on the run's META which accounts the scheduler could not queue."""
        ids = sorted(set(account_ids))
        try:
            self._table.update_item(
                Key={"pk": tables.run_pk(run_id), "sk": tables.RUN_META_SK},
                UpdateExpression="SET unqueued = :ids",
                ExpressionAttributeValues={":ids": ids},
            )
        except (ClientError, BotoCoreError) as exc:
            raise RunStoreError(f"cannot update run META ({_code(exc)})") from exc

    def record_account(self, record: AccountAuditRecord) -> None:
        """Store one account's audit of a run (a retried message overwrites its own record)."""
        data = record.model_dump(mode="json", exclude={"results"})
        packed, left_out = pack_results(record.results)
        if left_out:
            logger.warning(
                "run record leaves results out",
                extra={"run_id": record.run_id, "account_id": record.account_id, "left_out": left_out},
            )
        data["results_truncated"] = record.results_truncated or left_out > 0
        item = _to_dynamo(data)
        item.update(
            results_zlib=Binary(packed),
            pk=tables.run_pk(record.run_id),
            sk=tables.run_account_sk(record.account_id),
            type="run_account",
            expires_at=_expiry(record.started_at),
        )
        self._put(item, "run account record")

    def finish_account(self, run_id: str, account_id: str) -> RunMeta | None:
        """Add `account_id` to the run's finished set (idempotent: a set) and return the META as it
        is now, or None when the run has no META (a hand-sent message: nothing to complete)."""
        try:
            item = self._table.update_item(
                Key={"pk": tables.run_pk(run_id), "sk": tables.RUN_META_SK},
                UpdateExpression="ADD finished :account",
                ConditionExpression="attribute_exists(pk)",
                ExpressionAttributeValues={":account": {account_id}},
                ReturnValues="ALL_NEW",
            )
        except ClientError as exc:
            if _is_condition_failure(exc):
                return None
            raise RunStoreError(f"cannot update run META ({_code(exc)})") from exc
        except BotoCoreError as exc:
            raise RunStoreError(f"cannot update run META ({_code(exc)})") from exc
        return _meta_from_item(item["Attributes"])

    def claim_reports(self, run_id: str, *, now: datetime, until: datetime) -> bool:
        """Become the one writer of the run's reports until `until`; False if they are written, or
        another writer's claim has not expired (a writer that died is replaced after `until`)."""
        try:
            self._table.update_item(
                Key={"pk": tables.run_pk(run_id), "sk": tables.RUN_META_SK},
                UpdateExpression="SET reports_claimed_until = :until",
                ConditionExpression="attribute_exists(pk) AND attribute_not_exists(reports_written_at) "
                "AND (attribute_not_exists(reports_claimed_until) OR reports_claimed_until < :now)",
                ExpressionAttributeValues={":until": int(until.timestamp()), ":now": int(now.timestamp())},
            )
        except ClientError as exc:
            if _is_condition_failure(exc):
                return False
            raise RunStoreError(f"cannot claim the run's reports ({_code(exc)})") from exc
        except BotoCoreError as exc:
            raise RunStoreError(f"cannot claim the run's reports ({_code(exc)})") from exc
        return True

    def reports_written(self, run_id: str, keys: Iterable[str], *, at: datetime) -> None:
        """Mark the run's reports written (no one claims them again) and where they are."""
        try:
            self._table.update_item(
                Key={"pk": tables.run_pk(run_id), "sk": tables.RUN_META_SK},
                UpdateExpression="SET reports_written_at = :at, reports = :keys REMOVE reports_claimed_until",
                ExpressionAttributeValues={":at": at.isoformat(), ":keys": list(keys)},
            )
        except (ClientError, BotoCoreError) as exc:
            raise RunStoreError(f"cannot mark the run's reports written ({_code(exc)})") from exc

    def release_reports(self, run_id: str) -> None:
        """Give up a claim (the write failed), so that the next invocation can try again."""
        try:
            self._table.update_item(
                Key={"pk": tables.run_pk(run_id), "sk": tables.RUN_META_SK},
                UpdateExpression="REMOVE reports_claimed_until",
                ConditionExpression="attribute_not_exists(reports_written_at)",
            )
        except ClientError as exc:
            if not _is_condition_failure(exc):
                raise RunStoreError(f"cannot release the run's reports ({_code(exc)})") from exc
        except BotoCoreError as exc:
            raise RunStoreError(f"cannot release the run's reports ({_code(exc)})") from exc

    # -- reads -----------------------------------------------------------------------------------

    def meta(self, run_id: str) -> RunMeta | None:
        """The run's META, or None."""
        try:
            item = self._table.get_item(
                Key={"pk": tables.run_pk(run_id), "sk": tables.RUN_META_SK}, ConsistentRead=True
            )
        except (ClientError, BotoCoreError) as exc:
            raise RunStoreError(f"cannot read run META ({_code(exc)})") from exc
        found = item.get("Item")
        return _meta_from_item(found) if found else None

    def account_records(self, run_id: str) -> list[AccountAuditRecord]:
        """Every account record of a run, by account id."""
        items = self._query(
            KeyConditionExpression=Key("pk").eq(tables.run_pk(run_id))
            & Key("sk").begins_with(tables.ACCOUNT_SK_PREFIX),
            ConsistentRead=True,
        )
        return [_record_from_item(item) for item in items]

    def recent_runs(self, limit: int = 10) -> list[RunMeta]:
        """The latest runs, newest first (gsi1)."""
        kwargs: dict[str, Any] = {
            "IndexName": "gsi1",
            "KeyConditionExpression": Key("gsi1pk").eq(tables.RUNS_GSI1PK),
            "ScanIndexForward": False,
            "Limit": limit,
        }
        try:
            items = self._table.query(**kwargs).get("Items", [])
        except (ClientError, BotoCoreError) as exc:
            raise RunStoreError(f"cannot list runs ({_code(exc)})") from exc
        return [_meta_from_item(item) for item in items]

    def runs_started(self, since: datetime, until: datetime) -> list[RunMeta]:
        """The runs started at or after `since` and before `until` (UTC times), oldest first: one
        query of gsi1's range, whatever else the table holds."""
        condition = Key("gsi1pk").eq(tables.RUNS_GSI1PK) & Key("gsi1sk").between(
            _utc(since).isoformat(), _utc(until).isoformat()
        )
        metas = [
            _meta_from_item(item) for item in self._query(IndexName="gsi1", KeyConditionExpression=condition)
        ]
        # `between` is inclusive and a key is `<time>#<run_id>`: a run started at `until` sorts after
        # the bare time and is out already; the filter states the contract for any other spelling.
        return [m for m in metas if _utc(since) <= m.started_at < _utc(until)]

    def run_status(self, run_id: str) -> RunStatus:
        """Expected vs finished accounts of a run, the missing ones, and totals."""
        meta = self.meta(run_id)
        records = {record.account_id: record for record in self.account_records(run_id)}
        expected = list(meta.expected) if meta else []
        agency = combine(record.summary for record in records.values())
        scores = [r.summary.score for r in records.values() if r.summary.score is not None]
        return RunStatus(
            run_id=run_id,
            started_at=meta.started_at if meta else None,
            expected=expected,
            finished=sorted(records),
            missing=[a for a in expected if a not in records],
            unexpected=sorted(a for a in records if a not in set(expected)),
            unqueued=list(meta.unqueued) if meta else [],
            rejected=list(meta.rejected) if meta else [],
            incomplete=sorted(a for a, r in records.items() if not r.complete),
            results=agency.results,
            checks=agency.checks,
            created=sum(r.created for r in records.values()),
            reopened=sum(r.reopened for r in records.values()),
            resolved=sum(r.resolved for r in records.values()),
            mean_score=round(sum(scores) / len(scores), 1) if scores else None,
            score=agency.score,
            not_compliant=sorted(
                a for a, r in records.items() if r.summary.compliance is Compliance.NOT_COMPLIANT
            ),
        )

    # -- plumbing --------------------------------------------------------------------------------

    def _put(self, item: dict[str, Any], what: str) -> None:
        try:
            self._table.put_item(Item=item)
        except (ClientError, BotoCoreError) as exc:
            raise RunStoreError(f"cannot write {what} ({_code(exc)})") from exc

    def _query(self, **kwargs: Any) -> Iterator[dict[str, Any]]:
        while True:
            try:
                page = self._table.query(**kwargs)
            except (ClientError, BotoCoreError) as exc:
                raise RunStoreError(f"cannot read run records ({_code(exc)})") from exc
            yield from page.get("Items", [])
            if "LastEvaluatedKey" not in page:
                return
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _meta_from_item(item: Mapping[str, Any]) -> RunMeta:
    data = _from_dynamo(dict(item))
    data["finished"] = sorted(data.get("finished", []))  # a set in DynamoDB
    return RunMeta.model_validate(data)


def pack_results(results: Sequence[CheckResult], limit: int = MAX_RESULTS_BYTES) -> tuple[bytes, int]:
    """The results as a run record stores them: the zlib-compressed JSON list, at most `limit` bytes,
    and how many were left out to stay within it (0 when all fit). Those kept are the worst ones
    (FAIL, ERROR, MANUAL, then PASS, then NOT_APPLICABLE; critical first within a status), in their
    own order."""
    rows = [result.model_dump(mode="json") for result in results]
    packed = _compress(rows)
    if len(packed) <= limit:
        return packed, 0
    worst_first = sorted(range(len(rows)), key=lambda i: (results[i].status.rank, results[i].severity.rank))

    def keeping(count: int) -> bytes:
        return _compress([rows[i] for i in sorted(worst_first[:count])])

    # The most results that fit: compressed size grows with each result kept, so bisect on the count.
    fits, over = 0, len(rows)
    packed = keeping(0)
    while over - fits > 1:
        middle = (fits + over) // 2
        candidate = keeping(middle)
        if len(candidate) <= limit:
            fits, packed = middle, candidate
        else:
            over = middle
    return packed, len(rows) - fits


def unpack_results(packed: bytes) -> list[dict[str, Any]]:
    """The JSON results `pack_results` stored."""
    rows: list[dict[str, Any]] = json.loads(zlib.decompress(packed))
    return rows


def _compress(rows: list[dict[str, Any]]) -> bytes:
    return zlib.compress(json.dumps(rows, separators=(",", ":")).encode())


def _record_from_item(item: Mapping[str, Any]) -> AccountAuditRecord:
    data = _from_dynamo({k: v for k, v in item.items() if k != "results_zlib"})
    packed = item.get("results_zlib")
    if isinstance(packed, Binary):
        # `.value`, the bytes: boto3's stubs lack it (and type `__bytes__` as returning str).
        data["results"] = unpack_results(packed.value)  # type: ignore[attr-defined]
    elif isinstance(data.get("results"), str):  # written before the results were compressed
        data["results"] = json.loads(data["results"])
    return AccountAuditRecord.model_validate(data)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _expiry(started: datetime) -> int:
    return int(started.timestamp()) + RUN_TTL_DAYS * 24 * 3600


def _to_dynamo(data: Any) -> Any:
    """JSON data as DynamoDB takes it: floats as Decimal."""
    return json.loads(json.dumps(data), parse_float=Decimal)


def _from_dynamo(value: Any) -> Any:
    """DynamoDB data back to plain JSON types: whole Decimals as int, others as float."""
    if isinstance(value, dict):
        return {k: _from_dynamo(v) for k, v in value.items()}
    if isinstance(value, list | set | tuple):
        return [_from_dynamo(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _is_condition_failure(exc: ClientError) -> bool:
    return exc.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"


def _code(exc: Exception) -> str:
    if isinstance(exc, ClientError):
        return str(exc.response.get("Error", {}).get("Code", "ClientError"))
    return type(exc).__name__
