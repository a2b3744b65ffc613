"""Attestations in the findings table: the current block per scope, plus a history of every record.

The agency's block and each account's block in force (the accounts' also on gsi1), and beside each
every recorded version, with who, when and the evidence note (keys: `ctm_hipaa.tables`).
`history` reads the versions back, one query per scope.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from boto3.dynamodb.conditions import Key
from pydantic import BaseModel, ConfigDict

from ctm_hipaa import tables
from ctm_hipaa.attestations.effective import DEFAULT_MAX_AGE_DAYS, EffectiveAttestations, effective_for
from ctm_hipaa.attestations.loader import parse_attestations
from ctm_hipaa.attestations.model import AccountAttestation, AgencyAttestation, AttestationFile

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.service_resource import Table

CACHE_SECONDS = 300.0


class RecordedAttestation(BaseModel):
    """One recorded version of one scope's block: what it said, who recorded it, when, and the note."""

    model_config = ConfigDict(frozen=True)

    account_id: str | None  # None: the agency's block
    block: AgencyAttestation | AccountAttestation
    recorded_by: str
    recorded_at: datetime
    note: str = ""


class AttestationStore:
    """Reads and records attestations; reads are cached for a few minutes per process."""

    def __init__(
        self,
        table: Table,
        *,
        max_age_days: int = DEFAULT_MAX_AGE_DAYS,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._table = table
        self._max_age_days = max_age_days
        self._clock = clock
        self._cache: tuple[float, AttestationFile] | None = None

    def record(self, attestations: AttestationFile, *, recorded_by: str, note: str) -> int:
        """Make `attestations` the blocks in force and keep them in the history. Returns blocks written."""
        recorded_at = self._clock().isoformat()
        blocks: list[tuple[str | None, BaseModel]] = [(None, attestations.agency)]
        blocks += list(attestations.accounts.items())
        with self._table.batch_writer() as batch:
            for account_id, block in blocks:
                pk = tables.attestation_scope_pk(account_id)
                body = {
                    "block": block.model_dump_json(exclude_none=True),
                    "recorded_by": recorded_by,
                    "recorded_at": recorded_at,
                    "note": note,
                    "type": "attestation",
                }
                current = {"pk": pk, "sk": tables.ATTESTATION_SK, **body}
                if account_id is not None:
                    current.update(gsi1pk=tables.ATTESTATIONS_GSI1PK, gsi1sk=pk)
                batch.put_item(Item=current)
                batch.put_item(Item={"pk": pk, "sk": tables.attestation_history_sk(recorded_at), **body})
        self._cache = None
        return len(blocks)

    def load(self) -> AttestationFile:
        """The attestations in force for the agency and every account (cached)."""
        if self._cache is not None and time.monotonic() - self._cache[0] < CACHE_SECONDS:
            return self._cache[1]
        agency_item = self._table.get_item(Key={"pk": tables.AGENCY_PK, "sk": tables.ATTESTATION_SK}).get(
            "Item"
        )
        raw: dict[str, Any] = {
            "agency": json.loads(str(agency_item["block"])) if agency_item else {},
            "accounts": {},
        }
        kwargs: dict[str, Any] = {
            "IndexName": "gsi1",
            "KeyConditionExpression": Key("gsi1pk").eq(tables.ATTESTATIONS_GSI1PK),
        }
        while True:
            page = self._table.query(**kwargs)
            for item in page.get("Items", []):
                account_id = tables.account_of_pk(str(item["pk"]))
                raw["accounts"][account_id] = json.loads(str(item["block"]))
            if "LastEvaluatedKey" not in page:
                break
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        # Validated like a file, so a bad stored block names its account and field.
        loaded = parse_attestations(raw, source=f"attestations in table {self._table.name}")
        self._cache = (time.monotonic(), loaded)
        return loaded

    def history(self) -> list[RecordedAttestation]:
        """Every recorded version of the agency's block and of each account's block in force, oldest
        first (then the agency's before the accounts'). Reads one partition per scope, the history
        items only. `AttestationError` names a stored version that no longer validates."""
        scopes: list[str | None] = [None, *sorted(self.load().accounts)]
        versions: list[RecordedAttestation] = []
        for account_id in scopes:
            kwargs: dict[str, Any] = {
                "KeyConditionExpression": Key("pk").eq(tables.attestation_scope_pk(account_id))
                & Key("sk").begins_with(tables.attestation_history_sk("")),
            }
            while True:
                page = self._table.query(**kwargs)
                versions += [self._version(account_id, item) for item in page.get("Items", [])]
                if "LastEvaluatedKey" not in page:
                    break
                kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        return sorted(versions, key=lambda v: (v.recorded_at, v.account_id is not None, v.account_id or ""))

    def _version(self, account_id: str | None, item: dict[str, Any]) -> RecordedAttestation:
        block = json.loads(str(item["block"]))
        # Validated like a file, so a bad stored version names its account and field.
        raw = {"agency": block} if account_id is None else {"accounts": {account_id: block}}
        parsed = parse_attestations(raw, source=f"attestation history in table {self._table.name}")
        return RecordedAttestation(
            account_id=account_id,
            block=parsed.agency if account_id is None else parsed.accounts[account_id],
            recorded_by=str(item.get("recorded_by", "")),
            recorded_at=datetime.fromisoformat(str(item["recorded_at"])),
            note=str(item.get("note", "")),
        )

    def effective(self, account_id: str) -> EffectiveAttestations:
        """The settings in force for one account now, with their evidence state."""
        return effective_for(self.load(), account_id, now=self._clock(), max_age_days=self._max_age_days)

    def recordings_login_required(self, account_id: str) -> bool:
        """True only when a valid attestation says playing recordings needs a CTM login."""
        attested = self.effective(account_id).recordings_login_required
        return attested.valid and attested.value is True
