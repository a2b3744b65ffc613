"""Mute rules: data, with a reason and an expiry, that suppress matching findings (never delete them)."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field, field_validator

from ctm_hipaa.findings.model import CheckResult, Finding

ANY = "*"
# Workforce text (who muted, why), not PHI; bounded so that a rule stays a small item.
MAX_REASON_CHARS = 500
MAX_BY_CHARS = 100


class MuteRule(BaseModel):
    """Suppress findings of `check_id` on `account_id`/`resource_id` (`*` matches any) until `expires_at`,
    or until it is revoked (`revoked_at`, kept so the rule's record survives its revocation)."""

    rule_id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    check_id: str
    account_id: str = ANY
    resource_id: str = ANY
    reason: str = Field(min_length=3, max_length=MAX_REASON_CHARS)
    expires_at: datetime
    created_by: str = Field(max_length=MAX_BY_CHARS)
    created_at: datetime
    revoked_at: datetime | None = None
    revoked_by: str | None = Field(None, max_length=MAX_BY_CHARS)

    @field_validator("expires_at", "created_at", "revoked_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("must include a timezone")
        return value

    def in_force(self, now: datetime) -> bool:
        """True until the rule expires or is revoked."""
        return self.revoked_at is None and now < self.expires_at

    def matches(self, result: CheckResult | Finding, now: datetime) -> bool:
        """True while the rule is in force and names this result's (or finding's) check, account and
        resource."""
        return (
            self.in_force(now)
            and self.check_id in (ANY, result.check_id)
            and self.account_id in (ANY, result.account_id)
            and self.resource_id in (ANY, result.resource_id)
        )
