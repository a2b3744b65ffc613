"""Mute rules: data, with a reason and an expiry, that suppress matching findings (never delete them)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field, field_validator

from ctm_hipaa.findings.model import CheckResult

ANY = "*"


class MuteRule(BaseModel):
    """Suppress findings of `check_id` on `account_id`/`resource_id` (`*` matches any) until `expires_at`."""

    rule_id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    check_id: str
    account_id: str = ANY
    resource_id: str = ANY
    reason: str = Field(min_length=3)
    expires_at: datetime
    created_by: str
    created_at: datetime

    @field_validator("expires_at", "created_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("must include a timezone")
        return value

    def matches(self, result: CheckResult, now: datetime) -> bool:
        """True while the rule is in force and names this result's check, account and resource."""
        return (
            now < self.expires_at
            and self.check_id in (ANY, result.check_id)
            and self.account_id in (ANY, result.account_id)
            and self.resource_id in (ANY, result.resource_id)
        )

    def to_item(self) -> dict[str, Any]:
        item = self.model_dump(mode="json")
        # expires_at doubles as the table's TTL attribute (epoch seconds) so DynamoDB cleans up.
        item.update(
            pk="MUTE",
            sk=f"MUTE#{self.rule_id}",
            type="mute_rule",
            expires_iso=item.pop("expires_at"),
            expires_at=int(self.expires_at.timestamp()),
        )
        return item

    @classmethod
    def from_item(cls, item: dict[str, Any]) -> MuteRule:
        fields = {key: item[key] for key in cls.model_fields if key in item and key != "expires_at"}
        return cls(expires_at=item["expires_iso"], **fields)
