"""Relay destinations in the findings table: those in force, and every recorded version.

`record` makes a destinations file the configuration, in one transaction (whole or not at all, so
at most 50 changes a file): new and changed destinations are written, those the file no longer
names are removed, and each of these moves is kept as a version with who recorded it, when and the
note (as attestations keep theirs; keys: `ctm_hipaa.tables`). A destination the file repeats
unchanged gets no new version. Only configuration is stored: names,
URLs, account ids, the policy and the secret's name or ARN, never a secret.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from boto3.dynamodb.conditions import Key
from pydantic import BaseModel, ConfigDict

from ctm_hipaa import tables
from ctm_hipaa.relay.errors import RelayConfigError
from ctm_hipaa.relay.loader import parse_destinations
from ctm_hipaa.relay.model import Destination, DestinationsFile

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.service_resource import Table

ITEM_TYPE = "relay_destination"
MAX_WRITES = 100  # DynamoDB's limit on one transaction: two writes per destination change


class RecordedDestination(BaseModel):
    """One recorded version of a destination: what it was (None: removed), who, when, the note."""

    model_config = ConfigDict(frozen=True)

    name: str
    destination: Destination | None
    policy_version: str | None
    recorded_by: str
    recorded_at: datetime
    note: str = ""


@dataclass(frozen=True)
class RecordSummary:
    """What `record` changed, by destination name."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


def _stored(destination: Destination) -> str:
    return json.dumps(destination.as_document(), sort_keys=True, separators=(",", ":"))


class DestinationStore:
    """Reads and records the relay's destinations in the findings table."""

    def __init__(self, table: Table, *, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._table = table
        self._clock = clock

    def record(self, destinations: DestinationsFile, *, recorded_by: str, note: str = "") -> RecordSummary:
        """Make `destinations` the destinations in force, keeping each change in the history."""
        current = {d.name: _stored(d) for d in self.load().destinations.values()}
        wanted = {name: _stored(d) for name, d in destinations.destinations.items()}
        recorded_at = self._clock().isoformat()
        meta = {"recorded_by": recorded_by, "recorded_at": recorded_at, "note": note, "type": ITEM_TYPE}
        added = sorted(set(wanted) - set(current))
        changed = sorted(n for n in set(wanted) & set(current) if wanted[n] != current[n])
        removed = sorted(set(current) - set(wanted))
        writes: list[dict[str, Any]] = []
        for name in [*added, *changed]:
            body = {
                **meta,
                "name": name,
                "destination": wanted[name],
                "policy_version": destinations.destinations[name].effective_policy.version,
            }
            writes.append(self._put({"pk": tables.RELAY_PK, "sk": tables.relay_destination_sk(name), **body}))
            writes.append(
                self._put({"pk": tables.RELAY_PK, "sk": tables.relay_version_sk(recorded_at, name), **body})
            )
        for name in removed:
            key = {"pk": tables.RELAY_PK, "sk": tables.relay_destination_sk(name)}
            writes.append({"Delete": {"TableName": self._table.name, "Key": key}})
            removal = {"pk": tables.RELAY_PK, "sk": tables.relay_version_sk(recorded_at, name), **meta}
            writes.append(self._put({**removal, "name": name, "removed": True}))
        if len(writes) > MAX_WRITES:
            problem = (
                f"{len(writes) // 2} destination changes at once; record at most {MAX_WRITES // 2} per file"
            )
            raise RelayConfigError("the destinations file", [problem])
        if writes:  # one transaction: a configuration is recorded whole or not at all
            self._table.meta.client.transact_write_items(TransactItems=writes)  # type: ignore[arg-type]
        unchanged = sorted(set(wanted) & set(current) - set(changed))
        return RecordSummary(tuple(added), tuple(changed), tuple(unchanged), tuple(removed))

    def _put(self, item: dict[str, Any]) -> dict[str, Any]:
        # the resource's client takes Python values, as Table.put_item does
        return {"Put": {"TableName": self._table.name, "Item": item}}

    def load(self) -> DestinationsFile:
        """The destinations in force. `RelayConfigError` names a stored one that no longer validates."""
        raw = {
            str(item["name"]): json.loads(str(item["destination"]))
            for item in self._items(tables.RELAY_DESTINATION_SK_PREFIX)
        }
        for block in raw.values():
            block.pop("name", None)  # the key names it, as in a file
        return parse_destinations(
            {"destinations": raw}, source=f"relay destinations in table {self._table.name}"
        )

    def history(self) -> list[RecordedDestination]:
        """Every recorded version of every destination, removals included, oldest first (then by name)."""
        versions = []
        for item in self._items(tables.RELAY_VERSION_SK_PREFIX):
            name = str(item["name"])
            destination = None
            if not item.get("removed"):
                block = json.loads(str(item["destination"]))
                block.pop("name", None)
                parsed = parse_destinations(
                    {"destinations": {name: block}},
                    source=f"relay destination history in table {self._table.name}",
                )
                destination = parsed.destinations[name]
            versions.append(
                RecordedDestination(
                    name=name,
                    destination=destination,
                    policy_version=str(item["policy_version"]) if "policy_version" in item else None,
                    recorded_by=str(item.get("recorded_by", "")),
                    recorded_at=datetime.fromisoformat(str(item["recorded_at"])),
                    note=str(item.get("note", "")),
                )
            )
        return sorted(versions, key=lambda v: (v.recorded_at, v.name))

    def _items(self, prefix: str) -> list[dict[str, Any]]:
        kwargs: dict[str, Any] = {
            "KeyConditionExpression": Key("pk").eq(tables.RELAY_PK) & Key("sk").begins_with(prefix)
        }
        items: list[dict[str, Any]] = []
        while True:
            page = self._table.query(**kwargs)
            items += page.get("Items", [])
            if "LastEvaluatedKey" not in page:
                return items
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
