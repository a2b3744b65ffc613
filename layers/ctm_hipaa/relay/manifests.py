"""The manifest of each forwarded delivery, kept in the findings table for MANIFEST_TTL.

A manifest is the policy engine's PHI-free account of a body (destination, policy and version,
fields kept, dropped and transformed, categories removed, counts), stored as it came, beside the
delivery id, the account id, the receiver's HTTP status and when it was forwarded.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from boto3.dynamodb.conditions import Key

from ctm_hipaa import tables

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.service_resource import Table

MANIFEST_TTL = timedelta(days=90)


@dataclass(frozen=True)
class ForwardedManifest:
    """One stored manifest."""

    destination: str
    delivery_id: str
    account_id: str
    status: int
    forwarded_at: str
    manifest: Mapping[str, Any]


class ManifestStore:
    """Manifests under `tables.relay_manifest_pk(destination)`, by time, each expiring (TTL)."""

    def __init__(self, table: Table, *, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._table = table
        self._clock = clock

    def put(
        self, *, destination: str, delivery_id: str, account_id: str, status: int, manifest: Mapping[str, Any]
    ) -> None:
        """Store one forwarded delivery's manifest (a JSON document, as the policy engine made it)."""
        at = self._clock()
        self._table.put_item(
            Item={
                "pk": tables.relay_manifest_pk(destination),
                "sk": tables.relay_manifest_sk(at, delivery_id),
                "destination": destination,
                "delivery_id": delivery_id,
                "account_id": account_id,
                "status": status,
                "forwarded_at": at.isoformat(),
                "manifest": json.dumps(manifest, sort_keys=True),
                "expires_at": int((at + MANIFEST_TTL).timestamp()),
            }
        )

    def recent(self, destination: str, *, limit: int = 100) -> list[ForwardedManifest]:
        """The latest `limit` manifests of `destination`, newest first."""
        items = self._table.query(
            KeyConditionExpression=Key("pk").eq(tables.relay_manifest_pk(destination)),
            ScanIndexForward=False,
            Limit=limit,
            ConsistentRead=True,
        ).get("Items", [])
        return [
            ForwardedManifest(
                destination=str(item["destination"]),
                delivery_id=str(item["delivery_id"]),
                account_id=str(item["account_id"]),
                status=int(str(item["status"])),
                forwarded_at=str(item["forwarded_at"]),
                manifest=json.loads(str(item["manifest"])),
            )
            for item in items
        ]
