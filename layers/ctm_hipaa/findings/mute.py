"""Mute rules: data, with a reason and an expiry, that suppress matching findings (never delete them)."""

from __future__ import annotations

import uuid
from datetime import datetime

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
