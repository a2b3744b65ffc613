"""Attestations: what a person read off the CTM UI, with who and when (docs/attestations.md).

These are plain data models. Whoever stores attestations (a YAML/JSON file today, DynamoDB later)
builds them through `parse_attestations`, so every source is validated the same way.

Much of CTM's HIPAA checklist is UI-only (idle logout, MFA policy, recording encryption, exports,
plan), so these models are the only evidence for those controls. Unknown keys are rejected rather
than kept: a misspelt setting silently ignored would turn into a MANUAL result nobody understands.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ctm_hipaa.attestations.suggest import matching, refusal

# CTM prompts for a second factor "at every login or every 30 days" (ctm-api.md 2.3). Other
# periods are accepted so an attestation can record what the UI really shows, which may fail.
_INTERVAL = re.compile(r"^(every_login|never|[1-9][0-9]*_days)$")
_INTERVALS = ("every_login", "30_days", "never")
MFA_INTERVAL_HELP = "must be one of every_login, 30_days (or never, N_days)"


class CtmPlan(StrEnum):
    """CTM's plans, as an attestation names them (case, spaces and a trailing "plan" aside).

    The four CTM names for HIPAA use (ctm-api.md 5), the plans CTM sells webhooks on (ctm-api.md
    2.5), and `Other` for a plan none of these is: a misspelt plan is refused, not judged."""

    CONTACT_CENTER = "Contact Center"
    MARKETING = "Marketing"
    ADVANCED = "Advanced"
    ENTERPRISE = "Enterprise"
    MARKETING_PRO = "Marketing Pro"
    SALES_ENGAGE = "Sales Engage"
    PERFORMANCE = "Performance"
    GROWTH = "Growth"
    CONNECT = "Connect"
    OTHER = "Other"


PLAN_HELP = f"must be a CTM plan: {', '.join(CtmPlan)}"

# Support Access windows run "from 1 hour up to indefinite" (ctm-api.md 2.3). Nine digits at
# most: any window is far shorter, and the count must stay cheap to convert.
_SUPPORT_WINDOW = re.compile(r"^(?P<count>[1-9][0-9]{0,8})_(?P<unit>hour|day|week)s?$")
_WINDOW_UNIT_HOURS = {"hour": 1, "day": 24, "week": 7 * 24}


class SupportAccess(StrEnum):
    """The fixed values of `support_access`; any other valid value is a window such as `24_hours`."""

    OFF = "off"
    INDEFINITE = "indefinite"


SUPPORT_ACCESS_HELP = f"must be {', '.join(SupportAccess)} or a window such as 1_hour, 24_hours, 7_days"


def support_window_hours(value: str) -> int | None:
    """The length in hours of a Support Access window such as `24_hours` or `2_weeks`; None for
    `off`, `indefinite` or any text that is not a window."""
    match = _SUPPORT_WINDOW.match(value)
    if match is None:
        return None
    return int(match["count"]) * _WINDOW_UNIT_HOURS[match["unit"]]


DATE_HELP = "must be a date (YYYY-MM-DD)"
# The year, month and day at the start of a text written like a date; all a message may repeat of it.
_DATE_SHAPE = re.compile(r"^(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})(?![0-9])")


@dataclass(frozen=True)
class UnbuiltDate:
    """A YAML timestamp that names no real day (`2026-02-30`), kept as written so that the field it
    is given to explains it (`_as_date`); any other field refuses it as the wrong type."""

    text: str

    def __str__(self) -> str:
        return self.text


def calendar_problem(text: str) -> str | None:
    """Why `text`, written like a date (YYYY-MM-DD...), is no day of the calendar, e.g.
    ``2026-02-30 is not a calendar date (February 2026 has 28 days)``; None when its date part is one
    or it is not written like a date. Only the digits of the date are repeated: a date is not PHI,
    other text may be."""
    match = _DATE_SHAPE.match(text)
    if match is None:
        return None
    year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
    if year < 1:
        why = "there is no year 0"
    elif not 1 <= month <= 12:
        why = f"there is no month {month}"
    elif not 1 <= day <= (last := calendar.monthrange(year, month)[1]):
        why = f"{calendar.month_name[month]} {year} has {last} days"
    else:
        return None
    return f"{match[0]} is not a calendar date ({why})"


def _as_date(value: Any) -> Any:
    """Accept a date, a datetime (its UTC date) or ISO text; leave anything else to pydantic."""
    if isinstance(value, datetime):
        return (value.astimezone(UTC) if value.tzinfo else value).date()
    if isinstance(value, UnbuiltDate):
        value = value.text
    if isinstance(value, str):
        text = value.strip()
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError as exc:
            raise ValueError(calendar_problem(text) or DATE_HELP) from exc
        return (parsed.astimezone(UTC) if parsed.tzinfo else parsed).date()
    return value


def _field_names(value: Any) -> Any:
    """Field lists: one text entry per CTM call field; a single name is accepted as a list of one."""
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list | tuple):
        if not all(isinstance(v, str) for v in value):
            raise ValueError("must be a list of call field names")
        return tuple(v.strip() for v in value if v.strip())
    return value


class AttestationBlock(BaseModel):
    """What every attestation block shares: who recorded it and when."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    attested_by: str | None = Field(
        default=None,
        description="Who read the settings off the CTM screens (shown in reports, not in details).",
    )
    attested_on: date | None = Field(
        default=None,
        description="The day they were read; without it, or older than the maximum age, the block is "
        "no evidence.",
    )

    @field_validator("attested_on", mode="before")
    @classmethod
    def _attested_on(cls, value: Any) -> Any:
        return _as_date(value)

    @field_validator("attested_by", mode="before")
    @classmethod
    def _attested_by(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value


class MfaPolicy(BaseModel):
    """Settings -> Parent Settings -> Security -> Multi-Factor Authentication."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    required: bool | None = Field(default=None, description="Whether CTM requires a second factor.")
    interval: str | None = Field(
        default=None,
        description="How often CTM asks for it: every_login, 30_days (the two CTM offers), never or N_days.",
    )
    email_allowed: bool | None = Field(
        default=None, description="Whether email is accepted as the second factor."
    )

    @field_validator("interval", mode="before")
    @classmethod
    def _interval(cls, value: Any) -> Any:
        if value is None:
            return None
        text = str(value).strip().lower().replace("-", "_").replace(" ", "_")
        if not _INTERVAL.match(text):
            raise ValueError(refusal(MFA_INTERVAL_HELP, text, _INTERVALS))
        return text


class SecuritySettings(AttestationBlock):
    """The agency security settings an account may override (when the agency allows it)."""

    # Strict: in lax mode `true` would pass as 1 minute.
    idle_logout_minutes: int | None = Field(
        default=None, ge=0, strict=True, description="Minutes idle before CTM logs a user out (0: never)."
    )
    mfa: MfaPolicy | None = Field(
        default=None, description="Settings -> Parent Settings -> Security -> Multi-Factor Authentication."
    )
    recordings_login_required: bool | None = Field(
        default=None, description="Whether playing a recording needs a CTM login."
    )
    recording_link_expiry_days: int | None = Field(
        default=None, ge=0, strict=True, description="Days before a shared recording link expires (0: never)."
    )
    baa_vendor_hosts: tuple[str, ...] | None = Field(
        default=None,
        description="Hosts of vendors under a BAA, which webhooks and notifications may reach; "
        "a listed host also covers its subdomains.",
    )
    signed_webhook_hosts: tuple[str, ...] | None = Field(
        default=None,
        description="Hosts whose receivers verify CTM's X-CTM-Signature (the API cannot show it).",
    )

    @field_validator("baa_vendor_hosts", "signed_webhook_hosts", mode="before")
    @classmethod
    def _hosts(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list | tuple):
            if not all(isinstance(v, str) for v in value):
                raise ValueError("must be a list of host names")
            return tuple(v.strip().lower().rstrip(".") for v in value if v.strip())
        return value


class AgencyAttestation(SecuritySettings):
    """`agency:` block: agency-wide security settings (Settings -> Parent Settings -> Security)."""

    allow_account_override: bool = Field(
        default=False, description="Whether an account's own security settings replace the agency's."
    )


OVERRIDABLE_KEYS: tuple[str, ...] = tuple(
    name for name in SecuritySettings.model_fields if name not in AttestationBlock.model_fields
)


class AccountAttestation(SecuritySettings):
    """`accounts.<id>:` block: per-account facts, plus overrides of the agency security settings."""

    plan: CtmPlan | None = Field(
        default=None,
        description="The account's CTM plan (Settings -> Account Settings -> Billing / Plan); "
        "a trailing 'plan', case and separators are ignored.",
    )
    baa_signed_on: date | bool | None = Field(
        default=None, description="The day CTM's BAA was signed, or false to attest that none is."
    )
    encrypted_recordings: bool | None = Field(default=None, description="Whether recordings are encrypted.")
    encrypted_recording_storage: bool | None = Field(
        default=None, description="Whether the recording storage is encrypted."
    )
    notification_fields: tuple[str, ...] | None = Field(
        default=None, description="The call fields CTM's email notifications carry."
    )
    export_fields: tuple[str, ...] | None = Field(
        default=None, description="The call fields scheduled exports and reports carry."
    )
    support_access: str | None = Field(
        default=None,
        description="CTM Support Access: off, indefinite, or a window such as 1_hour, 24_hours, 7_days.",
    )

    @field_validator("baa_signed_on", mode="before")
    @classmethod
    def _baa(cls, value: Any) -> Any:
        if value is True:
            raise ValueError("must be the date the BAA was signed (YYYY-MM-DD), or false for none")
        if value is False or value is None:
            return value
        return _as_date(value)

    @field_validator("notification_fields", "export_fields", mode="before")
    @classmethod
    def _fields(cls, value: Any) -> Any:
        return _field_names(value)

    @field_validator("plan", mode="before")
    @classmethod
    def _plan(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        if not isinstance(value, str):
            return value  # pydantic refuses it as the wrong type
        words = value.split()
        named = " ".join(words[:-1] if len(words) > 1 and words[-1].lower() == "plan" else words)
        plan = matching(named, CtmPlan)
        if plan is None:
            raise ValueError(refusal(PLAN_HELP, named, CtmPlan))
        return plan

    @field_validator("support_access", mode="before")
    @classmethod
    def _support_access(cls, value: Any) -> Any:
        # YAML 1.1 reads a bare `off` as false: that is what the person meant.
        if value is False:
            return SupportAccess.OFF.value
        if value is None:
            return None
        text = str(value).strip().lower().replace(" ", "_").replace("-", "_")
        if value is True or (text not in set(SupportAccess) and not _SUPPORT_WINDOW.match(text)):
            raise ValueError(
                refusal(SUPPORT_ACCESS_HELP, text, [*SupportAccess, "1_hour", "24_hours", "7_days"])
            )
        return text


class AttestationFile(BaseModel):
    """A whole attestation document: the agency block and one block per CTM account id."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    agency: AgencyAttestation = Field(
        default_factory=AgencyAttestation,
        description="Agency-wide security settings (Settings -> Parent Settings -> Security).",
    )
    accounts: dict[str, AccountAttestation] = Field(
        default_factory=dict, description="One block per CTM account id: its facts and overrides."
    )

    @field_validator("accounts", mode="before")
    @classmethod
    def _account_ids_as_text(cls, value: Any) -> Any:
        # YAML reads `1002:` as an int; CTM ids are kept as text everywhere else.
        if isinstance(value, dict):
            ids = {str(k).strip(): v for k, v in value.items()}
            if len(ids) != len(value):
                # `1002:` and `"1002":` are one CTM account: keeping either would hide the other.
                raise ValueError("an account id appears twice")
            return ids
        return value
