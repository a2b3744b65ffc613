"""The attestations in force for one account: values, where they came from, and whether they count.

Checks never read an `AttestationFile` directly: they read `EffectiveAttestations`, where every
setting carries its evidence state. That is where the rules live that decide whether a value is
evidence at all: an account override counts only when the agency allows overrides, and an
attestation older than the maximum age, or without a date, is no evidence.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from ctm_hipaa.attestations.model import (
    OVERRIDABLE_KEYS,
    AccountAttestation,
    AttestationBlock,
    AttestationFile,
    MfaPolicy,
)

# An attestation older than this is no evidence; template.yaml's AttestationMaxAgeDays defaults to it.
DEFAULT_MAX_AGE_DAYS = 90

V = TypeVar("V")


class EvidenceState(StrEnum):
    """Whether an attested value may be used as evidence."""

    VALID = "valid"
    EXPIRED = "expired"  # attested longer ago than the maximum age
    MISSING = "missing"  # not attested, or attested without a date


class Attested(BaseModel, Generic[V]):
    """One setting as attested for one account.

    `reason` is a PHI-free sentence fit for a check's detail; it names the source and date, never
    the person (`attested_by` is kept for reports, not for details).
    """

    model_config = ConfigDict(frozen=True)

    name: str
    value: V | None = None
    state: EvidenceState = EvidenceState.MISSING
    source: Literal["agency", "account"] | None = None
    attested_by: str | None = None
    attested_on: date | None = None
    reason: str = ""
    override_ignored: bool = False

    @property
    def valid(self) -> bool:
        """True when the value is evidence: attested, dated and not older than the maximum age."""
        return self.state is EvidenceState.VALID and self.value is not None

    def evidence(self) -> V | None:
        """The value when it is evidence (`valid`), else None: missing, undated or expired.

        `if (value := attested.evidence()) is None:` lets a type checker narrow `value` to `V`.
        """
        return self.value if self.valid else None


class EffectiveAttestations(BaseModel):
    """Every attested setting for one account, resolved against the agency block."""

    model_config = ConfigDict(frozen=True)

    account_id: str
    max_age_days: int = DEFAULT_MAX_AGE_DAYS
    # Agency security settings (overridable per account where the agency allows it).
    idle_logout_minutes: Attested[int]
    mfa: Attested[MfaPolicy]
    recordings_login_required: Attested[bool]
    recording_link_expiry_days: Attested[int]
    baa_vendor_hosts: Attested[tuple[str, ...]]
    signed_webhook_hosts: Attested[tuple[str, ...]]
    # Per-account facts.
    plan: Attested[str]
    baa_signed_on: Attested[date | bool]
    encrypted_recordings: Attested[bool]
    encrypted_recording_storage: Attested[bool]
    notification_fields: Attested[tuple[str, ...]]
    export_fields: Attested[tuple[str, ...]]
    support_access: Attested[str]

    def path_of(self, attested: Attested[Any]) -> str:
        """Where `attested` is recorded in an attestations file, as the loader's errors name it:
        ``agency.<name>`` for an agency security setting, ``accounts.<id>.<name>`` for a per-account
        fact or for a security setting whose value came from the account (an allowed override)."""
        if attested.name in OVERRIDABLE_KEYS and attested.source != "account":
            return f"agency.{attested.name}"
        return f"accounts.{self.account_id}.{attested.name}"

    @classmethod
    def unattested(cls, account_id: str) -> EffectiveAttestations:
        """Attestations for an audit run without any attestation input: every setting is missing."""
        return effective_for(AttestationFile(), account_id, now=datetime(1970, 1, 1))


def _judge(
    name: str,
    value: object,
    block: AttestationBlock,
    source: Literal["agency", "account"],
    account_id: str,
    today: date,
    max_age_days: int,
    override_ignored: bool = False,
) -> dict[str, object]:
    where = "the agency attestation" if source == "agency" else f"account {account_id}'s attestation"
    base: dict[str, object] = {
        "name": name,
        "value": value,
        "source": source,
        "attested_by": block.attested_by,
        "attested_on": block.attested_on,
        "override_ignored": override_ignored,
    }
    if block.attested_on is None:
        return base | {"state": EvidenceState.MISSING, "reason": f"{where} has no attested_on date"}
    on = block.attested_on.isoformat()
    age = (today - block.attested_on).days
    if age < 0:
        # A date after the audit is a typo or a guess; either way it is not evidence yet.
        return base | {
            "state": EvidenceState.MISSING,
            "reason": f"{where} is dated {on}, after the audit date",
        }
    if age > max_age_days:
        return base | {
            "state": EvidenceState.EXPIRED,
            "reason": f"{where} of {on} is {age} days old, older than the {max_age_days}-day maximum",
        }
    return base | {"state": EvidenceState.VALID, "reason": f"{where} of {on}"}


def effective_for(
    file: AttestationFile,
    account_id: str,
    *,
    now: datetime,
    max_age_days: int = DEFAULT_MAX_AGE_DAYS,
) -> EffectiveAttestations:
    """Resolve the settings in force for `account_id` as of `now`.

    Agency security settings apply to every account; an account's own value replaces the agency's
    only when the agency attests `allow_account_override: true` (otherwise the account value is
    ignored and `override_ignored` is set). Per-account facts come from the account block only.
    Evidence is valid when its block's `attested_on` is at most `max_age_days` days before `now`
    (an attestation exactly `max_age_days` old is still valid).
    """
    account_id = str(account_id)
    today = now.date()
    agency = file.agency
    account = file.accounts.get(account_id)
    allow = agency.allow_account_override
    resolved: dict[str, object] = {}

    for name in OVERRIDABLE_KEYS:
        agency_value = getattr(agency, name)
        account_value = getattr(account, name) if account is not None else None
        if account is not None and account_value is not None and allow:
            resolved[name] = _judge(name, account_value, account, "account", account_id, today, max_age_days)
        elif agency_value is not None:
            ignored = account_value is not None
            resolved[name] = _judge(
                name, agency_value, agency, "agency", account_id, today, max_age_days, ignored
            )
        else:
            ignored = account_value is not None
            reason = f"{name} is not attested for the agency"
            if ignored:
                reason += " (the account's value is ignored: the agency does not allow overrides)"
            resolved[name] = {"name": name, "reason": reason, "override_ignored": ignored}

    for name in AccountAttestation.model_fields:
        if name in OVERRIDABLE_KEYS or name in AttestationBlock.model_fields:
            continue
        value = getattr(account, name) if account is not None else None
        if account is None:
            resolved[name] = {"name": name, "reason": f"account {account_id} has no attestation"}
        elif value is None:
            resolved[name] = {"name": name, "reason": f"{name} is not attested for account {account_id}"}
        else:
            resolved[name] = _judge(name, value, account, "account", account_id, today, max_age_days)

    return EffectiveAttestations.model_validate(
        {"account_id": account_id, "max_age_days": max_age_days, **resolved}
    )
